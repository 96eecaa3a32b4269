// Times as people type them or Excel writes them, read in the organisation's zone (WARROOM_TIMEZONE).
// Chinese and English Excel save a date-time cell in a CSV as `2026/12/2 0:05` or
// `2026-12-02 00:05` (with seconds when the cell's format has them), Chinese text as
// `2026年12月2日 0:05`; API clients send ISO-8601 with an offset. A time without an offset is a
// wall-clock time in `timeZone`, converted with Intl (no time-zone library: the runtime's ICU
// data is maintained with Node). Year-last forms (`12/2/2026`) are refused: the day/month order
// depends on the exporter's locale and a wrong guess would move a deadline by months.

export type LocalTimeProblem = 'format' | 'ambiguous' | 'range';
export type LocalTimeResult = { ok: true; at: Date } | { ok: false; problem: LocalTimeProblem };

/** Examples of what is accepted, for messages and documentation. */
export const LOCAL_TIME_EXAMPLES = ['2026/12/2 0:05', '2026-12-02 00:05:30', '2026年12月2日 0:05', '2026/12/2', '2026-12-02T00:05:00+08:00'] as const;

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** Year first, `-`, `/` or `.` between the parts; time after a space or a `T`; seconds and fractions optional. */
const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?(?:\s*[:：]?\s*(\d{1,2})\s*秒?)?)?$/;
const YEAR_LAST = /^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}(?:\s.*)?$/;

interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	ms: number;
}

/** Parses `value` as an instant; a time without an offset is read in `timeZone`. */
export function parseLocalTime(value: string, timeZone: string): LocalTimeResult {
	const s = value.trim();
	const iso = ISO_WITH_OFFSET.exec(s);
	if (iso) {
		const wall = wallOf(iso.slice(1, 7));
		if (!wall) return { ok: false, problem: 'range' };
		const at = new Date(s);
		return Number.isNaN(at.getTime()) ? { ok: false, problem: 'range' } : inYears(at);
	}
	const m = YEAR_FIRST.exec(s) ?? CHINESE.exec(s);
	if (m) {
		const wall = wallOf(m.slice(1, 8));
		if (!wall) return { ok: false, problem: 'range' };
		return inYears(new Date(zonedToEpoch(wall, timeZone)));
	}
	return { ok: false, problem: YEAR_LAST.test(s) ? 'ambiguous' : 'format' };
}

function inYears(at: Date): LocalTimeResult {
	const y = at.getUTCFullYear();
	return y >= 1900 && y <= 9999 ? { ok: true, at } : { ok: false, problem: 'range' };
}

/** The parts as numbers, or null when one is out of its range (month 13, 31 February, 24:00). */
function wallOf(parts: (string | undefined)[]): WallClock | null {
	const n = (p: string | undefined) => (p === undefined ? 0 : Number(p));
	const w = { year: n(parts[0]), month: n(parts[1]), day: n(parts[2]), hour: n(parts[3]), minute: n(parts[4]), second: n(parts[5]), ms: parts[6] ? Number(parts[6].padEnd(3, '0')) : 0 };
	if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 59) return null;
	if (new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDate() !== w.day) return null;
	return w;
}

/** Formatters by zone: building one costs far more than using it, and an import reads 10,000 rows × 3 times. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
		formatters.set(timeZone, f);
	}
	return f;
}

/** The zone's offset from UTC at `epochMs`, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
	const p: Record<string, number> = {};
	for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
	const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour === 24 ? 0 : p.hour, p.minute, p.second);
	return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant a wall clock in `timeZone` shows; a second pass settles the offset around a DST change (a time in a gap moves past it). */
function zonedToEpoch(w: WallClock, timeZone: string): number {
	const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
	const o1 = zoneOffsetMs(wall, timeZone);
	const t1 = wall - o1;
	const o2 = zoneOffsetMs(t1, timeZone);
	if (o1 === o2) return t1;
	const t2 = wall - o2;
	return zoneOffsetMs(t2, timeZone) === o2 ? t2 : Math.max(t1, t2);
}

