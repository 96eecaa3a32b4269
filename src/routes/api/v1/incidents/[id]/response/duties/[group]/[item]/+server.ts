import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { DutyCheckRequest } from '$lib/api/schemas';
import { ServiceError } from '$lib/server/errors';

/** Tick (`{"done": true}`) or untick one item of a group's duty checklist. */
export const PUT: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'tick_duty');
	const body = await readJson(request, DutyCheckRequest);
	const item = /^\d{1,3}$/.test(params.item) ? Number(params.item) : NaN;
	if (Number.isNaN(item)) throw new ServiceError('invalid_input', 'The item is the 0-based index of the duty', [{ field: 'item', message: 'expected an integer' }]);
	const r = await locals.app.response.checkDuty(p.user, params.id, params.group, item, body.done, locals.lang);
	return json({ ...r.response, incident: r.incident });
});
