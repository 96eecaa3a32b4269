import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { actorOf } from '$lib/server/auth/principal';
import { can } from '$lib/domain/permissions';

export const load: LayoutServerLoad = ({ locals, url }) => {
	if (locals.principal?.kind !== 'user') redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	const me = actorOf(locals.principal);
	return { canManageUsers: can(me, 'manage_users'), canManageWebhooks: can(me, 'manage_webhooks') };
};
