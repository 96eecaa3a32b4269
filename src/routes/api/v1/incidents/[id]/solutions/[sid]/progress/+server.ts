import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { ProgressRequest } from '$lib/api/schemas';

/** An execution update ("technician dispatched"); `"done": true` finishes the solution. */
export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'update');
	const r = await locals.app.resolution.progress(p.user, params.id, params.sid, await readJson(request, ProgressRequest), locals.lang);
	return json({ ...r.solution, incident: r.incident });
});
