import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readQuery } from '$lib/server/http';
import { WebhookDeliveriesQuery } from '$lib/api/schemas';
import { requireUser } from '$lib/server/auth/principal';

/** `?status=&limit=&offset=` → one page of deliveries, newest first, with `total`. */
export const GET: RequestHandler = api(async ({ locals, params, url }) => {
	requireUser(locals.principal, 'manage_webhooks');
	return json(await locals.app.webhooks.deliveries(params.wid, readQuery(url, WebhookDeliveriesQuery)));
});
