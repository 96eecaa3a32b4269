// Every time the UI shows is the wall clock of WARROOM_TIMEZONE, never the zone of the machine
// that formats it; and a paged list says which of how many it shows.
import { describe, it, expect } from 'vitest';
import { formatInZone, zoneLabel } from '$lib/domain/local-time';
import { pageLinks } from '$lib/client/paging';

// 2026-12-01 16:05:30 UTC is 2026-12-02 00:05:30 in Beijing and 2026-12-01 11:05:30 in New York
const AT = '2026-12-01T16:05:30.000Z';

describe('formatInZone: the server zone’s wall clock', () => {
	it.each([
		['datetime', '2026-12-02 00:05'],
		['seconds', '2026-12-02 00:05:30'],
		['date', '2026-12-02'],
		['time', '00:05'],
		['timeSeconds', '00:05:30'],
		['monthDay', '12-02 00:05']
	] as const)('%s in Asia/Shanghai → %s', (style, text) => {
		expect(formatInZone(AT, 'Asia/Shanghai', style)).toBe(text);
	});

	it('the same instant reads as the zone’s own day and hour, whatever the process zone is', () => {
		expect(formatInZone(AT, 'America/New_York')).toBe('2026-12-01 11:05');
		expect(formatInZone(AT, 'UTC')).toBe('2026-12-01 16:05');
		expect(formatInZone(new Date(AT), 'Asia/Kathmandu')).toBe('2026-12-01 21:50');
		// New York in summer: daylight saving time moves the offset to −4 h
		expect(formatInZone('2026-07-01T16:05:00Z', 'America/New_York')).toBe('2026-07-01 12:05');
	});

	it('midnight is 00, never 24; epoch numbers and Dates are accepted; nonsense is empty, not "Invalid Date"', () => {
		expect(formatInZone('2026-12-01T16:00:00Z', 'Asia/Shanghai', 'time')).toBe('00:00');
		expect(formatInZone(Date.parse(AT), 'Asia/Shanghai')).toBe('2026-12-02 00:05');
		expect(formatInZone('not a time', 'Asia/Shanghai')).toBe('');
	});

	it('names the zone: 北京时间 for Shanghai, name and offset elsewhere', () => {
		expect(zoneLabel(new Date(AT), 'Asia/Shanghai')).toEqual({ en: 'Beijing time', zh: '北京时间' });
		expect(zoneLabel(new Date(AT), 'America/New_York').en).toBe('Eastern Standard Time, UTC-05:00');
	});
});

describe('pageLinks: "显示 51–100 / 共 7,047"', () => {
	const url = new URL('http://x/improvements?status=open&offset=50');

	it('a middle page: its range, the total with thousands separated, links that keep the filters', () => {
		const p = pageLinks({ total: 7047, limit: 50, offset: 50 }, url, 'zh');
		expect(p.range).toEqual({ from: '51', to: '100', total: '7,047' });
		expect([p.current, p.pages]).toEqual([2, 141]);
		expect(p.first).toBe('/improvements?status=open');
		expect(p.prev).toBe('/improvements?status=open');
		expect(p.next).toBe('/improvements?status=open&offset=100');
		expect(p.last).toBe('/improvements?status=open&offset=7000');
	});

	it('the last page shows the remainder and leads no further; the first leads no back', () => {
		const last = pageLinks({ total: 7047, limit: 50, offset: 7000 }, url, 'en');
		expect(last.range).toEqual({ from: '7,001', to: '7,047', total: '7,047' });
		expect([last.next, last.last]).toEqual([null, null]);
		const first = pageLinks({ total: 7047, limit: 50, offset: 0 }, new URL('http://x/search?q=电池'), 'en');
		expect([first.first, first.prev]).toEqual([null, null]);
		expect(first.next).toBe(`/search?q=${encodeURIComponent('电池')}&offset=50`);
	});

	it('one page, and nothing at all', () => {
		expect(pageLinks({ total: 7, limit: 50, offset: 0 }, url, 'zh')).toMatchObject({ pages: 1, range: { from: '1', to: '7', total: '7' }, next: null, prev: null });
		expect(pageLinks({ total: 0, limit: 50, offset: 0 }, url, 'zh')).toMatchObject({ pages: 1, range: { from: '0', to: '0', total: '0' } });
	});

	it('an offset past the end (a bookmark of a list that shrank) leads back to the real last page', () => {
		const p = pageLinks({ total: 120, limit: 50, offset: 500 }, url, 'en');
		expect(p.current).toBe(3);
		expect(p.next).toBeNull();
		expect(p.prev).toBe('/improvements?status=open&offset=100');
	});
});
