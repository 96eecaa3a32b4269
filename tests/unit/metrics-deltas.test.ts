import { describe, it, expect } from 'vitest';
import { deltas, deltaTone, pctChange, reportedPeriods, RISE_IS_GOOD } from '$lib/domain/metrics';
import type { MetricsBucketJson } from '$lib/api/schemas';

const bucket = (over: Partial<MetricsBucketJson>): MetricsBucketJson => ({
	start: '2026-10-01T00:00:00Z',
	end: '2026-11-01T00:00:00Z',
	complete: true,
	incidents: 10,
	byCategory: { product_quality: 5, service_failure: 5, special_scenario: 0 },
	byLevel: { '1': 0, '2': 2, '3': 8 },
	responseMinutes: { mean: 30, p50: 30, p90: 50 },
	processingHours: { mean: 5, p50: 5, p90: 9 },
	contactCompliance: 0.9,
	deadlines: { met: 9, missed: 1 },
	satisfactionRate: 0.85,
	surveyed: 20,
	satisfactionByLevel: { '1': null, '2': 0.8, '3': 0.9 },
	recurrenceRate: 0.1,
	recurrent: 1,
	...over
});

describe('plain-language deltas', () => {
	it('says "产品质量类事件环比 +20%" and marks it as bad news', () => {
		const d = deltas(bucket({ byCategory: { product_quality: 6, service_failure: 5, special_scenario: 0 }, incidents: 11 }), bucket({}), 'zh', 'month');
		expect(d.find((x) => x.key === 'product_quality')).toEqual({ key: 'product_quality', text: '产品质量类事件环比 +20%', tone: 'bad' });
		expect(d.find((x) => x.key === 'incidents')).toEqual({ key: 'incidents', text: '事件总数环比 +10%', tone: 'bad' });
	});
	it('faster response and better compliance are good news, in English too', () => {
		const d = deltas(bucket({ responseMinutes: { mean: 24, p50: 24, p90: 40 }, contactCompliance: 0.95 }), bucket({}), 'en', 'quarter');
		expect(d.find((x) => x.key === 'response')).toEqual({ key: 'response', text: 'Median response time −20% vs previous quarter', tone: 'good' });
		expect(d.find((x) => x.key === 'compliance')).toEqual({ key: 'compliance', text: 'Contact-deadline compliance +5 pts vs previous quarter', tone: 'good' });
	});
	it('a rise in a bad number is bad news and a fall good news, in both languages', () => {
		const worse = bucket({ incidents: 15, processingHours: { mean: 8, p50: 8, p90: 12 }, recurrenceRate: 0.2, satisfactionRate: 0.8, contactCompliance: 0.85 });
		for (const lang of ['zh', 'en'] as const) {
			const d = Object.fromEntries(deltas(worse, bucket({}), lang, 'month').map((x) => [x.key, x]));
			expect(d.incidents.tone).toBe('bad');
			expect(d.processing.tone).toBe('bad');
			expect(d.recurrence.tone).toBe('bad');
			expect(d.satisfaction.tone).toBe('bad');
			expect(d.compliance.tone).toBe('bad');
			const back = Object.fromEntries(deltas(bucket({}), worse, lang, 'month').map((x) => [x.key, x]));
			for (const k of ['incidents', 'processing', 'recurrence', 'satisfaction', 'compliance']) expect(back[k].tone, `${lang} ${k}`).toBe('good');
		}
		const zh = Object.fromEntries(deltas(worse, bucket({}), 'zh', 'month').map((x) => [x.key, x.text]));
		expect(zh).toMatchObject({ incidents: '事件总数环比 +50%', processing: '处理时长中位数环比 +60%', recurrence: '复发率环比 +10 个百分点', satisfaction: '满意度环比 −5 个百分点' });
		const en = Object.fromEntries(deltas(worse, bucket({}), 'en', 'month').map((x) => [x.key, x.text]));
		expect(en).toMatchObject({ incidents: 'Incidents +50% vs previous month', processing: 'Median processing time +60% vs previous month' });
	});
	it('deltaTone: the direction of good news per metric; no change is neither', () => {
		expect(deltaTone('incidents', -95)).toBe('good');
		expect(deltaTone('incidents', 95)).toBe('bad');
		expect(deltaTone('processing', 10)).toBe('bad');
		expect(deltaTone('satisfaction', 3)).toBe('good');
		expect(deltaTone('compliance', -3)).toBe('bad');
		expect(deltaTone('response', 0)).toBeNull();
		expect(
			Object.entries(RISE_IS_GOOD)
				.filter(([, good]) => good)
				.map(([k]) => k)
		).toEqual(['compliance', 'satisfaction']);
	});
	it('nothing to compare with gives no percentage', () => {
		expect(pctChange(3, 0)).toBeNull();
		expect(pctChange(null, 2)).toBeNull();
	});
});

describe('reported periods', () => {
	const nov = bucket({ start: 'nov' });
	const oct = bucket({ start: 'oct' });
	const dec = bucket({ start: 'dec', complete: false });
	it('the last complete period against the one before it; the running one apart', () => {
		expect(reportedPeriods([oct, nov, dec])).toEqual({ current: nov, previous: oct, running: dec });
		expect(reportedPeriods([oct, nov])).toEqual({ current: nov, previous: oct, running: undefined });
	});
	it('no complete period: nothing reported; a cut-short first period is not compared with', () => {
		expect(reportedPeriods([dec])).toEqual({ current: undefined, previous: undefined, running: dec });
		expect(reportedPeriods([bucket({ start: 'sep', complete: false }), oct, dec])).toEqual({ current: oct, previous: undefined, running: dec });
	});
});
