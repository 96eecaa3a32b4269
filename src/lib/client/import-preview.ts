// What the import dialog can tell before the upload, from the same rules the server applies: which
// columns are times (shown as local times in WARROOM_TIMEZONE), which time cells the server will
// refuse, and how many rows will be overdue the moment they land (registered longer ago than the
// incident level's contact window).
import { customerColumnField, CUSTOMER_TIME_FIELDS, type CustomerInputT } from '$lib/api/schemas';
import { contactDeadline } from '$lib/domain/deadlines';
import { formatLocalTime, parseLocalTime } from '$lib/domain/local-time';
import type { Level } from '$lib/domain/levels';

export interface PreviewCell {
	text: string;
	/** The cell as sent, when `text` shows it differently (a time in the local zone). */
	raw?: string;
	/** A time cell the server will refuse. */
	bad?: boolean;
}

export interface ImportPreviewSummary {
	fields: (keyof CustomerInputT | undefined)[];
	/** Rows whose contact deadline (reportedAt + the level's window) is already past. */
	overdue: number;
	/** How long ago the most recently registered of those rows was registered, in ms: "more than this ago". */
	overdueAgeMs: number;
	/** Time cells the server will refuse: 1-based row, field, value. */
	badTimes: { row: number; field: string; value: string }[];
}

const isTimeField = (f: keyof CustomerInputT | undefined): boolean => !!f && (CUSTOMER_TIME_FIELDS as readonly string[]).includes(f);

/** The summary over every data row (not only the rows shown). */
export function summarizeImport(header: string[], rows: string[][], o: { timeZone: string; level: Level; now: Date }): ImportPreviewSummary {
	const fields = header.map(customerColumnField);
	const reportedAt = fields.indexOf('reportedAt');
	let overdue = 0;
	let overdueAgeMs = Infinity;
	const badTimes: ImportPreviewSummary['badTimes'] = [];
	rows.forEach((cells, i) => {
		fields.forEach((f, c) => {
			const v = cells[c]?.trim();
			if (!isTimeField(f) || !v) return;
			const r = parseLocalTime(v, o.timeZone);
			if (!r.ok) badTimes.push({ row: i + 1, field: f!, value: v });
			else if (c === reportedAt && contactDeadline(r.at, o.level).dueAt.getTime() <= o.now.getTime()) {
				overdue++;
				overdueAgeMs = Math.min(overdueAgeMs, o.now.getTime() - r.at.getTime());
			}
		});
	});
	return { fields, overdue, overdueAgeMs: overdue ? overdueAgeMs : 0, badTimes };
}

/** A cell as the preview shows it: time columns as local times in `timeZone`. */
export function previewCell(value: string, field: keyof CustomerInputT | undefined, timeZone: string): PreviewCell {
	const v = value.trim();
	if (!isTimeField(field) || !v) return { text: value };
	const r = parseLocalTime(v, timeZone);
	if (!r.ok) return { text: value, bad: true };
	const local = formatLocalTime(r.at, timeZone);
	return local === v ? { text: local } : { text: local, raw: v };
}

/** A whole number of the largest unit that fits (days, hours, minutes), for "more than 8 days ago". */
export function ageParts(ms: number): { unit: 'days' | 'hours' | 'minutes'; n: number } {
	if (ms >= 86_400_000) return { unit: 'days', n: Math.floor(ms / 86_400_000) };
	if (ms >= 3_600_000) return { unit: 'hours', n: Math.floor(ms / 3_600_000) };
	return { unit: 'minutes', n: Math.max(1, Math.floor(ms / 60_000)) };
}
