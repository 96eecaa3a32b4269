import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { InboundAlertRequest } from '$lib/api/schemas';

/**
 * Inbound alert (monitoring, customer-service systems): 201 with a new incident, or 200 with the
 * incident an earlier alert of the same `source` + `externalId` declared, updated. Retries are safe.
 */
export const POST: RequestHandler = api(async ({ request, locals }) => {
	const p = requireUser(locals.principal, 'declare');
	const r = await locals.app.incidents.fromAlert(p.user, await readJson(request, InboundAlertRequest), locals.lang);
	return json({ ...r.incident, created: r.created }, { status: r.created ? 201 : 200 });
});
