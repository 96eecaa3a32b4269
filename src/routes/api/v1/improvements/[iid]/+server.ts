import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { ImprovementPatch } from '$lib/api/schemas';

export const PATCH: RequestHandler = api(async ({ request, locals, params }) => {
	requireUser(locals.principal, 'update');
	const { status } = await readJson(request, ImprovementPatch);
	return json(await locals.app.review.setImprovementStatus(params.iid, status));
});
