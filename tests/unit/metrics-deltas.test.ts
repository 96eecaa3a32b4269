import { describe, it, expect } from 'vitest';
import { deltas, pctChange } from '$lib/domain/metrics';
import type { MetricsBucketJson } from '$lib/api/schemas';

const bucket = (over: Partial<MetricsBucketJson>): MetricsBucketJson => ({
	start: '2026-10-01T00:00:00Z',
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
	it('says "产品质量类事件环比 +20 %" and marks it as bad news', () => {
		const d = deltas(bucket({ byCategory: { product_quality: 6, service_failure: 5, special_scenario: 0 }, incidents: 11 }), bucket({}), 'zh', 'month');
		expect(d.find((x) => x.key === 'product_quality')).toEqual({ key: 'product_quality', text: '产品质量类事件环比 +20 %', good: false });
		expect(d.find((x) => x.key === 'incidents')?.text).toBe('事件总数环比 +10 %');
	});
	it('faster response and better compliance are good news, in English too', () => {
		const d = deltas(bucket({ responseMinutes: { mean: 24, p50: 24, p90: 40 }, contactCompliance: 0.95 }), bucket({}), 'en', 'quarter');
		expect(d.find((x) => x.key === 'response')).toEqual({ key: 'response', text: 'Median response time −20 % vs last quarter', good: true });
		expect(d.find((x) => x.key === 'compliance')?.text).toBe('Contact-deadline compliance +5 pts vs last quarter');
	});
	it('nothing to compare with gives no percentage', () => {
		expect(pctChange(3, 0)).toBeNull();
		expect(pctChange(null, 2)).toBeNull();
	});
});
