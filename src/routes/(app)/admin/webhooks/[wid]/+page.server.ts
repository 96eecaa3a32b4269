import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/principal';
import { readQuery } from '$lib/server/http';
import { WebhookDeliveriesQuery } from '$lib/api/schemas';
import { webhookActions } from '../actions';
import { guarded, guardedActions } from '$lib/server/pages';

/** The API's own query (`?status=&offset=`), 50 deliveries a page. */
export const load = guarded(async ({ locals, params, url }) => {
	requireUser(locals.principal, 'manage_webhooks');
	const { webhooks } = locals.app;
	const query = readQuery(url, WebhookDeliveriesQuery);
	return { webhook: await webhooks.get(params.wid), deliveries: await webhooks.deliveries(params.wid, query), status: query.status ?? '' };
}) satisfies PageServerLoad;

export const actions = guardedActions(webhookActions) satisfies Actions;
