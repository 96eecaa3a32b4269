import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';

/** The seat's holder confirms they are on it. */
export const POST: RequestHandler = api(async ({ locals, params }) => {
	const p = requireUser(locals.principal, 'acknowledge_seat');
	const r = await locals.app.response.acknowledge(p.user, params.id, params.seat, locals.lang);
	return json({ ...r.response, incident: r.incident });
});
