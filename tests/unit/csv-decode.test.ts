// A customer list is read in one encoding, decided for the whole file: UTF-8 throughout (BOM
// allowed) or GB18030 throughout. A file that mixes them is refused naming the line and row;
// parsing stops at the 10,001st row and never holds the event loop for the whole file.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, parseCustomerCsv, utf8Lines } from '$lib/server/services/customer-import';
import { ServiceError } from '$lib/server/errors';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', name));
/** The GBK export with line `n` (1-based) replaced by the same line written as UTF-8. */
function mixedFile(n: number): Buffer {
	const raw = fixture('customers-50-excel-gbk.csv');
	const lines: Buffer[] = [];
	let start = 0;
	for (let i = 0; i < raw.length; i++) {
		if (raw[i] !== 0x0a) continue;
		lines.push(raw.subarray(start, i + 1));
		start = i + 1;
	}
	if (start < raw.length) lines.push(raw.subarray(start));
	lines[n - 1] = Buffer.from(new TextDecoder('gb18030').decode(lines[n - 1]), 'utf8');
	return Buffer.concat(lines);
}

function refusal(fn: () => unknown): ServiceError {
	try {
		fn();
	} catch (err) {
		if (err instanceof ServiceError) return err;
		throw err;
	}
	throw new Error('expected a refusal');
}

describe('CSV encoding, decided per file', () => {
	it('reads every fixture: UTF-8, UTF-8 with a BOM, Chinese Excel dates, and the GBK export as the same customers', async () => {
		for (const name of ['customers-50.csv', 'customers-50-excel-bom.csv', 'customers-50-excel-cn-dates.csv', 'customers-50-two-bad-rows.csv']) {
			const rows = await parseCustomerCsv(decodeCsvBytes(fixture(name)));
			expect(rows, name).toHaveLength(50);
		}
		const utf8 = await parseCustomerCsv(decodeCsvBytes(fixture('customers-50.csv')));
		const fromGbk = await parseCustomerCsv(decodeCsvBytes(fixture('customers-50-excel-gbk.csv')));
		expect(fromGbk.map((r) => r.name)).toEqual(utf8.map((r) => r.name));
		expect(decodeCsvBytes(fixture('customers-50-excel-bom.csv')).startsWith('\uFEFF')).toBe(false);
	});

	it('a GBK file with one row written as UTF-8 is refused naming that line and row (not stored as mojibake)', () => {
		const err = refusal(() => decodeCsvBytes(mixedFile(8)));
		expect(err.status).toBe(400);
		expect(err.message).toContain('line 8 (row 7)');
		expect(err.details).toEqual([expect.objectContaining({ row: 7, line: 8, field: '(csv)', code: 'mixed_encoding' })]);
	});

	it('a UTF-8 header (the downloaded template) over GBK rows names the header', () => {
		const zhangSanGbk = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]);
		const bytes = Buffer.concat([Buffer.from('姓名,联系电话\n', 'utf8'), zhangSanGbk, Buffer.from(',13800000000\n')]);
		const err = refusal(() => decodeCsvBytes(bytes));
		expect(err.details).toEqual([expect.objectContaining({ row: 0, line: 1, code: 'mixed_encoding' })]);
	});

	it('a file that starts with a UTF-8 byte-order mark but has GBK rows names the first GBK line', () => {
		const gbkRows = fixture('customers-50-excel-gbk.csv');
		const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), gbkRows]);
		const err = refusal(() => decodeCsvBytes(bytes));
		expect(err.message).toContain('byte-order mark');
		// the GBK export's header is ASCII: its first Chinese text is on line 2
		expect(err.details).toEqual([expect.objectContaining({ line: 2, row: 1, code: 'mixed_encoding' })]);
	});

	it('bytes that GB18030 cannot read either are refused naming the line, never kept as U+FFFD', () => {
		const bytes = Buffer.concat([Buffer.from('name,phone\n张三,13800000000\n', 'latin1'), Buffer.from([0x62, 0xff, 0x0a])]);
		const err = refusal(() => decodeCsvBytes(bytes));
		expect(err.details).toEqual([expect.objectContaining({ line: 3, row: 2, code: 'invalid_encoding' })]);
	});

	it('utf8Lines finds the first UTF-8 Chinese line and the first line that is not UTF-8', () => {
		const bytes = Buffer.concat([Buffer.from('name\n'), Buffer.from([0xd5, 0xc5, 0x0a]), Buffer.from('李四\n', 'utf8')]);
		expect(utf8Lines(bytes)).toEqual({ firstUtf8: 3, firstInvalid: 2 });
		// overlong forms and surrogates are not UTF-8
		expect(utf8Lines(Buffer.from([0xc0, 0xaf])).firstInvalid).toBe(1);
		expect(utf8Lines(Buffer.from([0xed, 0xa0, 0x80])).firstInvalid).toBe(1);
		expect(utf8Lines(Buffer.from('中文\n', 'utf8'))).toEqual({ firstUtf8: 1, firstInvalid: 0 });
	});
});

describe('CSV rows, bounded and parsed in slices', () => {
	const list = (n: number) => `name\n${'a\n'.repeat(n)}`;

	it('10,000 rows are read; the 10,001st stops the parse with a 413 naming the cap', async () => {
		await expect(parseCustomerCsv(list(10_000))).resolves.toHaveLength(10_000);
		const err = await parseCustomerCsv(list(10_001)).then(
			() => null,
			(e: unknown) => e as ServiceError
		);
		expect(err?.status).toBe(413);
		expect(err?.message).toContain('At most 10000 customers');
		expect(err?.details).toEqual({ maxRows: 10_000 });
	});

	/** Counts the event loop's turns while `work` runs (one per setImmediate the work lets through). */
	async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
		let turns = 0;
		let spinning = true;
		const spin = () => {
			turns++;
			if (spinning) setImmediate(spin);
		};
		setImmediate(spin);
		try {
			await work();
		} finally {
			spinning = false;
		}
		return turns;
	}

	it('a 4-million-row text is refused after its first slices, with the event loop turning between them', async () => {
		const text = list(4_000_000);
		const turns = await turnsDuring(() => expect(parseCustomerCsv(text)).rejects.toMatchObject({ status: 413 }));
		// the whole 8 MB text is 122 slices of 64k characters; the 10,001st row comes in the first
		expect(turns).toBeGreaterThan(0);
		expect(turns).toBeLessThan(10);
	});

	it('a long valid list yields to the event loop while it is parsed', async () => {
		const text = `name,symptom\n${Array.from({ length: 10_000 }, (_, i) => `客户${i},充电时电池鼓包，外壳开裂，无法开机`).join('\n')}`;
		// at least one turn per 64k-character slice
		expect(await turnsDuring(() => parseCustomerCsv(text))).toBeGreaterThanOrEqual(Math.floor(text.length / 65_536));
	});
});
