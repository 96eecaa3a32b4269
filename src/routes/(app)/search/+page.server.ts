import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/principal';
import { SearchQuery } from '$lib/api/schemas';
import { guarded } from '$lib/server/pages';

/** The same search as GET /api/v1/search; an empty or too long query just shows the form. */
export const load = guarded(async ({ locals, url }) => {
	requireUser(locals.principal, 'read');
	const parsed = SearchQuery.safeParse({ q: url.searchParams.get('q') ?? '' });
	return { q: url.searchParams.get('q') ?? '', items: parsed.success ? await locals.app.archive.search(parsed.data.q, locals.lang) : null };
}) satisfies PageServerLoad;
