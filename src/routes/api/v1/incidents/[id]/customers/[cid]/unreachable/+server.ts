import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { UnreachableRequest } from '$lib/api/schemas';

/** Decides that the customer cannot be reached (`{"reason"}`) → the customer; 409 `gate_not_met` with the unmet conditions. */
export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'decide_unreachable');
	const body = await readJson(request, UnreachableRequest);
	const r = await locals.app.customers.decideUnreachable(p.user, params.id, params.cid, body, locals.lang);
	return json({ ...r.customer, incident: r.incident });
});
