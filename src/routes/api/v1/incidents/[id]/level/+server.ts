import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { SetLevelRequest } from '$lib/api/schemas';

export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'set_level');
	const body = await readJson(request, SetLevelRequest);
	return json(await locals.app.incidents.setLevel(p.user, params.id, body, locals.lang));
});
