import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { PhaseRequest } from '$lib/api/schemas';

export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'set_phase');
	const body = await readJson(request, PhaseRequest);
	return json(await locals.app.incidents.setPhase(p.user, params.id, body, locals.lang));
});
