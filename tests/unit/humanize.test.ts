import { describe, expect, it } from 'vitest';
import { ago, deadlineText, humanDuration } from '../../src/lib/client/humanize';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe('humanised durations', () => {
	it('one format for every overdue time the wall showed three ways (+1:17, +1:27:11, +207:32:52)', () => {
		expect(humanDuration(-(1 * MIN + 17 * S), 'zh')).toBe('1 分 17 秒');
		expect(humanDuration(-(1 * H + 27 * MIN + 11 * S), 'zh')).toBe('1 小时 27 分');
		expect(humanDuration(-(207 * H + 32 * MIN + 52 * S), 'zh')).toBe('8 天 15 小时');
		expect(humanDuration(8 * D, 'zh')).toBe('8 天');
		expect(humanDuration(8 * D, 'en')).toBe('8 d');
		expect(humanDuration(45 * S, 'en')).toBe('45 s');
		expect(humanDuration(2 * H, 'en')).toBe('2 h');
	});
	it('says which side of the deadline', () => {
		expect(deadlineText(-(1 * MIN + 17 * S), 'zh')).toBe('超时 1 分 17 秒');
		expect(deadlineText(4 * MIN + 3 * S, 'zh')).toBe('还剩 4 分 3 秒');
		expect(deadlineText(-8 * D, 'en')).toBe('8 d overdue');
		expect(deadlineText(4 * MIN, 'en')).toBe('4 min left');
	});
	it('ages instead of absolute times', () => {
		const now = Date.parse('2026-12-01T12:00:00Z');
		expect(ago('2026-12-01T11:59:30Z', now, 'zh')).toBe('刚刚');
		expect(ago('2026-12-01T11:25:00Z', now, 'zh')).toBe('35 分钟前');
		expect(ago('2026-12-01T09:00:00Z', now, 'en')).toBe('3 h ago');
		expect(ago('2026-11-29T12:00:00Z', now, 'zh')).toBe('2 天前');
		expect(ago('2026-12-01T12:05:00Z', now, 'en')).toBe('just now');
	});
});
