// Metrics (数据驱动优化, PRODUCT.md §9), computed in the database with SQL aggregates — one pass
// over the incidents of the range (their contact and survey facts are kept on the incident row,
// see incident-stats.ts; deadlines still open come from a partial index), grouped by month or
// quarter in the configured time zone. Definitions (also in the README and docs/api.md):
// - response time: identified → the incident's first customer contact, in minutes;
// - processing time: identified → resolved, in hours;
// - contact compliance: customers contacted by their deadline / customers whose deadline is
//   decided (contacted, past due without contact, or decided unreachable — which counts as not
//   met); deadlines still running excluded;
// - satisfaction rate: satisfied surveyed customers (mean ≥ 4) / surveyed customers;
// - recurrence rate: incidents linked as a recurrence of an earlier one, or with the same product
//   model and category as an incident identified in the 90 days before / incidents.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contactStatusIs, deadlineColumns } from '../db/deadline-sql';
import type { Clock } from '../clock';
import { CATEGORIES, type MetricsBucketJson, type MetricsJson, type MetricsQuery } from '$lib/api/schemas';
import { SATISFACTION_TARGET } from '$lib/domain/survey';
import { reportedPeriods } from '$lib/domain/metrics';
import type { z } from 'zod';
import { ServiceError } from '../errors';

/** The longest period one request may cover: 120 months (and a leap day or two). */
const MAX_SPAN_MS = 3653 * 24 * 3600_000;

type Row = Record<string, string | number | null>;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const maybe = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);

function rowsOf(result: unknown): Row[] {
	return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}

export class MetricsService {
	constructor(
		private db: Db,
		private clock: Clock,
		private timeZone: string
	) {}

