import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readQuery } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { ImprovementsQuery } from '$lib/api/schemas';

/** Improvement measures across incidents (closed ones included): `?status=&overdue=true&limit=&offset=`, with `total` and `counts`. */
export const GET: RequestHandler = api(async ({ url, locals }) => {
	requireUser(locals.principal, 'read');
	const { review } = locals.app;
	const [page, counts] = await Promise.all([review.improvementsPage(readQuery(url, ImprovementsQuery)), review.improvementCounts()]);
	return json({ ...page, counts });
});
