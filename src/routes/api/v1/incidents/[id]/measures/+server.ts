import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requirePermission, requireUser } from '$lib/server/auth/principal';
import { MeasureRequest } from '$lib/api/schemas';

export const GET: RequestHandler = api(async ({ locals, params }) => {
	requirePermission(locals.principal, 'read');
	return json({ items: await locals.app.measures.list(params.id) });
});

/** Takes a temporary measure; a resource is drawn down in the same transaction (409 insufficient_stock). */
export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'update');
	const body = await readJson(request, MeasureRequest);
	const r = await locals.app.measures.take(p.user, params.id, body, locals.lang);
	return json({ ...r.measure, incident: r.incident, stock: r.resource }, { status: 201 });
});
