import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { ServiceError } from '$lib/server/errors';

/** A seat holder marks a published version of the response notice as read. */
export const POST: RequestHandler = api(async ({ locals, params }) => {
	const p = requireUser(locals.principal, 'read_notice');
	const version = /^[1-9]\d{0,8}$/.test(params.version) ? Number(params.version) : NaN;
	if (Number.isNaN(version)) throw new ServiceError('invalid_input', `The notice version is a number 1, 2, …; got "${params.version}"`, [{ field: 'version', message: 'expected a positive integer' }]);
	const r = await locals.app.response.markRead(p.user, params.id, version, locals.lang);
	return json({ ...r.response, incident: r.incident });
});
