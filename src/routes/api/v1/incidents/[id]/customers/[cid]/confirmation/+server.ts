import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { ConfirmationRequest } from '$lib/api/schemas';

/** 《问题解决确认单》: `{"result": "satisfied"|"neutral"|"unsatisfied", "method": "signature"|"app"|"phone"}` → 201. */
export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'update');
	const r = await locals.app.followUp.confirm(p.user, params.id, params.cid, await readJson(request, ConfirmationRequest), locals.lang);
	return json({ satisfaction: r.satisfaction, incident: r.incident }, { status: 201 });
});
