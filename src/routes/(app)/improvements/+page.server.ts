import type { PageServerLoad } from './$types';
import { readQuery } from '$lib/server/http';
import { ImprovementsQuery } from '$lib/api/schemas';
import { guarded } from '$lib/server/pages';

export const load = guarded(async ({ locals, url }) => {
	const query = readQuery(url, ImprovementsQuery);
	return { items: await locals.app.review.listImprovements(query), query: { status: query.status ?? '', overdue: query.overdue } };
}) satisfies PageServerLoad;
