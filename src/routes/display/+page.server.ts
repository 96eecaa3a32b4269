import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.principal) return { authorized: false as const, incidents: [], lowStock: [] };
	const [incidents, lowStock] = await Promise.all([locals.app.incidents.list({}, locals.lang), locals.app.resources.list({ low: true })]);
	return { authorized: true as const, incidents, lowStock };
};
