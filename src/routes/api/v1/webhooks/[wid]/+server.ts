import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { PatchWebhookRequest } from '$lib/api/schemas';
import { requireUser } from '$lib/server/auth/principal';

export const GET: RequestHandler = api(async ({ locals, params }) => {
	requireUser(locals.principal, 'manage_webhooks');
	return json(await locals.app.webhooks.get(params.wid));
});

export const PATCH: RequestHandler = api(async ({ request, locals, params }) => {
	requireUser(locals.principal, 'manage_webhooks');
	return json(await locals.app.webhooks.patch(params.wid, await readJson(request, PatchWebhookRequest)));
});

export const DELETE: RequestHandler = api(async ({ locals, params }) => {
	requireUser(locals.principal, 'manage_webhooks');
	await locals.app.webhooks.remove(params.wid);
	return new Response(null, { status: 204 });
});
