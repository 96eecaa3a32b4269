import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { requirePermission } from '$lib/server/auth/principal';

/** Surveyed, satisfied, rate against the level's target, confirmations and re-follow-up tasks. */
export const GET: RequestHandler = api(async ({ locals, params }) => {
	requirePermission(locals.principal, 'read');
	return json(await locals.app.followUp.summary(params.id));
});
