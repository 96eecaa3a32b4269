import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { ApproveRequest } from '$lib/api/schemas';

/** Approves (or with `"reject": true` rejects) a pending solution; only the approver the level requires. */
export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'approve_solution');
	const body = request.headers.get('content-length') === '0' || !request.headers.get('content-type') ? {} : await readJson(request, ApproveRequest);
	const r = await locals.app.resolution.decide(p.user, params.id, params.sid, body, locals.lang);
	return json({ ...r.solution, incident: r.incident });
});
