import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requirePermission, requireUser } from '$lib/server/auth/principal';
import { PostmortemRequest } from '$lib/api/schemas';

export const GET: RequestHandler = api(async ({ locals, params }) => {
	requirePermission(locals.principal, 'read');
	return json(await locals.app.review.get(params.id, locals.lang));
});

/** Saves the 5W1H fields sent, against `version`; 409 version_conflict with the current post-mortem when stale. */
export const PUT: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'update');
	const r = await locals.app.review.put(p.user, params.id, await readJson(request, PostmortemRequest), locals.lang);
	return json({ ...r.postmortem, incident: r.incident });
});
