import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { FollowUpDoneRequest } from '$lib/api/schemas';

export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'update');
	const { note } = await readJson(request, FollowUpDoneRequest);
	const r = await locals.app.followUp.complete(p.user, params.id, params.fid, note, locals.lang);
	return json({ satisfaction: r.satisfaction, incident: r.incident });
});
