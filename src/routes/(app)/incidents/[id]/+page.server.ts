import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { ServiceError } from '$lib/server/errors';
import { actorOf } from '$lib/server/auth/principal';
import { can } from '$lib/domain/permissions';
import { CUSTOMER_PAGE } from '$lib/api/schemas';

export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		const incident = await locals.app.incidents.get(params.id, locals.lang);
		const events = await locals.app.incidents.events(params.id, 0);
		// the first page by urgency with the honest total and counts; more pages come from the API
		const customers = await locals.app.customers.page(params.id, { limit: CUSTOMER_PAGE, sort: 'urgency' });
		const response = await locals.app.response.get(params.id, locals.lang);
		const me = actorOf(locals.principal);
		// what the page offers; the server checks again on every request (the object rules with the live incident)
		const may = {
			canEdit: can(me, 'update'),
			canSetLevel: can(me, 'set_level'),
			canSetPhase: can(me, 'set_phase'),
			canReveal: can(me, 'read_personal_data'),
			canDecideUnreachable: can(me, 'decide_unreachable'),
			canWaiveConfirmation: can(me, 'waive_confirmation')
		};
		return { incident, events, customers, response, unreachableRule: locals.app.config.unreachable, timeZone: locals.app.config.timeZone, ...may };
	} catch (err) {
		if (err instanceof ServiceError && err.status === 404) error(404, 'Incident not found');
		throw err;
	}
};
