// Server errors reach the UI in its language: every error code the server can answer with has a
// message in both dictionaries, and the details that matter are rendered as text — never the
// server's English or JSON in the Chinese interface.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import en from '../../src/lib/i18n/en';
import zh from '../../src/lib/i18n/zh-CN';
import { describeError, describeFieldError } from '../../src/lib/client/errors';
import { ERROR_STATUS } from '../../src/lib/server/errors';

const SRC = path.resolve(import.meta.dirname, '../../src');
const HAN = /\p{Script=Han}/u;

/** Every code thrown or answered anywhere on the server: ServiceError, apiError, the ErrorCode union. */
function thrownCodes(): Set<string> {
	const codes = new Set<string>(Object.keys(ERROR_STATUS));
	const files = ['lib/server', 'routes', 'hooks.server.ts'].flatMap((p) => {
		const full = path.join(SRC, p);
		if (fs.statSync(full).isFile()) return [full];
		return fs
			.readdirSync(full, { recursive: true, withFileTypes: true })
			.filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name))
			.map((e) => path.join(e.parentPath, e.name));
	});
	for (const f of files) {
		const source = fs.readFileSync(f, 'utf8');
		for (const m of source.matchAll(/new ServiceError\(\s*'([a-z_]+)'/g)) codes.add(m[1]);
		for (const m of source.matchAll(/apiError\(\s*\d+,\s*'([a-z_]+)'/g)) codes.add(m[1]);
	}
	return codes;
}

/** A minimal svelte-i18n `format` over a dictionary. */
const translator =
	(dict: Record<string, unknown>) =>
	(key: string, options?: { values?: Record<string, string | number>; default?: string }): string => {
		const found = key.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined), dict);
		const text = typeof found === 'string' ? found : (options?.default ?? key);
		return text.replace(/\{(\w+)\}/g, (_, name) => String(options?.values?.[name] ?? `{${name}}`));
	};
const tZh = translator(zh);
const tEn = translator(en);

