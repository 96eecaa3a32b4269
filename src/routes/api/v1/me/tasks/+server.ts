import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';

/** My open work across incidents: seats to take or acknowledge, customers to contact by deadline, duties. */
export const GET: RequestHandler = api(async ({ locals }) => {
	const p = requireUser(locals.principal, 'read');
	return json(await locals.app.tasks.forUser(p.user));
});
