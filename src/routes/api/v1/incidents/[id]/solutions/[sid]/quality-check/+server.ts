import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { QualityCheckRequest } from '$lib/api/schemas';

/** Quality control checks an executed solution: `{"passed": true|false, "note"?}`; a failed check sends it back to execution. */
export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'quality_check');
	const r = await locals.app.resolution.qualityCheck(p.user, params.id, params.sid, await readJson(request, QualityCheckRequest), locals.lang);
	return json({ ...r.solution, incident: r.incident });
});
