// Times as Chinese and English Excel write them, read in WARROOM_TIMEZONE; refusals name the value.
import { describe, it, expect } from 'vitest';
import { formatLocalTime, parseLocalTime } from '$lib/domain/local-time';
import { customerInput } from '$lib/api/schemas';
import { localTimeMessage } from '$lib/api/schemas/common';
import { validateCustomerRows, customerCsvTemplate, parseCustomerCsv } from '$lib/server/services/customer-import';
import { summarizeImport, previewCell, ageParts } from '$lib/client/import-preview';

const SH = 'Asia/Shanghai';
const at = (v: string, tz = SH) => {
	const r = parseLocalTime(v, tz);
	if (!r.ok) throw new Error(`${v}: ${r.problem}`);
	return r.at.toISOString();
};

describe('local times as Excel writes them, in WARROOM_TIMEZONE', () => {
	it.each([
		['2026/12/2 0:05', '2026-12-01T16:05:00.000Z'],
		['2026/12/2 00:05', '2026-12-01T16:05:00.000Z'],
		['2026/12/2 0:05:30', '2026-12-01T16:05:30.000Z'],
		['2026-12-02 00:05', '2026-12-01T16:05:00.000Z'],
		['2026-12-02 00:05:30', '2026-12-01T16:05:30.000Z'],
		['2026-12-02T00:05', '2026-12-01T16:05:00.000Z'],
		['2026年12月2日 0:05', '2026-12-01T16:05:00.000Z'],
		['2026年12月2日 0:05:30', '2026-12-01T16:05:30.000Z'],
		['2026年12月2日', '2026-12-01T16:00:00.000Z'],
		['2026/12/2', '2026-12-01T16:00:00.000Z'],
		['2026-12-02', '2026-12-01T16:00:00.000Z'],
		['  2026/12/2 23:59  ', '2026-12-02T15:59:00.000Z']
	])('%s in Asia/Shanghai → %s', (value, iso) => {
		expect(at(value)).toBe(iso);
	});

	it('ISO-8601 with an offset is the instant it says, whatever the zone', () => {
		expect(at('2026-11-23T05:51:00.000Z')).toBe('2026-11-23T05:51:00.000Z');
		expect(at('2026-12-02T00:05:00+08:00', 'America/New_York')).toBe('2026-12-01T16:05:00.000Z');
		expect(at('2026-12-02T00:05:00-05:00', SH)).toBe('2026-12-02T05:05:00.000Z');
	});

	it('the same wall clock is another instant in another zone, daylight saving included', () => {
		expect(at('2026/12/2 0:05', 'UTC')).toBe('2026-12-02T00:05:00.000Z');
		expect(at('2026/12/2 0:05', 'America/New_York')).toBe('2026-12-02T05:05:00.000Z'); // EST, −5
		expect(at('2026/7/2 0:05', 'America/New_York')).toBe('2026-07-02T04:05:00.000Z'); // EDT, −4
		expect(at('2026/7/2 0:05', 'Europe/London')).toBe('2026-07-01T23:05:00.000Z'); // BST, +1
	});

	it.each([
		['2026/13/45', 'range'],
		['2026/2/30', 'range'],
		['2026/12/2 24:00', 'range'],
		['2026/12/2 12:60', 'range'],
		['1899/12/31', 'range'],
		['12/2/2026 0:05', 'ambiguous'],
		['02/12/2026', 'ambiguous'],
		['昨天下午', 'format'],
		['2026/12', 'format'],
		['', 'format']
	])('%s is refused (%s)', (value, problem) => {
		expect(parseLocalTime(value, SH)).toEqual({ ok: false, problem });
	});

	it('the refusal names the value', () => {
		expect(localTimeMessage('2026/13/45', 'range')).toContain('"2026/13/45"');
		expect(localTimeMessage('昨天下午', 'format')).toMatch(/"昨天下午" is not a date and time.*2026\/12\/2 0:05/);
		const r = customerInput(SH).safeParse({ name: 'x', reportedAt: '2026/13/45' });
		expect(r.success).toBe(false);
		expect(r.error!.issues[0]).toMatchObject({ path: ['reportedAt'], message: expect.stringContaining('"2026/13/45"') });
	});

	it('shows an instant as a local time in the zone', () => {
		expect(formatLocalTime(new Date('2026-11-23T05:51:00Z'), SH)).toBe('2026-11-23 13:51');
		expect(formatLocalTime(new Date('2026-12-01T16:05:00Z'), SH)).toBe('2026-12-02 00:05');
	});
});

