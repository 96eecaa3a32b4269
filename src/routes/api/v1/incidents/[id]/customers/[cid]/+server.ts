import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';

/** One customer with its contact records (personal data masked). */
export const GET: RequestHandler = api(async ({ locals, params }) => {
	requireUser(locals.principal, 'read');
	return json(await locals.app.customers.get(params.id, params.cid));
});
