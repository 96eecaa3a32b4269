import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { AssignSeatRequest } from '$lib/api/schemas';

/** Fill a seat (`{"userId"}`) or empty it (`{"userId": null}`). */
export const PUT: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'assign_seat');
	const body = await readJson(request, AssignSeatRequest);
	const r = await locals.app.response.assign(p.user, params.id, params.seat, body.userId, locals.lang);
	return json({ ...r.response, incident: r.incident });
});
