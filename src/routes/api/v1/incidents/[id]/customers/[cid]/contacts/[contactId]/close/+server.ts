import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { CloseCommitmentRequest } from '$lib/api/schemas';

/** Closes a contact's open commitment with a note (its author or a lead). */
export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'close_commitment');
	const body = await readJson(request, CloseCommitmentRequest);
	return json(await locals.app.commitments.close(p.user, params.id, params.cid, params.contactId, body.note, locals.lang));
});
