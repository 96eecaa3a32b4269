import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { ServiceError } from '$lib/server/errors';

export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		const incident = await locals.app.incidents.get(params.id, locals.lang);
		const events = await locals.app.incidents.events(params.id, 0);
		return { incident, events };
	} catch (err) {
		if (err instanceof ServiceError && err.status === 404) error(404, 'Incident not found');
		throw err;
	}
};
