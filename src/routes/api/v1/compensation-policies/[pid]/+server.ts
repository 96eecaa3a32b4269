import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { PolicyPatchRequest } from '$lib/api/schemas';

export const PATCH: RequestHandler = api(async ({ request, locals, params }) => {
	requireUser(locals.principal, 'manage_resources');
	return json(await locals.app.resources.patchPolicy(params.pid, await readJson(request, PolicyPatchRequest)));
});
