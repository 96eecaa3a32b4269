import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { ContactEntryPatchRequest } from '$lib/api/schemas';

export const PATCH: RequestHandler = api(async ({ request, locals, params }) => {
	requireUser(locals.principal, 'manage_resources');
	return json(await locals.app.resources.patchContact(params.ecid, await readJson(request, ContactEntryPatchRequest)));
});

export const DELETE: RequestHandler = api(async ({ locals, params }) => {
	requireUser(locals.principal, 'manage_resources');
	await locals.app.resources.deleteContact(params.ecid);
	return new Response(null, { status: 204 });
});
