import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';

/** Publish the next version of the response notice (leads and the leader seat's holder). */
export const POST: RequestHandler = api(async ({ locals, params }) => {
	const p = requireUser(locals.principal, 'publish_notice');
	const r = await locals.app.response.publish(p.user, params.id, locals.lang);
	return json({ ...r.response, published: r.published, incident: r.incident }, { status: 201 });
});
