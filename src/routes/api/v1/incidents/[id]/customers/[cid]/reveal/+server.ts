import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';

/** Unmasked contact details for customer-service members and leads; every call is an audit event. */
export const POST: RequestHandler = api(async ({ locals, params }) => {
	const p = requireUser(locals.principal, 'read_personal_data');
	return json(await locals.app.customers.reveal(p.user, params.id, params.cid, locals.lang));
});
