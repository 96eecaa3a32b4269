import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	return { incidents: await locals.app.incidents.list({}, locals.lang) };
};
