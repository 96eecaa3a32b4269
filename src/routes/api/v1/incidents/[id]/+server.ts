import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { PatchIncidentRequest } from '$lib/api/schemas';
import { requirePermission, requireUser } from '$lib/server/auth/principal';

export const GET: RequestHandler = api(async ({ locals, params }) => {
	requirePermission(locals.principal, 'read');
	return json(await locals.app.incidents.get(params.id, locals.lang));
});

export const PATCH: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'update');
	const body = await readJson(request, PatchIncidentRequest);
	return json(await locals.app.incidents.patch(p.user, params.id, body, locals.lang));
});
