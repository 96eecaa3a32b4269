// Customer lists as teams send them: a JSON array, or CSV exported by Excel (UTF-8 with or
// without BOM, or GBK/GB18030), with the api.md field names or their Chinese column titles.
// Every row is validated; errors name the row (1 = first data row) and the field.
import { parse } from 'csv-parse/sync';
import { CustomerInput, CUSTOMER_FIELDS, MAX_CUSTOMERS_PER_REQUEST, type CustomerInputT } from '$lib/api/schemas';
import { ServiceError } from '../errors';
import { unstorableText } from '../text-input';

export interface RowError {
	row: number;
	field: string;
	message: string;
	/** What is wrong, for clients to say it in their user's language: zod's issue code, `unknown_field`, `future` or `unstorable_text`. */
	code?: string;
}

export interface ValidatedRows {
	valid: { row: number; data: CustomerInputT }[];
	errors: RowError[];
}

/** Chinese column titles used by the guide's 客户问题信息表, mapped to api.md field names. */
const HEADER_ALIASES: Record<string, keyof CustomerInputT> = {
	姓名: 'name',
	客户姓名: 'name',
	电话: 'phone',
	联系电话: 'phone',
	手机: 'phone',
	手机号: 'phone',
	邮箱: 'email',
	电子邮箱: 'email',
	订单号: 'orderNo',
	购买时间: 'purchasedAt',
	产品型号: 'productModel',
	问题描述: 'symptom',
	故障现象: 'symptom',
	发生时间: 'occurredAt',
	影响程度: 'impact',
	影响: 'impact',
	登记时间: 'reportedAt',
	反馈时间: 'reportedAt'
};

/** Bytes → text: UTF-8 (BOM dropped) when it decodes cleanly, else GB18030 (a superset of GBK). */
export function decodeCsvBytes(bytes: Uint8Array): string {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		return new TextDecoder('gb18030').decode(bytes);
	}
}

function headerField(raw: string): keyof CustomerInputT | undefined {
	const h = raw.trim();
	const exact = CUSTOMER_FIELDS.find((f) => f === h) ?? CUSTOMER_FIELDS.find((f) => f.toLowerCase() === h.toLowerCase());
	return exact ?? HEADER_ALIASES[h];
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
	const fields = header.map(headerField);
	const unknown = header.filter((_, i) => !fields[i]);
	if (unknown.length) {
		throw new ServiceError(
			'invalid_input',
			`Unknown CSV column(s): ${unknown.join(', ')}. Use the api.md field names: ${CUSTOMER_FIELDS.join(', ')}`,
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

/** Validates every row; nothing is dropped silently. `now` bounds reportedAt (not in the future). */
export function validateCustomerRows(rows: unknown[], now: Date): ValidatedRows {
	const out: ValidatedRows = { valid: [], errors: [] };
	const latest = now.getTime() + 5 * 60_000; // tolerate small client clock skew
	rows.forEach((raw, i) => {
		const row = i + 1;
		const parsed = CustomerInput.safeParse(raw);
		if (!parsed.success) {
			for (const issue of parsed.error.issues) {
				const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
				const field = keys?.length ? keys.join(',') : issue.path.map(String).join('.') || '(row)';
				out.errors.push({ row, field, message: keys?.length ? 'unknown field' : issue.message, code: keys?.length ? 'unknown_field' : issue.code });
			}
			return;
		}
		const bad = unstorableText(parsed.data);
		if (bad) {
			out.errors.push({ row, ...bad, code: 'unstorable_text' });
			return;
		}
		if (parsed.data.reportedAt && parsed.data.reportedAt.getTime() > latest) {
			out.errors.push({ row, field: 'reportedAt', message: 'cannot be in the future', code: 'future' });
			return;
		}
		out.valid.push({ row, data: parsed.data });
	});
	return out;
}
