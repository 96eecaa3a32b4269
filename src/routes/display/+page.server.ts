import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.principal) return { authorized: false as const, incidents: [], lowStock: [], metrics: null };
	const [incidents, lowStock, metrics] = await Promise.all([
		locals.app.incidents.list({}, locals.lang),
		locals.app.resources.list({ low: true }),
		locals.app.metrics.compute({ granularity: 'month', months: 12 })
	]);
	return { authorized: true as const, incidents, lowStock, metrics };
};
