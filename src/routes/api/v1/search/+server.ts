import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readQuery } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { SearchQuery } from '$lib/api/schemas';

export const GET: RequestHandler = api(async ({ locals, url }) => {
	requireUser(locals.principal, 'read');
	const { q } = readQuery(url, SearchQuery);
	return json({ items: await locals.app.archive.search(q, locals.lang) });
});
