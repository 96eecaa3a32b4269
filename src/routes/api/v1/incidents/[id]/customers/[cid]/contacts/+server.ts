import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { ContactRequest } from '$lib/api/schemas';

export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'update');
	const body = await readJson(request, ContactRequest);
	const r = await locals.app.customers.contact(p.user, params.id, params.cid, body, locals.lang);
	return json({ ...r.contact, customer: r.customer, incident: r.incident }, { status: 201 });
});
