import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requirePermission, requireUser } from '$lib/server/auth/principal';
import { SolutionRequest } from '$lib/api/schemas';

export const GET: RequestHandler = api(async ({ locals, params }) => {
	requirePermission(locals.principal, 'read');
	return json({ items: await locals.app.resolution.list(params.id) });
});

/** Proposes a solution from the category's catalogue (or `other`) → 201, status pending_approval. */
export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'update');
	const r = await locals.app.resolution.propose(p.user, params.id, await readJson(request, SolutionRequest), locals.lang);
	return json({ ...r.solution, incident: r.incident }, { status: 201 });
});