describe('customer rows (JSON or CSV) through the one validator', () => {
	const now = new Date('2026-12-02T02:00:00Z');
	it('reads Excel times in the zone and reports a bad date and a bad e-mail each with its own code and the value', () => {
		const r = validateCustomerRows(
			[
				{ name: '任秀兰', reportedAt: '2026/12/2 0:05', occurredAt: '2026年12月1日 23:00', purchasedAt: '2026-06-14' },
				{ name: '曹刚', reportedAt: '2026/13/45' },
				{ name: '刘超', email: 'not-mail' },
				{ name: '余桂英', reportedAt: '2026/12/3 0:05' }
			],
			now,
			SH
		);
		expect(r.valid.map((v) => [v.row, v.data.reportedAt?.toISOString(), v.data.occurredAt?.toISOString(), v.data.purchasedAt?.toISOString()])).toEqual([
			[1, '2026-12-01T16:05:00.000Z', '2026-12-01T15:00:00.000Z', '2026-06-13T16:00:00.000Z']
		]);
		expect(r.errors).toEqual([
			{ row: 2, field: 'reportedAt', code: 'date_out_of_range', value: '2026/13/45', message: expect.stringContaining('"2026/13/45"') },
			{ row: 3, field: 'email', code: 'invalid_email', value: 'not-mail', message: 'expected an e-mail address such as name@example.com' },
			{ row: 4, field: 'reportedAt', code: 'future', value: '2026/12/3 0:05', message: 'cannot be in the future' }
		]);
	});

	it('the template has the Chinese column titles, a BOM and reads back as every field', async () => {
		const t = customerCsvTemplate();
		expect(t.startsWith('\uFEFF姓名,联系电话,邮箱,订单号,购买时间,产品型号,问题描述,发生时间,影响程度,登记时间,授权保留证据\r\n')).toBe(true);
		expect((await parseCustomerCsv(`${t}张三,13812345678,,,,,,,,2026/12/2 0:05,是`))[0]).toEqual({ name: '张三', phone: '13812345678', reportedAt: '2026/12/2 0:05', evidenceAuthorized: true });
	});
});

describe('the import preview', () => {
	const header = ['姓名', '登记时间', 'occurredAt'];
	const now = new Date('2026-12-01T16:05:00Z'); // 2026-12-02 00:05 in Shanghai
	it('counts rows whose contact window is already past at the level, and how long ago the newest of them was registered', () => {
		const rows = [
			['a', '2026/11/23 0:05', ''], // 9 days
			['b', '2026/11/24 0:04', ''], // 8 days and a minute
			['c', '2026/12/1 23:50', ''], // 15 minutes: within every window
			['d', '', ''],
			['e', '2026/12/1 23:00', '2026/13/45'] // 65 minutes: past level 1 (30 min) and level 2 (1 h), not level 3 (2 h)
		];
		const s2 = summarizeImport(header, rows, { timeZone: SH, level: 2, now });
		expect(s2.overdue).toBe(3);
		expect(ageParts(s2.overdueAgeMs)).toEqual({ unit: 'hours', n: 1 });
		expect(s2.badTimes).toEqual([{ row: 5, field: 'occurredAt', value: '2026/13/45' }]);
		const s3 = summarizeImport(header, rows.slice(0, 2), { timeZone: SH, level: 3, now });
		expect(s3.overdue).toBe(2);
		expect(ageParts(s3.overdueAgeMs)).toEqual({ unit: 'days', n: 8 });
		expect(summarizeImport(header, [['c', '2026/12/1 23:50', '']], { timeZone: SH, level: 3, now }).overdue).toBe(0);
	});
	it('shows time cells as local times in the zone and marks the ones the server will refuse', () => {
		expect(previewCell('2026-11-23T05:51:00.000Z', 'reportedAt', SH)).toEqual({ text: '2026-11-23 13:51', raw: '2026-11-23T05:51:00.000Z' });
		expect(previewCell('2026/12/2 0:05', 'reportedAt', SH)).toEqual({ text: '2026-12-02 00:05', raw: '2026/12/2 0:05' });
		expect(previewCell('昨天下午', 'reportedAt', SH)).toEqual({ text: '昨天下午', bad: true });
		expect(previewCell('2026/12/2', 'name', SH)).toEqual({ text: '2026/12/2' });
	});
});
