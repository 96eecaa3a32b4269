import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { requirePermission } from '$lib/server/auth/principal';

/** The response group: seats, duty checklists and the response notice. Display screens may read it (no personal data). */
export const GET: RequestHandler = api(async ({ locals, params }) => {
	requirePermission(locals.principal, 'read');
	return json(await locals.app.response.get(params.id, locals.lang));
});
