import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/principal';
import { webhookActions } from '../actions';

export const load: PageServerLoad = async ({ locals, params }) => {
	requireUser(locals.principal, 'manage_webhooks');
	const { webhooks } = locals.app;
	return { webhook: await webhooks.get(params.wid), deliveries: await webhooks.deliveries(params.wid, { limit: 100 }) };
};

export const actions: Actions = webhookActions;
