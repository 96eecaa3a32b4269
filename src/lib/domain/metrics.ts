// Which periods the metrics report, and plain-language deltas between them ("产品质量类事件环比 +20 %"),
// coloured by whether the change is good news for that metric. Pure.
import type { Category } from './vocabulary';

/** One period of the incident metrics (the API answers these as `buckets`). */
export interface MetricsBucket {
	start: string;
	/** The instant the period ends (exclusive), in the time zone the periods were cut in. */
	end: string;
	/** false for the running period (not yet ended) and for one the requested range cuts short. */
	complete: boolean;
	incidents: number;
	byCategory: Record<Category, number>;
	byLevel: { '1': number; '2': number; '3': number };
	responseMinutes: { mean: number | null; p50: number | null; p90: number | null };
	processingHours: { mean: number | null; p50: number | null; p90: number | null };
	/** met / (met + missed); null when no deadline was decided in the bucket. */
	contactCompliance: number | null;
	deadlines: { met: number; missed: number };
	satisfactionRate: number | null;
	surveyed: number;
	satisfactionByLevel: { '1': number | null; '2': number | null; '3': number | null };
	recurrenceRate: number;
	recurrent: number;
}

export const CATEGORY_NAMES = {
	product_quality: { en: 'Product-quality incidents', zh: '产品质量类事件' },
	service_failure: { en: 'Service-failure incidents', zh: '服务失误类事件' },
	special_scenario: { en: 'Special-scenario incidents', zh: '特殊场景类事件' }
} as const;

/** Percent change from `prev` to `cur`, rounded; null when there is nothing to compare with. */
export function pctChange(cur: number | null, prev: number | null): number | null {
	if (cur === null || prev === null || prev === 0) return null;
	return Math.round(((cur - prev) / prev) * 100);
}

/**
 * The period the tiles report and the one it is compared with: the last complete period and the
 * complete period before it — never the running one, which is a day old at the start of a month
 * ("事件总数环比 −95 %" is not news). `running` is the incomplete last period, shown apart.
 */
export function reportedPeriods<B extends Pick<MetricsBucket, 'complete'>>(buckets: readonly B[]): { current?: B; previous?: B; running?: B } {
	const last = buckets.at(-1);
	const running = last && !last.complete ? last : undefined;
	const i = buckets.findLastIndex((b) => b.complete);
	const current = i >= 0 ? buckets[i] : undefined;
	const previous = i > 0 && buckets[i - 1].complete ? buckets[i - 1] : undefined;
	return { current, previous, running };
}

/** Whether a rise in each metric is good news (satisfaction, compliance) or bad news (incidents, times, recurrence). */
export const RISE_IS_GOOD = {
	incidents: false,
	product_quality: false,
	service_failure: false,
	special_scenario: false,
	response: false,
	processing: false,
	compliance: true,
	satisfaction: true,
	recurrence: false
} as const;
export type DeltaKey = keyof typeof RISE_IS_GOOD;

/** 'good' or 'bad' news for a change of `change` in `key` (its sign is what counts); null for no change. */
export function deltaTone(key: DeltaKey, change: number): 'good' | 'bad' | null {
	if (change === 0) return null;
	return change > 0 === RISE_IS_GOOD[key] ? 'good' : 'bad';
}

export interface Delta {
	key: DeltaKey;
	text: string;
	/** good news (fewer incidents, faster, more satisfied), bad news, or null for no change. */
	tone: 'good' | 'bad' | null;
}

const signed = (n: number, unit: string) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n)}${unit}`;

/** The deltas worth saying, a period against the previous one. */
export function deltas(cur: MetricsBucket, prev: MetricsBucket, lang: 'en' | 'zh', granularity: 'month' | 'quarter'): Delta[] {
	const vs = lang === 'zh' ? (granularity === 'month' ? '环比' : '季度环比') : granularity === 'month' ? 'vs previous month' : 'vs previous quarter';
	const pts = lang === 'zh' ? ' 个百分点' : ' pts';
	const out: Delta[] = [];
	const say = (key: DeltaKey, label: string, change: number, unit: string) =>
		out.push({ key, text: lang === 'zh' ? `${label}${vs} ${signed(change, unit)}` : `${label} ${signed(change, unit)} ${vs}`, tone: deltaTone(key, change) });
	const total = pctChange(cur.incidents, prev.incidents);
	if (total !== null) say('incidents', lang === 'zh' ? '事件总数' : 'Incidents', total, '%');
	for (const [cat, names] of Object.entries(CATEGORY_NAMES) as [keyof typeof CATEGORY_NAMES, { en: string; zh: string }][]) {
		const p = pctChange(cur.byCategory[cat], prev.byCategory[cat]);
		if (p !== null && p !== 0) say(cat, names[lang], p, '%');
	}
	const r = pctChange(cur.responseMinutes.p50, prev.responseMinutes.p50);
	if (r !== null && r !== 0) say('response', lang === 'zh' ? '响应时间中位数' : 'Median response time', r, '%');
	const h = pctChange(cur.processingHours.p50, prev.processingHours.p50);
	if (h !== null && h !== 0) say('processing', lang === 'zh' ? '处理时长中位数' : 'Median processing time', h, '%');
	const points = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((a - b) * 1000) / 10);
	const c = points(cur.contactCompliance, prev.contactCompliance);
	if (c !== null && c !== 0) say('compliance', lang === 'zh' ? '联系时限达成率' : 'Contact-deadline compliance', c, pts);
	const s = points(cur.satisfactionRate, prev.satisfactionRate);
	if (s !== null && s !== 0) say('satisfaction', lang === 'zh' ? '满意度' : 'Satisfaction', s, pts);
	const rec = points(cur.recurrenceRate, prev.recurrenceRate);
	if (rec !== null && rec !== 0) say('recurrence', lang === 'zh' ? '复发率' : 'Recurrence rate', rec, pts);
	return out;
}

/** "2026-10" or "2026 Q4" for a period starting at `startIso`, in the time zone the periods were cut in. */
export function periodLabel(startIso: string, timeZone: string, granularity: 'month' | 'quarter'): string {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(startIso));
	const y = parts.find((p) => p.type === 'year')!.value;
	const mo = parts.find((p) => p.type === 'month')!.value;
	return granularity === 'quarter' ? `${y} Q${Math.ceil(Number(mo) / 3)}` : `${y}-${mo}`;
}
