import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { ConfirmationWaiverRequest } from '$lib/api/schemas';

/** Why a reached customer gives no confirmation of the fix: `{"reason": "…"}` → 201 (customer-service members and leads). */
export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'waive_confirmation');
	const r = await locals.app.followUp.waiveConfirmation(p.user, params.id, params.cid, await readJson(request, ConfirmationWaiverRequest), locals.lang);
	return json({ satisfaction: r.satisfaction, incident: r.incident }, { status: 201 });
});
