// Personal data at rest: authenticated encryption, key from WARROOM_SECRET or an owner-only key file.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PersonalDataCipher } from '$lib/server/personal-data';
import { decodeCsvBytes, parseCustomerCsv, validateCustomerRows } from '$lib/server/services/customer-import';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-key-'));

describe('personal data cipher', () => {
	it('round-trips and never contains the plain text', () => {
		const c = PersonalDataCipher.load({ dataDir: tmp() });
		const sealed = c.encrypt('13812345678');
		expect(sealed).not.toContain('13812345678');
		expect(c.decrypt(sealed)).toBe('13812345678');
		expect(c.encrypt('13812345678')).not.toBe(sealed); // random IV
	});
	it('detects tampering (authenticated)', () => {
		const c = PersonalDataCipher.load({ dataDir: tmp() });
		const sealed = c.encrypt('13812345678');
		const raw = Buffer.from(sealed.split('.')[1], 'base64');
		raw[raw.length - 1] ^= 1;
		expect(() => c.decrypt(`v1.${raw.toString('base64')}`)).toThrow();
	});
	it('creates the key file once, owner-only, and reuses it after a restart', () => {
		const dir = tmp();
		const sealed = PersonalDataCipher.load({ dataDir: dir }).encrypt('secret');
		const file = path.join(dir, 'personal-data.key');
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		expect(PersonalDataCipher.load({ dataDir: dir }).decrypt(sealed)).toBe('secret');
	});
	it('derives the same key from WARROOM_SECRET on every instance', () => {
		const a = PersonalDataCipher.load({ secret: 'a shared secret of 32 chars....', dataDir: tmp() });
		const b = PersonalDataCipher.load({ secret: 'a shared secret of 32 chars....', dataDir: tmp() });
		expect(b.decrypt(a.encrypt('x@example.cn'))).toBe('x@example.cn');
	});
});

describe('customer CSV', () => {
	const csv = 'name,phone,reportedAt\r\n张三,13812345678,2026-11-23T08:00:00Z\r\n';
	it('decodes UTF-8 with a BOM, and GBK as Excel writes it on Chinese Windows', async () => {
		const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]);
		expect((await parseCustomerCsv(decodeCsvBytes(bom)))[0]).toEqual({ name: '张三', phone: '13812345678', reportedAt: '2026-11-23T08:00:00Z' });
		const gbk = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]); // 张三 in GBK
		expect(decodeCsvBytes(gbk)).toBe('张三');
	});
	it('accepts the Chinese column titles of the 客户问题信息表', async () => {
		expect((await parseCustomerCsv('姓名,联系电话,产品型号\n李四,13900000000,星耀 X5'))[0]).toEqual({ name: '李四', phone: '13900000000', productModel: '星耀 X5' });
	});
	it('names each bad row (1 = first data row) and field', () => {
		const now = new Date('2026-11-23T10:00:00Z');
		const r = validateCustomerRows([{ name: 'ok' }, { phone: '138' }, { name: 'x', reportedAt: '昨天下午' }, { name: 'y', reportedAt: '2026-11-24T10:00:00Z' }], now, 'Asia/Shanghai');
		expect(r.valid.map((v) => v.row)).toEqual([1]);
		expect(r.errors.map((e) => [e.row, e.field])).toEqual([
			[2, 'name'],
			[2, 'phone'],
			[3, 'reportedAt'],
			[4, 'reportedAt']
		]);
	});
});

describe('evidence files are sealed as bytes', () => {
	it('round-trips binary content and refuses tampering', async () => {
		const { PersonalDataCipher } = await import('$lib/server/personal-data');
		const { randomBytes } = await import('node:crypto');
		const c = PersonalDataCipher.fromKey(randomBytes(32));
		const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
		const sealed = c.encryptBytes(png);
		expect(Buffer.from(sealed).includes(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
		expect([...c.decryptBytes(sealed)]).toEqual([...png]);
		sealed[sealed.length - 1] ^= 1;
		expect(() => c.decryptBytes(sealed)).toThrow();
	});
});
