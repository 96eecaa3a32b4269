import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';

// Signed-in users only, like the customer sheet: the archive lists customers (masked), and wall
// displays never receive customer data.
export const GET: RequestHandler = api(async ({ locals, params }) => {
	requireUser(locals.principal, 'read');
	return json(await locals.app.archive.list(params.id, locals.lang));
});
