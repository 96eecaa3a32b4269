import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const [incidents, lowStock] = await Promise.all([locals.app.incidents.list({}, locals.lang), locals.app.resources.list({ low: true })]);
	return { incidents, lowStock };
};
