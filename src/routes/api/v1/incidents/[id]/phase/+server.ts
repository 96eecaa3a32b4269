import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser, requirePermission } from '$lib/server/auth/principal';
import { PhaseRequest } from '$lib/api/schemas';

/** The phase, the next one and the checklist of its gate: what the move still waits for. */
export const GET: RequestHandler = api(async ({ locals, params }) => {
	requirePermission(locals.principal, 'read');
	return json(await locals.app.incidents.phaseStatus(params.id));
});

export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'set_phase');
	const body = await readJson(request, PhaseRequest);
	return json(await locals.app.incidents.setPhase(p.user, params.id, body, locals.lang));
});
