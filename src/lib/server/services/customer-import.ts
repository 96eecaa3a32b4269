// Customer lists as teams send them: a JSON array, or CSV exported by Excel (UTF-8 with or
// without BOM, or GBK/GB18030), with the api.md field names or their Chinese column titles.
// Every row is validated; errors name the row (1 = first data row), the field and the value.
// Times may be written as Excel writes them (2026/12/2 0:05, 2026年12月2日 0:05) and are then read
// in WARROOM_TIMEZONE; JSON rows go through the same validator.
import { parse } from 'csv-parse/sync';
import { customerInput, customerColumnField, CUSTOMER_COLUMN_TITLES, CUSTOMER_FIELDS, MAX_CUSTOMERS_PER_REQUEST, type CustomerInputT } from '$lib/api/schemas';
import { ServiceError } from '../errors';
import { unstorableText } from '../text-input';

export interface RowError {
	row: number;
	field: string;
	message: string;
	/**
	 * What is wrong, for clients to say it in their user's language: `invalid_date`,
	 * `date_ambiguous`, `date_out_of_range`, `invalid_email`, `invalid_phone`, `unknown_field`,
	 * `future`, `unstorable_text`, or zod's issue code.
	 */
	code?: string;
	/** The offending value as sent (cut at 100 characters), when the row had one. */
	value?: string;
}

export interface ValidatedRows {
	valid: { row: number; data: CustomerInputT }[];
	errors: RowError[];
}

/** Bytes → text: UTF-8 (BOM dropped) when it decodes cleanly, else GB18030 (a superset of GBK). */
export function decodeCsvBytes(bytes: Uint8Array): string {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		return new TextDecoder('gb18030').decode(bytes);
	}
}

/** Parses CSV text into objects keyed by api.md field names; empty cells are left out. */
export function parseCustomerCsv(text: string): Record<string, unknown>[] {
	let records: string[][];
	try {
		records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
	} catch (err) {
		const line = (err as { lines?: number }).lines;
		throw new ServiceError('invalid_input', `The CSV could not be read${line ? ` (line ${line})` : ''}: ${(err as Error).message}`, [{ row: 0, field: '(csv)', message: (err as Error).message }]);
	}
	if (records.length === 0) throw new ServiceError('invalid_input', 'The CSV is empty; send a header row and at least one customer', [{ row: 0, field: '(csv)', message: 'empty' }]);
	const [header, ...rows] = records;
	const fields = header.map(customerColumnField);
	const unknown = header.filter((_, i) => !fields[i]);
	if (unknown.length) {
		throw new ServiceError(
			'invalid_input',
			`Unknown CSV column(s): ${unknown.join(', ')}. Use the api.md field names (${CUSTOMER_FIELDS.join(', ')}) or the template's Chinese titles (${templateHeader().join(', ')})`,
			unknown.map((u) => ({ row: 0, field: u, message: 'unknown column' }))
		);
	}
	if (!fields.includes('name')) throw new ServiceError('invalid_input', 'The CSV needs a "name" column', [{ row: 0, field: 'name', message: 'missing column' }]);
	checkCount(rows.length);
	return rows.map((cells) => {
		const obj: Record<string, unknown> = {};
		cells.forEach((cell, i) => {
			const field = fields[i];
			if (field && cell !== '') obj[field] = field === 'evidenceAuthorized' ? /^(true|1|yes|是)$/i.test(cell) : cell;
		});
		return obj;
	});
}

export function checkCount(n: number): void {
	if (n === 0) throw new ServiceError('invalid_input', 'No customers in the request', [{ row: 0, field: '(body)', message: 'empty' }]);
	if (n > MAX_CUSTOMERS_PER_REQUEST) {
		throw new ServiceError('too_large', `At most ${MAX_CUSTOMERS_PER_REQUEST} customers per request (got ${n}); split the list`);
	}
}

/** The CSV template's header: the first Chinese title of each field, in api.md order. */
export function templateHeader(): string[] {
	return CUSTOMER_FIELDS.map((f) => CUSTOMER_COLUMN_TITLES[f][0]);
}

/** The CSV template as Excel opens it: UTF-8 with a byte-order mark, CRLF, the header row only. */
export function customerCsvTemplate(): string {
	return `\uFEFF${templateHeader().join(',')}\r\n`;
}

/** The value a row sent for `field`, as text for the report (cut at 100 characters). */
function sentValue(raw: unknown, field: string): string | undefined {
	if (!raw || typeof raw !== 'object' || !(field in raw)) return undefined;
	const v = (raw as Record<string, unknown>)[field];
	if (v === undefined || v === null) return undefined;
	const s = typeof v === 'string' ? v : JSON.stringify(v);
	return s.length > 100 ? `${s.slice(0, 100)}…` : s;
}

/** The report's code for a zod issue: specific for times, e-mail and phone; zod's own otherwise. */
function issueCode(issue: { code: string; path: PropertyKey[]; format?: string; params?: Record<string, unknown> }): string {
	if (issue.code === 'custom' && typeof issue.params?.code === 'string') return issue.params.code;
	const field = String(issue.path[0] ?? '');
	if (issue.code === 'invalid_format' && field === 'email') return 'invalid_email';
	if (issue.code === 'invalid_format' && field === 'phone') return 'invalid_phone';
	return issue.code;
}

/**
 * Validates every row; nothing is dropped silently. `now` bounds reportedAt (not in the future);
 * times without an offset are read in `timeZone`.
 */
export function validateCustomerRows(rows: unknown[], now: Date, timeZone: string): ValidatedRows {
	const schema = customerInput(timeZone);
	const out: ValidatedRows = { valid: [], errors: [] };
	const latest = now.getTime() + 5 * 60_000; // tolerate small client clock skew
	rows.forEach((raw, i) => {
		const row = i + 1;
		const parsed = schema.safeParse(raw);
		if (!parsed.success) {
			for (const issue of parsed.error.issues) {
				const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
				const field = keys?.length ? keys.join(',') : issue.path.map(String).join('.') || '(row)';
				const value = keys?.length === 1 ? sentValue(raw, keys[0]) : sentValue(raw, field);
				out.errors.push({
					row,
					field,
					message: keys?.length ? 'unknown field' : issue.message,
					code: keys?.length ? 'unknown_field' : issueCode(issue as Parameters<typeof issueCode>[0]),
					...(value !== undefined ? { value } : {})
				});
			}
			return;
		}
		const bad = unstorableText(parsed.data);
		if (bad) {
			out.errors.push({ row, ...bad, code: 'unstorable_text' });
			return;
		}
		if (parsed.data.reportedAt && parsed.data.reportedAt.getTime() > latest) {
			out.errors.push({ row, field: 'reportedAt', message: 'cannot be in the future', code: 'future', ...(sentValue(raw, 'reportedAt') !== undefined ? { value: sentValue(raw, 'reportedAt') } : {}) });
			return;
		}
		out.valid.push({ row, data: parsed.data });
	});
	return out;
}
