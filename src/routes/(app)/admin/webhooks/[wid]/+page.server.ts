import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/principal';
import { webhookActions } from '../actions';
import { guarded, guardedActions } from '$lib/server/pages';

export const load = guarded(async ({ locals, params }) => {
	requireUser(locals.principal, 'manage_webhooks');
	const { webhooks } = locals.app;
	return { webhook: await webhooks.get(params.wid), deliveries: await webhooks.deliveries(params.wid, { limit: 100 }) };
}) satisfies PageServerLoad;

export const actions = guardedActions(webhookActions) satisfies Actions;
