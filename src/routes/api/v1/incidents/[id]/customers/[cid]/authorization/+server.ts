import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { AuthorizationRequest } from '$lib/api/schemas';

/** Records the customer's authorisation to keep evidence (`{"channel", "note"?}`) → the customer. */
export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'update');
	const body = await readJson(request, AuthorizationRequest);
	const r = await locals.app.evidence.authorize(p.user, params.id, params.cid, body, locals.lang);
	return json({ ...r.customer, incident: r.incident });
});