describe('server error codes in the UI language', () => {
	const codes = thrownCodes();

	it('finds the codes the server throws (at least the ErrorCode union and internal)', () => {
		expect(codes.size).toBeGreaterThanOrEqual(14);
		expect(codes).toContain('internal');
		expect(codes).toContain('gate_not_met');
	});

	it.each([...thrownCodes()])('%s has a message in zh-CN and en', (code) => {
		const zhCodes = (zh as { errors: { codes: Record<string, string> } }).errors.codes;
		const enCodes = (en as { errors: { codes: Record<string, string> } }).errors.codes;
		expect(zhCodes[code], `zh-CN errors.codes.${code}`).toMatch(HAN);
		expect(enCodes[code], `en errors.codes.${code}`).toBeTruthy();
	});

	it('the override refusal reads as Chinese, without JSON', () => {
		const text = describeError({ code: 'conflict', message: 'The inputs determine level 1; lowering to 2 needs "override": true', details: { determinedLevel: 1, requestedLevel: 2 } }, 'zh', tZh);
		expect(text).toBe('根据填写的情况，事件应定为一级；如确需降为二级，请勾选“低于输入判定的等级（强制）”');
		expect(text).not.toMatch(/[{}"]|override/);
		expect(describeError({ code: 'conflict', details: { determinedLevel: 1, requestedLevel: 2 } }, 'en', tEn)).toBe(
			'The inputs make this a level 1 incident; to lower it to level 2, tick the override'
		);
	});

	it('a gate refusal lists its conditions in the UI language', () => {
		const details = {
			unmet: ['x'],
			conditions: [
				{ key: 'a', en: 'no customer is reached', zh: '尚无已联系的客户' },
				{ key: 'b', en: 'no measure', zh: '尚无临时措施' }
			]
		};
		expect(describeError({ code: 'gate_not_met', message: 'Cannot enter "resolution" yet: …', details }, 'zh', tZh)).toBe('尚不能进入下一阶段：尚无已联系的客户；尚无临时措施');
		expect(describeError({ code: 'gate_not_met', message: 'Cannot enter "resolution" yet: …', details }, 'en', tEn)).toBe('Cannot move on yet: no customer is reached; no measure');
	});

	it('a 400 names the fields (and rows) by their labels', () => {
		const details = [
			{ field: 'email', message: 'Invalid email address' },
			{ field: 'phone', message: 'Too short', row: 3 }
		];
		expect(describeError({ code: 'invalid_input', message: 'Invalid input: email: Invalid email address', details }, 'zh', tZh)).toBe('以下内容有误：邮箱、第 3 行电话');
		expect(describeError({ code: 'invalid_input', message: 'x', details: [{ field: 'quantity', message: 'Too big' }] }, 'en', tEn)).toBe('Please check: quantity');
	});

	it('a field refused for a known reason says the reason: a time in the future, a person who cannot hold a seat', () => {
		const future = [{ field: 'identifiedAt', value: '2030-01-01T00:00:00.000Z', code: 'future', message: 'cannot be in the future' }];
		expect(describeError({ code: 'invalid_input', message: 'identifiedAt … is in the future', details: future }, 'zh', tZh)).toBe('识别时间：不能晚于当前时间');
		expect(describeError({ code: 'invalid_input', message: 'identifiedAt … is in the future', details: future }, 'en', tEn)).toBe('identified at: cannot be in the future');
		const seat = [{ field: 'userId', value: 'u-1', code: 'cannot_hold_seat', message: 'A read-only viewer cannot hold a seat' }];
		expect(describeError({ code: 'invalid_input', message: 'x', details: seat }, 'zh', tZh)).toBe('人员：不能担任此席位（只读用户、已停用账号或非该小组成员）');
		expect(describeError({ code: 'invalid_input', message: 'x', details: seat }, 'en', tEn)).toMatch(/^person: cannot hold this seat/);
	});

	it('stock, rate limits and stale saves', () => {
		expect(describeError({ code: 'insufficient_stock', message: 'Only 2 units of X left; 5 requested', details: { available: 2, requested: 5 } }, 'zh', tZh)).toBe('库存不足：可用 2，需要 5');
		expect(describeError({ code: 'rate_limited', message: 'Too many sign-ins; retry in 30 s', details: { retryAfterSeconds: 30 } }, 'zh', tZh)).toBe('操作过于频繁，请 30 秒后再试');
		expect(describeError({ code: 'version_conflict', message: 'The incident was changed by someone else (now version 7)', details: { current: {} } }, 'zh', tZh)).toBe(
			'内容已被他人修改，已载入最新版本，请核对后重新保存'
		);
	});

	it('never shows server English in Chinese, but keeps a Chinese server message (full-width)', () => {
		for (const code of codes) {
			const text = describeError({ code, message: `Something in English about ${code} {"a": 1}` }, 'zh', tZh);
			expect(text, code).toMatch(HAN);
			expect(text, code).not.toMatch(/English|[{}"]/);
		}
		expect(describeError({ code: 'conflict', message: '尚不能标记为无法联系:电话未接通' }, 'zh', tZh)).toBe('尚不能标记为无法联系：电话未接通');
		expect(describeError({ code: 'unknown_code', message: 'Boom' }, 'zh', tZh)).toBe('请求失败，请稍后重试');
	});

	it('form problems: e-mail taken, last admin, a bad field', () => {
		expect(describeFieldError({ field: 'email', message: 'already exists', code: 'conflict' }, 'zh', tZh)).toBe('该邮箱已被使用');
		expect(describeFieldError({ field: 'roles', message: 'last active admin' }, 'zh', tZh)).toBe('这是最后一位有效的管理员：请先将其他用户设为管理员');
		expect(describeFieldError({ field: 'password', message: 'Too small: expected string to have >=8 characters' }, 'zh', tZh)).toBe('密码填写有误');
		expect(describeFieldError({ field: 'password', message: 'Too small' }, 'en', tEn)).toBe('password: Too small');
	});
});
