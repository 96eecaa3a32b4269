import type { Role, Group } from '$lib/domain/vocabulary';
import { whyNotAttempt, why, type Action, type Actor, type ContextArgs } from '$lib/domain/permissions';
import { forbidden, unauthorized } from '../errors';

export type { Action };

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	roles: Role[];
	groups: Group[];
}

/** Who is calling: a person (browser session or bearer token) or a wall display. */
export type Principal = { kind: 'user'; user: SessionUser; credentialId: string; via: 'session' | 'bearer' } | { kind: 'display'; credentialId: string; label: string };

/** The caller as the permission rules see it (src/lib/domain/permissions.ts). */
export function actorOf(principal: Principal | null | undefined): Actor {
	if (!principal) return null;
	return principal.kind === 'user' ? principal.user : principal;
}

/**
 * The route's role gate: 401 when nobody is signed in, 403 when the caller's roles may not attempt
 * the action at all. The object rule, if the action has one, is the service's to check (`authorize`).
 */
export function requirePermission(principal: Principal | null | undefined, action: Action): Principal {
	if (!principal) throw unauthorized();
	const refused = whyNotAttempt(actorOf(principal), action);
	if (refused) throw forbidden(refused.en);
	return principal;
}

export function requireUser(principal: Principal | null | undefined, action: Action): Extract<Principal, { kind: 'user' }> {
	const p = requirePermission(principal, action);
	if (p.kind !== 'user') throw forbidden('Display access is read-only');
	return p;
}

/** The whole rule, role and object: 403 with the rule's reason when the actor may not. */
export function authorize<A extends Action>(actor: SessionUser, action: A, ...context: ContextArgs<A>): void {
	const reason = why(actor, action, ...context);
	if (reason) throw forbidden(reason.en);
}
