import type { PageServerLoad } from './$types';
import { MetricsQuery } from '$lib/api/schemas';
import { readQuery } from '$lib/server/http';
import { guarded } from '$lib/server/pages';

/** The metrics of the last 12 or 24 months (or 8 quarters), filtered as the URL says. */
export const load = guarded(async ({ locals, url }) => {
	const q = readQuery(url, MetricsQuery.pick({ granularity: true, category: true, level: true }));
	const months = url.searchParams.get('months') === '12' ? 12 : 24;
	const metrics = await locals.app.metrics.compute({ ...q, months });
	return { metrics, filters: { granularity: q.granularity, category: q.category ?? '', level: q.level ? String(q.level) : '', months: String(months) } };
}) satisfies PageServerLoad;
