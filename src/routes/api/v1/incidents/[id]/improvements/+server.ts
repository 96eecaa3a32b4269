import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requirePermission, requireUser } from '$lib/server/auth/principal';
import { ImprovementRequest } from '$lib/api/schemas';

export const GET: RequestHandler = api(async ({ locals, params }) => {
	requirePermission(locals.principal, 'read');
	await locals.app.incidents.getRow(params.id);
	return json({ items: await locals.app.review.listImprovements({ incidentId: params.id }) });
});

export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'update');
	const r = await locals.app.review.addImprovement(p.user, params.id, await readJson(request, ImprovementRequest), locals.lang);
	return json({ ...r.improvement, incident: r.incident }, { status: 201 });
});