	async compute(query: z.infer<typeof MetricsQuery>): Promise<MetricsJson> {
		const now = this.clock.now();
		const to = query.to ?? now;
		const g = query.granularity;
		const tz = this.timeZone;
		const from = query.from ?? (await this.monthsBack(to, query.months ?? 24, g));
		// an explicit period: at most ten years of buckets in one answer, as with `months` (a century of them was a 40 MB reply)
		if (query.from && from.getTime() >= to.getTime()) throw new ServiceError('invalid_input', 'Invalid input: from: must be before to', [{ field: 'from', message: 'must be before to' }]);
		if (query.from && to.getTime() - from.getTime() > MAX_SPAN_MS)
			throw new ServiceError('invalid_input', 'Invalid input: from: at most 120 months before to', [{ field: 'from', message: 'at most 120 months before to' }]);
		const filters: SQL[] = [sql`i.identified_at >= ${from.toISOString()}::timestamptz`, sql`i.identified_at < ${to.toISOString()}::timestamptz`];
		if (query.category) filters.push(sql`i.category = ${query.category}`);
		if (query.level) filters.push(sql`i.level = ${query.level}`);
		const bucket = sql`(date_trunc(${g}, i.identified_at at time zone ${tz}) at time zone ${tz})`;

		const result = await this.db.execute(sql`
			with inc as (
				select i.id, i.category, i.level, i.identified_at, i.resolved_at, i.product_model, i.recurrence_of,
					i.first_contact_at, i.contacts_on_time, i.contacts_late, i.surveyed, i.satisfied, ${bucket} as bucket
				from incidents i where ${sql.join(filters, sql` and `)}
			),
			open_missed as (
				select c.incident_id, count(*) as missed from customers c
				where (${contactStatusIs('overdue', now, deadlineColumns('c'))} or ${contactStatusIs('unreachable', now, deadlineColumns('c'))}) and c.incident_id in (select id from inc)
				group by c.incident_id
			),
			per as (
				select inc.bucket, inc.category, inc.level,
					extract(epoch from inc.first_contact_at - inc.identified_at) / 60.0 as response_min,
					extract(epoch from inc.resolved_at - inc.identified_at) / 3600.0 as processing_h,
					inc.contacts_on_time as met, inc.contacts_late + coalesce(om.missed, 0) as missed,
					inc.surveyed, inc.satisfied,
					(inc.recurrence_of is not null or (inc.product_model <> '' and exists (
						select 1 from incidents p where p.category = inc.category and p.product_model = inc.product_model
							and p.identified_at < inc.identified_at and p.identified_at >= inc.identified_at - interval '90 days'))) as recurrent
				from inc left join open_missed om on om.incident_id = inc.id
			)
			select bucket, count(*) as incidents,
				${sql.join(
					CATEGORIES.map((c) => sql`count(*) filter (where category = ${c}) as ${sql.identifier(`cat_${c}`)}`),
					sql`, `
				)},
				count(*) filter (where level = 1) as l1, count(*) filter (where level = 2) as l2, count(*) filter (where level = 3) as l3,
				avg(response_min) as r_mean,
				percentile_cont(0.5) within group (order by response_min) as r_p50,
				percentile_cont(0.9) within group (order by response_min) as r_p90,
				avg(processing_h) as p_mean,
				percentile_cont(0.5) within group (order by processing_h) as p_p50,
				percentile_cont(0.9) within group (order by processing_h) as p_p90,
				sum(met) as met, sum(missed) as missed, sum(surveyed) as surveyed, sum(satisfied) as satisfied,
				${sql.join(
					([1, 2, 3] as const).map((l) => sql`sum(surveyed) filter (where level = ${l}) as ${sql.identifier(`sv_${l}`)}, sum(satisfied) filter (where level = ${l}) as ${sql.identifier(`sa_${l}`)}`),
					sql`, `
				)},
				count(*) filter (where recurrent) as recurrent
			from per group by bucket order by bucket`);
		const rows = rowsOf(result);

		// every bucket of the range, empty ones too, with its end, truncated by the database as above
		const step = g === 'month' ? '1 month' : '3 months';
		const all = rowsOf(
			await this.db.execute(sql`
				select s at time zone ${tz} as bucket, (s + ${step}::interval) at time zone ${tz} as bucket_end
				from generate_series(date_trunc(${g}, ${from.toISOString()}::timestamptz at time zone ${tz}), date_trunc(${g}, ${to.toISOString()}::timestamptz at time zone ${tz}), ${step}::interval) s`)
		).map((r) => ({ start: new Date(String(r.bucket)), end: new Date(String(r.bucket_end)) }));
		// a period is complete when the range covers all of it and it has ended: the running period,
		// and one the range cuts at either side, are not
		const upTo = Math.min(to.getTime(), now.getTime());
		const byStart = new Map(rows.map((r) => [new Date(String(r.bucket)).toISOString(), r]));
		const buckets: MetricsBucketJson[] = all
			.filter((b) => b.start < to)
			.map(({ start: s, end: e }) => {
				const start = s.toISOString();
				const r = byStart.get(start) ?? ({} as Row);
				const surveyed = num(r.surveyed);
				return {
					start,
					end: e.toISOString(),
					complete: s.getTime() >= from.getTime() && e.getTime() <= upTo,
					incidents: num(r.incidents),
					byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, num(r[`cat_${c}`])])) as MetricsBucketJson['byCategory'],
					byLevel: { '1': num(r.l1), '2': num(r.l2), '3': num(r.l3) },
					responseMinutes: { mean: maybe(r.r_mean), p50: maybe(r.r_p50), p90: maybe(r.r_p90) },
					processingHours: { mean: maybe(r.p_mean), p50: maybe(r.p_p50), p90: maybe(r.p_p90) },
					contactCompliance: ratio(num(r.met), num(r.met) + num(r.missed)),
					deadlines: { met: num(r.met), missed: num(r.missed) },
					satisfactionRate: ratio(num(r.satisfied), surveyed),
					surveyed,
					satisfactionByLevel: { '1': ratio(num(r.sa_1), num(r.sv_1)), '2': ratio(num(r.sa_2), num(r.sv_2)), '3': ratio(num(r.sa_3), num(r.sv_3)) },
					recurrenceRate: ratio(num(r.recurrent), num(r.incidents)) ?? 0,
					recurrent: num(r.recurrent)
				};
			});
		const reported = reportedPeriods(buckets).current;
		return {
			from: from.toISOString(),
			to: to.toISOString(),
			granularity: g,
			timeZone: tz,
			reported: reported ? { start: reported.start, end: reported.end } : null,
			targets: { satisfaction: { '1': SATISFACTION_TARGET[1], '2': SATISFACTION_TARGET[2], '3': SATISFACTION_TARGET[3] } },
			buckets
		};
	}

	/** The start of the month (or its quarter) `months - 1` months before `to`'s, in the time zone. */
	private async monthsBack(to: Date, months: number, g: 'month' | 'quarter'): Promise<Date> {
		const [r] = rowsOf(
			await this.db.execute(
				sql`select (date_trunc(${g}, (${to.toISOString()}::timestamptz at time zone ${this.timeZone}) - ${`${months - 1} months`}::interval) at time zone ${this.timeZone}) as start`
			)
		);
		return new Date(String(r.start));
	}

	/** The instants a calendar month ('2026-10') starts and ends, and the previous month's start, in the time zone. */
	async monthBounds(month: string): Promise<{ previous: Date; start: Date; end: Date }> {
		const [y, m] = month.split('-').map(Number);
		const [r] = rowsOf(
			await this.db.execute(sql`select
				(make_timestamp(${y}, ${m}, 1, 0, 0, 0) - interval '1 month') at time zone ${this.timeZone} as previous,
				make_timestamp(${y}, ${m}, 1, 0, 0, 0) at time zone ${this.timeZone} as start,
				(make_timestamp(${y}, ${m}, 1, 0, 0, 0) + interval '1 month') at time zone ${this.timeZone} as "end"`)
		);
		return { previous: new Date(String(r.previous)), start: new Date(String(r.start)), end: new Date(String(r.end)) };
	}

	/** Product models whose incidents in the range were recurrences (same rule as the recurrence rate), most first: the monthly report's recurring models. */
	async recurringModels(from: Date, to: Date, limit = 10): Promise<{ productModel: string; category: string; incidents: number }[]> {
		const rows = rowsOf(
			await this.db.execute(sql`
				select i.product_model, i.category, count(*) as n from incidents i
				where i.product_model <> '' and i.identified_at >= ${from.toISOString()}::timestamptz and i.identified_at < ${to.toISOString()}::timestamptz
					and (i.recurrence_of is not null or exists (
						select 1 from incidents p where p.category = i.category and p.product_model = i.product_model
							and p.identified_at < i.identified_at and p.identified_at >= i.identified_at - interval '90 days'))
				group by i.product_model, i.category order by n desc, i.product_model limit ${limit}`)
		);
		return rows.map((r) => ({ productModel: String(r.product_model), category: String(r.category), incidents: num(r.n) }));
	}
}

