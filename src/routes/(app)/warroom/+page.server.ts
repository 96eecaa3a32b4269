import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/principal';

export const load: PageServerLoad = async ({ locals }) => {
	const p = requireUser(locals.principal, 'read');
	return { tasks: await locals.app.tasks.forUser(p.user) };
};
