import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { ServiceError } from '$lib/server/errors';

/** The review meeting's presenter screen: the incident, its post-mortem and improvements, then live. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (locals.principal?.kind !== 'user') redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	try {
		const [incident, postmortem, improvements] = await Promise.all([
			locals.app.incidents.get(params.id, locals.lang),
			locals.app.review.get(params.id, locals.lang),
			locals.app.review.listImprovements({ incidentId: params.id })
		]);
		const events = await locals.app.incidents.events(params.id, 0);
		return { incident, postmortem, improvements, lastSeq: events.at(-1)?.seq ?? 0, timeZone: locals.app.config.timeZone };
	} catch (err) {
		if (err instanceof ServiceError && err.status === 404) error(404, 'Incident not found');
		throw err;
	}
};
