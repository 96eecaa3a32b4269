import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { PatchUserRequest } from '$lib/api/schemas';
import { requireUser } from '$lib/server/auth/principal';

/** Changes name, roles, groups or disabled (admin); the account's sockets are cut when its identity changes. */
export const PATCH: RequestHandler = api(async ({ request, locals, params }) => {
	requireUser(locals.principal, 'manage_users');
	const body = await readJson(request, PatchUserRequest);
	return json(await locals.app.accounts.updateUser(params.uid, body));
});
