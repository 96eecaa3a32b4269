import type { PageServerLoad } from './$types';
import { readQuery } from '$lib/server/http';
import { ImprovementsQuery, pageQuery } from '$lib/api/schemas';
import { guarded } from '$lib/server/pages';
import { actorOf } from '$lib/server/auth/principal';
import { can } from '$lib/domain/permissions';

/** The API's own query (`?status=&overdue=&offset=`), 50 rows a page, and the database's totals. */
const Query = ImprovementsQuery.extend(pageQuery({ defaultLimit: 50, maxLimit: 1000 }));

export const load = guarded(async ({ locals, url }) => {
	const query = readQuery(url, Query);
	const { review } = locals.app;
	const [page, counts] = await Promise.all([review.improvementsPage(query), review.improvementCounts()]);
	return { ...page, counts, query: { status: query.status ?? '', overdue: query.overdue }, canEdit: can(actorOf(locals.principal), 'update') };
}) satisfies PageServerLoad;
