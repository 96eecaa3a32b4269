import type { PageServerLoad } from './$types';
import { readQuery } from '$lib/server/http';
import { ImprovementsQuery } from '$lib/api/schemas';
import { guarded } from '$lib/server/pages';
import { actorOf } from '$lib/server/auth/principal';
import { can } from '$lib/domain/permissions';

export const load = guarded(async ({ locals, url }) => {
	const query = readQuery(url, ImprovementsQuery);
	return { items: await locals.app.review.listImprovements(query), query: { status: query.status ?? '', overdue: query.overdue }, canEdit: can(actorOf(locals.principal), 'update') };
}) satisfies PageServerLoad;
