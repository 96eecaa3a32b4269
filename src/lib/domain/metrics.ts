// Plain-language deltas between the last two periods ("产品质量类事件环比 +20 %"). Pure.
import type { Category } from './vocabulary';

/** One period of the incident metrics (the API answers these as `buckets`). */
export interface MetricsBucket {
	start: string;
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

export interface Delta {
	key: string;
	text: string;
	/** true when the change is good news (fewer incidents, faster, more satisfied). */
	good: boolean | null;
}

const signed = (n: number, unit: string) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n)}${unit}`;

/** The deltas worth saying, current period against the previous one. */
export function deltas(cur: MetricsBucket, prev: MetricsBucket, lang: 'en' | 'zh', granularity: 'month' | 'quarter'): Delta[] {
	const vs = lang === 'zh' ? (granularity === 'month' ? '环比' : '季度环比') : granularity === 'month' ? 'vs last month' : 'vs last quarter';
	const out: Delta[] = [];
	const say = (key: string, label: string, change: string, good: boolean | null) => out.push({ key, text: lang === 'zh' ? `${label}${vs} ${change}` : `${label} ${change} ${vs}`, good });
	const total = pctChange(cur.incidents, prev.incidents);
	if (total !== null) say('incidents', lang === 'zh' ? '事件总数' : 'Incidents', signed(total, ' %'), total === 0 ? null : total < 0);
	for (const [cat, names] of Object.entries(CATEGORY_NAMES) as [keyof typeof CATEGORY_NAMES, { en: string; zh: string }][]) {
		const p = pctChange(cur.byCategory[cat], prev.byCategory[cat]);
		if (p !== null && p !== 0) say(cat, names[lang], signed(p, ' %'), p < 0);
	}
	const r = pctChange(cur.responseMinutes.p50, prev.responseMinutes.p50);
	if (r !== null && r !== 0) say('response', lang === 'zh' ? '响应时间中位数' : 'Median response time', signed(r, ' %'), r < 0);
	const points = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((a - b) * 1000) / 10);
	const c = points(cur.contactCompliance, prev.contactCompliance);
	if (c !== null && c !== 0) say('compliance', lang === 'zh' ? '联系时限达成率' : 'Contact-deadline compliance', signed(c, lang === 'zh' ? ' 个百分点' : ' pts'), c > 0);
	const s = points(cur.satisfactionRate, prev.satisfactionRate);
	if (s !== null && s !== 0) say('satisfaction', lang === 'zh' ? '满意度' : 'Satisfaction', signed(s, lang === 'zh' ? ' 个百分点' : ' pts'), s > 0);
	return out;
}

/** "2026-10" or "2026 Q4" for a period starting at `startIso`, in the time zone the periods were cut in. */
export function periodLabel(startIso: string, timeZone: string, granularity: 'month' | 'quarter'): string {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(startIso));
	const y = parts.find((p) => p.type === 'year')!.value;
	const mo = parts.find((p) => p.type === 'month')!.value;
	return granularity === 'quarter' ? `${y} Q${Math.ceil(Number(mo) / 3)}` : `${y}-${mo}`;
}
