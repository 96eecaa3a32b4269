import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';

/** Revokes a display link: the screen's next request is 401 and its sockets are disconnected now. */
export const DELETE: RequestHandler = api(async ({ locals, params }) => {
	requireUser(locals.principal, 'create_display_token');
	return json(await locals.app.accounts.revokeDisplayToken(params.dtid));
});
