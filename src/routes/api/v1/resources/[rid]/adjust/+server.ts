import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { ResourceAdjustRequest } from '$lib/api/schemas';

/** Restock (+) or write off (−) with a reason; admins and leads. Never below zero (409 insufficient_stock). */
export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	requireUser(locals.principal, 'adjust_stock');
	return json(await locals.app.resources.adjust(params.rid, await readJson(request, ResourceAdjustRequest)));
});
