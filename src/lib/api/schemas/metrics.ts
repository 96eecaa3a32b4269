// Metrics (数据驱动优化): see src/lib/server/services/metrics.ts for the definitions.
import { z } from 'zod';
import { CATEGORIES, GRANULARITIES } from '$lib/domain/vocabulary';
import type { MetricsBucket as DomainMetricsBucket } from '$lib/domain/metrics';
import { int, isoDate, time } from './common';

export const MetricsQuery = z.object({
	from: isoDate.optional(),
	to: isoDate.optional(),
	granularity: z.enum(GRANULARITIES).default('month'),
	/** Without `from`: this many months back, from the start of a month in the server time zone (default 24). */
	months: z.coerce.number().int().min(1).max(120).optional(),
	category: z.enum(CATEGORIES).optional(),
	level: z.coerce.number().int().min(1).max(3).optional()
});

const spread = z.object({ mean: z.number().nullable(), p50: z.number().nullable(), p90: z.number().nullable() });
const byLevel = <T extends z.ZodType>(v: T) => z.object({ '1': v, '2': v, '3': v });

export const MetricsBucket = z
	.object({
		start: time,
		end: time.meta({ description: 'When the period ends (exclusive), in the server time zone' }),
		complete: z.boolean().meta({ description: 'false for the running period (not yet ended at the request time) and for one the requested range cuts short' }),
		incidents: int,
		byCategory: z.record(z.enum(CATEGORIES), int),
		byLevel: byLevel(int),
		responseMinutes: spread,
		processingHours: spread,
		contactCompliance: z.number().nullable().meta({ description: 'met / (met + missed); null when no deadline was decided in the bucket' }),
		deadlines: z.object({ met: int, missed: int }),
		satisfactionRate: z.number().nullable(),
		surveyed: int,
		satisfactionByLevel: byLevel(z.number().nullable()),
		recurrenceRate: z.number(),
		recurrent: int
	})
	.meta({ id: 'MetricsBucket', description: 'One month or quarter of metrics' });
/** The domain computes buckets (domain/metrics.ts); this is the same shape, checked below. */
export type MetricsBucketJson = DomainMetricsBucket;

export const Metrics = z
	.object({
		from: time,
		to: time,
		granularity: z.enum(GRANULARITIES),
		timeZone: z.string(),
		reported: z.object({ start: time, end: time }).nullable().meta({
			description: 'The last complete period: what the metrics page and the wall display report by default, compared with the complete period before it; null when the range has no complete period'
		}),
		targets: z.object({ satisfaction: byLevel(z.number()) }),
		buckets: z.array(MetricsBucket)
	})
	.meta({ id: 'Metrics', description: 'Metrics by month or quarter' });
export type MetricsJson = z.output<typeof Metrics>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _bucketSameAsDomain: Same<z.output<typeof MetricsBucket>, DomainMetricsBucket> = true;
