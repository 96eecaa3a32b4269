// Incident codes: prefix + local date + 4-digit daily serial, e.g. YJ202611230001.

export const INCIDENT_CODE_PREFIX = 'YJ';

/** The calendar day (YYYYMMDD) of `at` in the given IANA time zone. */
export function dayInTimeZone(at: Date, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return `${get('year')}${get('month')}${get('day')}`;
}

export function formatIncidentCode(prefix: string, day: string, serial: number): string {
	if (!Number.isInteger(serial) || serial < 1) throw new RangeError(`bad serial ${serial}`);
	// Past 9999 in one day the code simply grows a digit rather than colliding.
	return `${prefix}${day}${String(serial).padStart(4, '0')}`;
}

export function isValidTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: tz });
		return true;
	} catch {
		return false;
	}
}
