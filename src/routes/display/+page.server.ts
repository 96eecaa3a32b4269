import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.principal) return { authorized: false as const, incidents: [] };
	return { authorized: true as const, incidents: await locals.app.incidents.list({}, locals.lang) };
};
