import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requirePermission, requireUser } from '$lib/server/auth/principal';
import { ResourcePatchRequest } from '$lib/api/schemas';

export const GET: RequestHandler = api(async ({ locals, params }) => {
	requirePermission(locals.principal, 'read');
	return json(await locals.app.resources.get(params.rid));
});

/** Edits name, model, threshold… against `version` (409 on a stale one). Stock moves only through /adjust and measures. */
export const PATCH: RequestHandler = api(async ({ request, locals, params }) => {
	requireUser(locals.principal, 'manage_resources');
	return json(await locals.app.resources.patch(params.rid, await readJson(request, ResourcePatchRequest)));
});
