import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { IntegrationTokenRequest } from '$lib/api/schemas';

/** Integration tokens (admin): list with when each was last used. */
export const GET: RequestHandler = api(async ({ locals }) => {
	requireUser(locals.principal, 'manage_users');
	return json({ items: await locals.app.accounts.listIntegrationTokens() });
});

/** Creates a named token acting with a role; the secret is shown once, in this answer. */
export const POST: RequestHandler = api(async ({ request, locals }) => {
	const p = requireUser(locals.principal, 'manage_users');
	const input = await readJson(request, IntegrationTokenRequest);
	await locals.app.limits.token(`admin:${p.user.id}`);
	return json(await locals.app.accounts.createIntegrationToken(input, p.user.id), { status: 201 });
});
