import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requirePermission, requireUser } from '$lib/server/auth/principal';
import { CauseRequest } from '$lib/api/schemas';

export const GET: RequestHandler = api(async ({ locals, params }) => {
	requirePermission(locals.principal, 'read');
	return json(await locals.app.resolution.cause(params.id));
});

/** The cause analysis (原因分析报告) against its version: 409 version_conflict with the current one when stale. */
export const PUT: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'analyse_cause');
	const r = await locals.app.resolution.putCause(p.user, params.id, await readJson(request, CauseRequest), locals.lang);
	return json({ ...r.cause, incident: r.incident });
});
