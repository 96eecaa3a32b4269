import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readQuery } from '$lib/server/http';
import { requirePermission } from '$lib/server/auth/principal';
import { MetricsQuery } from '$lib/api/schemas';
import { metricsCsv } from '$lib/server/services/metrics';

/** Metrics by month or quarter (`?from=&to=&granularity=&category=&level=`); `Accept: text/csv` (or `?format=csv`) gives the same as CSV. */
export const GET: RequestHandler = api(async ({ url, locals, request }) => {
	requirePermission(locals.principal, 'read');
	const params = new URL(url);
	const csv = params.searchParams.get('format') === 'csv' || (request.headers.get('accept') ?? '').includes('text/csv');
	params.searchParams.delete('format');
	const metrics = await locals.app.metrics.compute(readQuery(params, MetricsQuery));
	if (!csv) return json(metrics);
	return new Response(metricsCsv(metrics), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="warroom-metrics-${metrics.granularity}.csv"` }
	});
});
