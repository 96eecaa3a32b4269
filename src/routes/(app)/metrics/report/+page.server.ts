import type { PageServerLoad } from './$types';
import { z } from 'zod';
import { readQuery } from '$lib/server/http';
import { guarded } from '$lib/server/pages';

// years as every other time the server takes (1900–9999): year 0000 or 0001 was a 500 from the database
const Query = z.object({
	month: z
		.string()
		.refine((m) => /^(19\d\d|[2-9]\d{3})-(0[1-9]|1[0-2])$/.test(m), {
			error: (issue) => `${JSON.stringify(String(issue.input).slice(0, 40))} is not a month: expected YYYY-MM between 1900-01 and 9999-12`
		})
		.optional()
});

/** The monthly report (月度报告): this month against the previous one, recurring models, open improvements. */
export const load = guarded(async ({ locals, url }) => {
	const q = readQuery(url, Query);
	const { metrics } = locals.app;
	// default: the last complete month in the server's time zone
	const now = locals.app.clock.now();
	const local = new Intl.DateTimeFormat('en-CA', { timeZone: locals.app.config.timeZone, year: 'numeric', month: '2-digit' }).formatToParts(now);
	const [y, m] = [Number(local.find((p) => p.type === 'year')!.value), Number(local.find((p) => p.type === 'month')!.value)];
	const month = q.month ?? (m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`);
	const bounds = await metrics.monthBounds(month);
	// the improvements as they stand now, counted by the database (GET /api/v1/improvements' `counts`),
	// and the 20 most urgent unfinished ones; not a filter over a capped list, which said 95 of 1,021
	const [m2, models, improvements, counts] = await Promise.all([
		metrics.compute({ granularity: 'month', from: bounds.previous, to: bounds.end }),
		metrics.recurringModels(bounds.start, bounds.end),
		locals.app.review.improvementsPage({ unfinished: true, limit: 20, offset: 0 }),
		locals.app.review.improvementCounts()
	]);
	const [previous, current] = m2.buckets;
	return { month, current, previous, targets: m2.targets, timeZone: m2.timeZone, models, improvements, improvementCounts: counts, generatedAt: now.toISOString() };
}) satisfies PageServerLoad;
