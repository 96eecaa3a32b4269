import { describe, it, expect } from 'vitest';
import { dayInTimeZone, formatIncidentCode, isValidTimeZone } from '$lib/domain/codes';

describe('incident codes', () => {
	it('YJ + date + 4-digit daily serial', () => expect(formatIncidentCode('YJ', '20261123', 1)).toBe('YJ202611230001'));
	it('the date is the local day in the configured time zone', () => {
		const at = new Date('2026-11-23T17:30:00.000Z');
		expect(dayInTimeZone(at, 'Asia/Shanghai')).toBe('20261124');
		expect(dayInTimeZone(at, 'UTC')).toBe('20261123');
	});
	it('past 9999 the serial grows a digit instead of colliding', () => expect(formatIncidentCode('YJ', '20261123', 10000)).toBe('YJ2026112310000'));
	it('rejects a serial below 1', () => expect(() => formatIncidentCode('YJ', '20261123', 0)).toThrow());
	it('checks time zone names', () => {
		expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
		expect(isValidTimeZone('Mars/Olympus')).toBe(false);
	});
});
