import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readQuery } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { ImprovementsQuery } from '$lib/api/schemas';

/** Improvement measures across incidents (closed ones included): `?status=&overdue=true`. */
export const GET: RequestHandler = api(async ({ url, locals }) => {
	requireUser(locals.principal, 'read');
	return json({ items: await locals.app.review.listImprovements(readQuery(url, ImprovementsQuery)) });
});