/** The buckets as CSV (one row per bucket; the same numbers as the JSON). */
export function metricsCsv(m: MetricsJson): string {
	const head = [
		'start',
		'incidents',
		...CATEGORIES.map((c) => `category_${c}`),
		'level_1',
		'level_2',
		'level_3',
		'response_minutes_mean',
		'response_minutes_p50',
		'response_minutes_p90',
		'processing_hours_mean',
		'processing_hours_p50',
		'processing_hours_p90',
		'contact_compliance',
		'deadlines_met',
		'deadlines_missed',
		'satisfaction_rate',
		'surveyed',
		'recurrence_rate',
		'recurrent',
		'end',
		'complete'
	];
	const cell = (v: number | string | null) => (v === null ? '' : String(v));
	const lines = m.buckets.map((b) =>
		[
			b.start,
			b.incidents,
			...CATEGORIES.map((c) => b.byCategory[c]),
			b.byLevel['1'],
			b.byLevel['2'],
			b.byLevel['3'],
			b.responseMinutes.mean,
			b.responseMinutes.p50,
			b.responseMinutes.p90,
			b.processingHours.mean,
			b.processingHours.p50,
			b.processingHours.p90,
			b.contactCompliance,
			b.deadlines.met,
			b.deadlines.missed,
			b.satisfactionRate,
			b.surveyed,
			b.recurrenceRate,
			b.recurrent,
			b.end,
			String(b.complete)
		]
			.map(cell)
			.join(',')
	);
	return [head.join(','), ...lines].join('\r\n') + '\r\n';
}