/** `2026-12-02 00:05` in `timeZone`: how the import preview and messages show an instant. */
export function formatLocalTime(at: Date, timeZone: string): string {
	return formatInZone(at, timeZone, 'datetime');
}

/**
 * How a time is shown: `datetime` 2026-12-02 00:05, `seconds` 2026-12-02 00:05:30, `date`
 * 2026-12-02, `time` 00:05, `timeSeconds` 00:05:30, `monthDay` 12-02 00:05. The same digits in
 * both languages: year first, 24 hours, nothing a reader in either language can misread.
 */
export type TimeStyle = 'datetime' | 'seconds' | 'date' | 'time' | 'timeSeconds' | 'monthDay';

/** Parts formatters by zone, for the same reason as `formatter` above: a table formats hundreds of times. */
const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
	let f = partsFormatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
		partsFormatters.set(timeZone, f);
	}
	return f;
}

/**
 * An instant as the wall clock in `timeZone` (WARROOM_TIMEZONE) shows it — never the zone of the
 * machine or browser that runs this. Every time the UI shows goes through here.
 */
export function formatInZone(at: Date | string | number, timeZone: string, style: TimeStyle = 'datetime'): string {
	const d = at instanceof Date ? at : new Date(at);
	if (Number.isNaN(d.getTime())) return '';
	const p: Record<string, string> = {};
	for (const part of partsFormatter(timeZone).formatToParts(d)) p[part.type] = part.value;
	const hour = p.hour === '24' ? '00' : p.hour;
	const date = `${p.year}-${p.month}-${p.day}`;
	switch (style) {
		case 'date':
			return date;
		case 'time':
			return `${hour}:${p.minute}`;
		case 'timeSeconds':
			return `${hour}:${p.minute}:${p.second}`;
		case 'monthDay':
			return `${p.month}-${p.day} ${hour}:${p.minute}`;
		case 'seconds':
			return `${date} ${hour}:${p.minute}:${p.second}`;
		default:
			return `${date} ${hour}:${p.minute}`;
	}
}

/** Zones whose local time China calls 北京时间 (Beijing time): UTC+8 all year. */
const BEIJING_ZONES = new Set(['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Chungking', 'Asia/Harbin', 'PRC']);
const UTC_ZONES = new Set([
	'UTC',
	'Etc/UTC',
	'Etc/UCT',
	'UCT',
	'Etc/Universal',
	'Universal',
	'Etc/Zulu',
	'Zulu',
	'GMT',
	'Etc/GMT',
	'Etc/GMT0',
	'Etc/GMT+0',
	'Etc/GMT-0',
	'GMT0',
	'Etc/Greenwich',
	'Greenwich'
]);

function zonePart(at: Date, timeZone: string, locale: string, style: 'long' | 'longOffset'): string {
	return new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/**
 * How the zone is named after a local time, in each language: 北京时间 / Beijing time for
 * China's zone, UTC for UTC, otherwise the zone's localized name with its offset at that moment
 * (`Japan Standard Time, UTC+09:00`; the offset follows daylight saving time).
 */
export function zoneLabel(at: Date, timeZone: string): { en: string; zh: string } {
	if (BEIJING_ZONES.has(timeZone)) return { en: 'Beijing time', zh: '北京时间' };
	if (UTC_ZONES.has(timeZone)) return { en: 'UTC', zh: 'UTC' };
	const offset = zonePart(at, timeZone, 'en', 'longOffset').replace(/^GMT/, 'UTC') || 'UTC';
	const name = (locale: string) => {
		const n = zonePart(at, timeZone, locale, 'long');
		// without a localized name Intl answers with the offset itself ("GMT+05:45"): say it once
		return /^(GMT|UTC)([+-−]|$)/.test(n) ? '' : n;
	};
	const en = name('en');
	const zh = name('zh-CN');
	return { en: en ? `${en}, ${offset}` : offset, zh: zh ? `${zh}，${offset}` : offset };
}
