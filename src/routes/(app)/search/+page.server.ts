import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/principal';
import { SearchQuery } from '$lib/api/schemas';
import { guarded } from '$lib/server/pages';

/** The same search as GET /api/v1/search (50 a page, `?offset=`); an empty or too long query just shows the form. */
export const load = guarded(async ({ locals, url }) => {
	requireUser(locals.principal, 'read');
	const q = url.searchParams.get('q') ?? '';
	const parsed = SearchQuery.safeParse({ q, offset: url.searchParams.get('offset') ?? undefined });
	return { q, result: parsed.success ? await locals.app.archive.search(parsed.data.q, locals.lang, { limit: parsed.data.limit, offset: parsed.data.offset }) : null };
}) satisfies PageServerLoad;
