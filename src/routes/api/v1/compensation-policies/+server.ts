import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson, readQuery } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { PoliciesQuery, PolicyRequest } from '$lib/api/schemas';

/** The compensation policy (补偿政策): standard offers per category and measure. */
export const GET: RequestHandler = api(async ({ url, locals }) => {
	requireUser(locals.principal, 'read');
	return json({ items: await locals.app.resources.listPolicies(readQuery(url, PoliciesQuery)) });
});

export const POST: RequestHandler = api(async ({ request, locals }) => {
	requireUser(locals.principal, 'manage_resources');
	return json(await locals.app.resources.createPolicy(await readJson(request, PolicyRequest)), { status: 201 });
});
