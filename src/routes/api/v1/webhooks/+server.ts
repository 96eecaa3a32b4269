import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { CreateWebhookRequest } from '$lib/api/schemas';
import { requireUser } from '$lib/server/auth/principal';

export const GET = api(async ({ locals }) => {
	requireUser(locals.principal, 'manage_webhooks');
	return json({ items: await locals.app.webhooks.list() });
});

export const POST = api(async ({ request, locals }) => {
	const p = requireUser(locals.principal, 'manage_webhooks');
	return json(await locals.app.webhooks.create(p.user, await readJson(request, CreateWebhookRequest)), { status: 201 });
});
