import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { ServiceError } from '$lib/server/errors';
import { canRevealPersonalData } from '$lib/server/services/customers';

export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		const incident = await locals.app.incidents.get(params.id, locals.lang);
		const events = await locals.app.incidents.events(params.id, 0);
		const customers = await locals.app.customers.list(params.id);
		const response = await locals.app.response.get(params.id, locals.lang);
		const user = locals.principal?.kind === 'user' ? locals.principal.user : null;
		return { incident, events, customers, response, canReveal: user ? canRevealPersonalData(user) : false };
	} catch (err) {
		if (err instanceof ServiceError && err.status === 404) error(404, 'Incident not found');
		throw err;
	}
};
