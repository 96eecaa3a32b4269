import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/principal';
import { guarded } from '$lib/server/pages';
import { can } from '$lib/domain/permissions';

/** Tools and resources (工具与资源): everyone signed in reads; admins edit; leads adjust stock. */
export const load = guarded(async ({ locals }) => {
	const p = requireUser(locals.principal, 'read');
	const [resources, contacts, policies] = await Promise.all([locals.app.resources.list({}), locals.app.resources.listContacts(), locals.app.resources.listPolicies({})]);
	return { resources, contacts, policies, canAdmin: can(p.user, 'manage_resources'), canAdjust: can(p.user, 'adjust_stock') };
}) satisfies PageServerLoad;
