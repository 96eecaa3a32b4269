import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/principal';
import { guarded } from '$lib/server/pages';

export const load = guarded(async ({ locals }) => {
	const p = requireUser(locals.principal, 'read');
	return { tasks: await locals.app.tasks.forUser(p.user) };
}) satisfies PageServerLoad;
