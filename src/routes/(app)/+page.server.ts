import type { PageServerLoad } from './$types';
import { actorOf } from '$lib/server/auth/principal';
import { can } from '$lib/domain/permissions';

export const load: PageServerLoad = async ({ locals }) => {
	const [incidents, lowStock, overdue] = await Promise.all([
		locals.app.incidents.list({}, locals.lang),
		locals.app.resources.list({ low: true }),
		// the tile names a few and counts them all (the database counts, not the page)
		locals.app.review.improvementsPage({ overdue: true, limit: 4, offset: 0 })
	]);
	return { incidents, lowStock, overdueImprovements: overdue.items, overdueImprovementsTotal: overdue.total, canDeclare: can(actorOf(locals.principal), 'declare') };
};
