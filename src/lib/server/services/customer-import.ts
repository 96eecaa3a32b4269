// Customer lists as teams send them: a JSON array, or CSV exported by Excel (UTF-8 with or
// without BOM, or GBK/GB18030), with the api.md field names or their Chinese column titles.
// Every row is validated; errors name the row (1 = first data row), the field and the value. A CSV
// body is bounded (WARROOM_CSV_LIMIT_BYTES, 10,000 rows) and parsed without holding the event loop.
// Times may be written as Excel writes them (2026/12/2 0:05, 2026年12月2日 0:05) and are then read
// in WARROOM_TIMEZONE; JSON rows go through the same validator.
import { isUtf8 } from 'node:buffer';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { customerInput, customerColumnField, CUSTOMER_COLUMN_TITLES, CUSTOMER_FIELDS, MAX_CUSTOMERS_PER_REQUEST, type CustomerInputT } from '$lib/api/schemas';
import { ServiceError } from '../errors';
import { unstorableText } from '../text-input';
import { readBodyLimited } from '../http';

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

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Where UTF-8 holds in a file that is not UTF-8 throughout: the first line (1-based) that is valid
 * UTF-8 with a character of three bytes or more (Chinese written as UTF-8; a GBK line passes for
 * that only by rare chance) and the first line that is not valid UTF-8; 0 for none. A newline byte
 * never occurs inside a GBK/GB18030 character, so the file splits into lines as bytes.
 */
export function utf8Lines(bytes: Uint8Array): { firstUtf8: number; firstInvalid: number } {
	let firstUtf8 = 0;
	let firstInvalid = 0;
	for (let start = 0, line = 1; start <= bytes.length && !(firstUtf8 && firstInvalid); line++) {
		const nl = bytes.indexOf(0x0a, start);
		const end = nl < 0 ? bytes.length : nl;
		const text = bytes.subarray(start, end);
		if (!isUtf8(text)) firstInvalid ||= line;
		// in valid UTF-8, a byte from 0xE0 up only leads a character of three or four bytes
		else if (!firstUtf8 && text.some((b) => b >= 0xe0)) firstUtf8 = line;
		if (nl < 0) break;
		start = nl + 1;
	}
	return { firstUtf8, firstInvalid };
}

/** The data row (1 = first) that starts on `line`, as the parser counts them (blank lines skipped; 0 = the header). */
function rowOfLine(bytes: Uint8Array, line: number): number {
	let rows = 0;
	let current = 1;
	let blank = true;
	for (let i = 0; i < bytes.length && current < line; i++) {
		const b = bytes[i];
		if (b === 0x0a) {
			if (!blank) rows++;
			current++;
			blank = true;
		} else if (b !== 0x0d) blank = false;
	}
	return rows;
}

function encodingError(bytes: Uint8Array, line: number, message: string, code: string): ServiceError {
	const row = rowOfLine(bytes, line);
	const where = row === 0 ? `line ${line} (the header)` : `line ${line} (row ${row})`;
	return new ServiceError('invalid_input', `The CSV mixes encodings or has unreadable bytes: ${where} ${message}. Save the whole file in one encoding (Excel: "CSV UTF-8") and import it again`, [
		{ row, line, field: '(csv)', message, code }
	]);
}

/**
 * Bytes → text, decided for the whole file: valid UTF-8 throughout (a BOM is dropped), or
 * GB18030 throughout (a superset of GBK, as Excel on a Chinese Windows saves "CSV"). A file that
 * is neither — some lines UTF-8, others GBK, or bytes GB18030 cannot read — is refused with a 400
 * naming the line and row, never imported with replacement characters or mojibake.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		/* not UTF-8 throughout: GB18030, unless part of it is UTF-8 */
	}
	const { firstUtf8, firstInvalid } = utf8Lines(bytes);
	if (BOM.every((b, i) => bytes[i] === b)) {
		throw encodingError(bytes, firstInvalid, 'is not UTF-8, although the file starts with a UTF-8 byte-order mark', 'mixed_encoding');
	}
	if (firstUtf8) throw encodingError(bytes, firstUtf8, `is UTF-8, while line ${firstInvalid} is not (GBK/GB18030)`, 'mixed_encoding');
	const text = new TextDecoder('gb18030').decode(bytes);
	const bad = text.indexOf('\uFFFD');
	if (bad >= 0) {
		const line = text.slice(0, bad).split('\n').length;
		throw encodingError(bytes, line, 'has bytes that are neither UTF-8 nor GBK/GB18030', 'invalid_encoding');
	}
	return text;
}

/** Text handed to the CSV parser at a time; the event loop runs other work between slices. */
const PARSE_SLICE_CHARS = 64 * 1024;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function tooManyRows(): ServiceError {
	return new ServiceError('too_large', `At most ${MAX_CUSTOMERS_PER_REQUEST} customers per request: the CSV has more (reading stopped at row ${MAX_CUSTOMERS_PER_REQUEST + 1}); split the list`, {
		maxRows: MAX_CUSTOMERS_PER_REQUEST
	});
}

/**
 * The CSV's records, parsed with csv-parse's streaming parser fed in slices, yielding to the event
 * loop between them (a list of a few MB never holds the server's thread for long); reading stops
 * with a 413 at the record after the header and `maxRows` rows.
 */
async function csvRecords(text: string, maxRows: number): Promise<string[][]> {
	const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
	const records: string[][] = [];
	let failure: Error | undefined;
	parser.on('data', (record: string[]) => records.push(record));
	parser.on('error', (err: Error) => (failure ??= err));
	const check = () => {
		if (failure) {
			const line = (failure as { lines?: number }).lines;
			throw new ServiceError('invalid_input', `The CSV could not be read${line ? ` (line ${line})` : ''}: ${failure.message}`, [{ row: 0, field: '(csv)', message: failure.message }]);
		}
		if (records.length > maxRows + 1) {
			parser.destroy();
			throw tooManyRows();
		}
	};
	for (let at = 0; at < text.length; at += PARSE_SLICE_CHARS) {
		parser.write(text.slice(at, at + PARSE_SLICE_CHARS));
		await nextTurn();
		check();
	}
	parser.end();
	await finished(parser).catch((err: Error) => (failure ??= err));
	check();
	return records;
}

/** Parses CSV text into objects keyed by api.md field names; empty cells are left out. */
export async function parseCustomerCsv(text: string): Promise<Record<string, unknown>[]> {
	const records = await csvRecords(text, MAX_CUSTOMERS_PER_REQUEST);
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

/**
 * A CSV request body as customer rows: at most `limitBytes` (WARROOM_CSV_LIMIT_BYTES; a larger
 * Content-Length is refused before reading, a chunked body as soon as it passes the limit), one
 * encoding throughout, at most 10,000 rows.
 */
export async function readCustomerCsv(request: Request, limitBytes: number): Promise<Record<string, unknown>[]> {
	const bytes = await readBodyLimited(
		request,
		limitBytes,
		() =>
			new ServiceError('too_large', `A CSV upload is limited to ${formatBytes(limitBytes)} (WARROOM_CSV_LIMIT_BYTES) and ${MAX_CUSTOMERS_PER_REQUEST} customers; split the list`, {
				limitBytes,
				maxRows: MAX_CUSTOMERS_PER_REQUEST
			})
	);
	return parseCustomerCsv(decodeCsvBytes(bytes));
}

const formatBytes = (n: number) => (n % (1024 * 1024) === 0 ? `${n / 1024 / 1024} MB` : n % 1024 === 0 ? `${n / 1024} KB` : `${n} bytes`);

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
