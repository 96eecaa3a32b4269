// Pieces every context's schemas share: the time and text helpers behind the 400 messages, the
// database's integer ceiling, the error envelope, and the building blocks of response shapes.
import { z } from 'zod';
import { LOCAL_TIME_EXAMPLES, parseLocalTime, type LocalTimeProblem } from '$lib/domain/local-time';

/** The largest value of the database's integer columns (versions, sequence numbers): larger ones are a 400, not a failed query. */
export const INT4_MAX = 2_147_483_647;

/** An ISO-8601 time with its offset, as a Date; years outside 1900–9999 are refused (the database cannot store year 0, and nothing here happens then). */
export const isoDateTime = (message?: string) =>
	z.iso
		.datetime({ offset: true, ...(message ? { message } : {}) })
		.refine((s) => {
			const year = new Date(s).getUTCFullYear();
			// not a date at all: the format check above says so, once
			return Number.isNaN(year) || (year >= 1900 && year <= 9999);
		}, 'expected a time between the years 1900 and 9999')
		.transform((s) => new Date(s));
export const isoDate = isoDateTime();
/** The same, with a message that shows an example (customer rows, contacts). */
export const isoTime = isoDateTime('expected an ISO-8601 time such as 2026-11-23T08:00:00Z');
/** Why a time cell was refused, naming the value: what customer rows (JSON or CSV) answer. */
export function localTimeMessage(value: string, problem: LocalTimeProblem): string {
	const v = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
	if (problem === 'ambiguous') return `${v} puts the year last, so day and month are ambiguous: write the year first, e.g. 2026/12/2 0:05`;
	if (problem === 'range') return `${v} is not a real date and time (month 1–12, a day of that month, hour 0–23, years 1900–9999)`;
	return `${v} is not a date and time: write e.g. ${LOCAL_TIME_EXAMPLES.slice(0, 3).join(', ')} (local time) or ISO-8601 with an offset such as 2026-12-02T00:05:00+08:00`;
}
/**
 * A time as Excel writes it or ISO-8601, as a Date: without an offset it is a wall-clock time in
 * `timeZone` (WARROOM_TIMEZONE). A refusal is a custom issue whose `params.code` says why
 * (`invalid_date`, `date_ambiguous`, `date_out_of_range`) and whose message names the value.
 */
export const localTime = (timeZone: string) =>
	z
		.string()
		.meta({ description: `ISO-8601 with an offset, or a local time in the server's zone (WARROOM_TIMEZONE): ${LOCAL_TIME_EXAMPLES.join(', ')}` })
		.transform((s, ctx) => {
			const r = parseLocalTime(s, timeZone);
			if (r.ok) return r.at;
			const code = { format: 'invalid_date', ambiguous: 'date_ambiguous', range: 'date_out_of_range' }[r.problem];
			ctx.addIssue({ code: 'custom', input: s, message: localTimeMessage(s, r.problem), params: { code } });
			return z.NEVER;
		});
export const text = (max: number) => z.string().trim().max(max);
export const optionalText = (max: number) => text(max).optional();
/** A query-string flag: "true" or "false", absent means false. */
export const queryFlag = () =>
	z
		.enum(['true', 'false'])
		.optional()
		.transform((v) => v === 'true');
/** A version sent back with a change (optimistic locking); `min` is 0 where 0 means "never saved". */
export const version = (min: 0 | 1 = 1) => z.number().int().min(min).max(INT4_MAX);

/**
 * The round trip (docs/api.md): a PUT or PATCH takes back the GET shape of its resource. The
 * fields of `shape` that a request cannot set are accepted, whatever their value, and the
 * service ignores them or checks them for consistency (identity, level, phase, stock).
 */
export function readOnlyFields<S extends z.ZodRawShape, K extends keyof S & string>(shape: z.ZodObject<S>, editable: readonly K[]) {
	const keys = Object.keys(shape.shape).filter((k) => !(editable as readonly string[]).includes(k));
	return Object.fromEntries(keys.map((k) => [k, z.unknown().optional().meta({ description: 'Read-only: accepted back from GET, not changed by this request' })])) as {
		[P in Exclude<keyof S, K>]: z.ZodOptional<z.ZodUnknown>;
	};
}

export interface ApiErrorBody {
	error: { code: string; message: string; details?: unknown };
}

// ---- building blocks of response shapes (the OpenAPI document and the *Json types come from them) ----

export const time = z.string().meta({ format: 'date-time', description: 'ISO-8601 UTC time' });
export const nullableTime = time.nullable();
export const int = z.number().int();
export const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export const bilingual = z.object({ en: z.string(), zh: z.string() });
export const UserRef = z.object({ id: z.string(), name: z.string() }).meta({ id: 'UserRef' });
export type UserRefJson = z.output<typeof UserRef>;

/** One bad field of a 400's `details` (customer rows add `row`). */
export const FieldError = z
	.object({
		row: z.number().int().optional(),
		field: z.string(),
		message: z.string(),
		/** Why, for clients to say it in their user's language (e.g. `invalid_date`, `invalid_email`, `future`, `cannot_hold_seat`). */
		code: z.string().optional(),
		/** The offending value as sent (customer rows cut it at 100 characters). */
		value: z.string().optional()
	})
	.meta({ id: 'FieldError' });
export type FieldErrorJson = z.output<typeof FieldError>;

/** `{items: [...]}`, the list envelope of every collection. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

// ---- paging: a window of a list whose size the database counted ----

/**
 * `?limit=&offset=` of a paged list. `limit` defaults to what the list answered before it was
 * paged, so a client that never sends it gets what it always got (and now `total` too).
 */
export const pageQuery = (o: { defaultLimit: number; maxLimit: number }) => ({
	limit: z.coerce
		.number()
		.int()
		.min(1)
		.max(o.maxLimit)
		.default(o.defaultLimit)
		.meta({ description: `How many items (1–${o.maxLimit}, default ${o.defaultLimit})` }),
	offset: z.coerce.number().int().min(0).max(INT4_MAX).default(0).meta({ description: 'How many items to skip (default 0)' })
});
export interface PageWindow {
	limit: number;
	offset: number;
}
/** `{items, total, limit, offset}`: `total` counts every item the filters match, not only this window. */
export const pageOf = <T extends z.ZodType>(item: T) =>
	z.object({
		items: z.array(item),
		total: int.meta({ description: 'How many items match the filters in all (every page)' }),
		limit: int,
		offset: int
	});
export type Page<T> = { items: T[]; total: number; limit: number; offset: number };
