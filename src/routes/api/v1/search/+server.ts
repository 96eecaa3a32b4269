import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readQuery } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { SearchQuery } from '$lib/api/schemas';

/** `?q=&limit=&offset=` → one page of matching incidents, newest first, with `total`. */
export const GET: RequestHandler = api(async ({ locals, url }) => {
	requireUser(locals.principal, 'read');
	const { q, limit, offset } = readQuery(url, SearchQuery);
	return json(await locals.app.archive.search(q, locals.lang, { limit, offset }));
});
