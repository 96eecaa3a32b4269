import type { Role, Group } from '$lib/api/schemas';
import { forbidden, unauthorized } from '../errors';

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	roles: Role[];
	groups: Group[];
}

/** Who is calling: a person (browser session or bearer token) or a wall display. */
export type Principal = { kind: 'user'; user: SessionUser; credentialId: string; via: 'session' | 'bearer' } | { kind: 'display'; credentialId: string; label: string };

export type Action = 'read' | 'declare' | 'update' | 'set_level' | 'set_phase' | 'manage_users' | 'create_display_token' | 'read_personal_data' | 'manage_resources' | 'manage_webhooks';

const ALLOWED: Record<Action, Role[]> = {
	read: ['admin', 'lead', 'responder', 'viewer'],
	declare: ['admin', 'lead'],
	update: ['admin', 'lead', 'responder'],
	set_level: ['admin', 'lead'],
	set_phase: ['admin', 'lead'],
	manage_users: ['admin'],
	create_display_token: ['admin', 'lead'],
	read_personal_data: ['admin', 'lead'],
	manage_resources: ['admin'],
	manage_webhooks: ['admin']
};

/** The roles that pass an action's role check (integration tokens act with their one role). */
export function rolesFor(action: Action): Role[] {
	return [...ALLOWED[action]];
}

export function can(principal: Principal | null | undefined, action: Action): boolean {
	if (!principal) return false;
	if (principal.kind === 'display') return action === 'read';
	return principal.user.roles.some((r) => ALLOWED[action].includes(r));
}

/** Throws 401 when nobody is signed in, 403 when the caller's roles do not allow the action. */
export function requirePermission(principal: Principal | null | undefined, action: Action): Principal {
	if (!principal) throw unauthorized();
	if (!can(principal, action)) throw forbidden(`Your role does not allow: ${action.replace(/_/g, ' ')}`);
	return principal;
}

export function requireUser(principal: Principal | null | undefined, action: Action): Extract<Principal, { kind: 'user' }> {
	const p = requirePermission(principal, action);
	if (p.kind !== 'user') throw forbidden('Display access is read-only');
	return p;
}
