import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { SurveyRequest } from '$lib/api/schemas';

/** The customer's satisfaction survey → 201 with the incident's satisfaction and re-follow-ups. */
export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'update');
	const r = await locals.app.followUp.survey(p.user, params.id, params.cid, await readJson(request, SurveyRequest), locals.lang);
	return json({ satisfaction: r.satisfaction, incident: r.incident }, { status: 201 });
});
