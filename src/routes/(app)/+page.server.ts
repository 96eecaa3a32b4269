import type { PageServerLoad } from './$types';
import { actorOf } from '$lib/server/auth/principal';
import { can } from '$lib/domain/permissions';

export const load: PageServerLoad = async ({ locals }) => {
	const [incidents, lowStock, overdueImprovements] = await Promise.all([
		locals.app.incidents.list({}, locals.lang),
		locals.app.resources.list({ low: true }),
		locals.app.review.listImprovements({ overdue: true })
	]);
	return { incidents, lowStock, overdueImprovements, canDeclare: can(actorOf(locals.principal), 'declare') };
};
