// Chinese reads as Chinese: no half-width ( ) : , ; next to a Han character and no `80 %` in any
// zh-CN dictionary string, in the Chinese string literals of the domain, the services, the webhooks
// and the pages (level reasons, gate reasons, notice texts, documents), and in the API docs' Chinese
// summaries. Strings other helpers add are caught here too.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import zh from '../../src/lib/i18n/zh-CN';
import { fullWidth, halfWidthNextToHan } from '../../src/lib/i18n/punctuation';
import { openApiDocument } from '../../src/lib/server/openapi';

const SRC = path.resolve(import.meta.dirname, '../../src');
const HAN = /\p{Script=Han}/u;

function leaves(value: unknown, at = ''): [string, string][] {
	if (typeof value === 'string') return [[at, value]];
	if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, at ? `${at}.${k}` : k));
	return [];
}

/** Chinese string literals of a source file, `${…}` parts replaced by a neutral `x`; comments skipped. */
function chineseLiterals(source: string): { line: number; text: string }[] {
	const out: { line: number; text: string }[] = [];
	source.split('\n').forEach((line, i) => {
		if (!HAN.test(line) || /^\s*(\/\/|\*|\/\*)/.test(line)) return;
		for (const m of line.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)) {
			const text = m[0].slice(1, -1).replace(/\$\{[^}]*\}/g, 'x');
			if (HAN.test(text)) out.push({ line: i + 1, text });
		}
	});
	return out;
}

const sourceFiles = (dir: string, exts: string[]) =>
	fs
		.readdirSync(path.join(SRC, dir), { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile() && exts.some((x) => e.name.endsWith(x)))
		.map((e) => path.join(e.parentPath, e.name));

describe('full-width punctuation in Chinese', () => {
	it('the converter: 一级(重大):媒体曝光;人身伤害 → 一级（重大）：媒体曝光；人身伤害, ASCII kept in code-like text', () => {
		expect(fullWidth('一级(重大):媒体曝光;人身伤害')).toBe('一级（重大）：媒体曝光；人身伤害');
		expect(fullWidth('复盘即将到期(截止 {dueAt})')).toBe('复盘即将到期（截止 {dueAt}）');
		expect(fullWidth('该客户已联系上, 无需标记')).toBe('该客户已联系上，无需标记');
		expect(fullWidth('达成率 80 %')).toBe('达成率 80%');
		expect(fullWidth('12:30 开始')).toBe('12:30 开始');
		expect(fullWidth('见 https://x.cn')).toBe('见 https://x.cn');
		expect(fullWidth('Level 1 (major), 80 %')).toBe('Level 1 (major), 80 %');
		expect(halfWidthNextToHan('一级(重大)').map((p) => p.mark)).toEqual(['(', ')']);
		expect(halfWidthNextToHan('满意度 80 %')).toHaveLength(1);
		expect(halfWidthNextToHan('一级（重大）：80%')).toEqual([]);
	});

	it('every zh-CN dictionary string', () => {
		const bad = leaves(zh).filter(([, s]) => halfWidthNextToHan(s).length > 0);
		expect(bad.map(([k, s]) => `${k}: ${s}`)).toEqual([]);
	});

	it('every Chinese string literal of the domain, the server, the components and the pages', () => {
		const files = [
			...sourceFiles('lib/domain', ['.ts']),
			...sourceFiles('lib/server', ['.ts']),
			...sourceFiles('lib/client', ['.ts']),
			...sourceFiles('lib/components', ['.svelte', '.ts']),
			...sourceFiles('routes', ['.svelte', '.ts'])
		]
			// the OpenAPI text is English with Chinese glosses; its Chinese summaries are checked below
			.filter((f) => !f.endsWith('openapi.ts'));
		const bad = files.flatMap((f) =>
			chineseLiterals(fs.readFileSync(f, 'utf8'))
				.filter((l) => halfWidthNextToHan(l.text).length > 0)
				.map((l) => `${path.relative(SRC, f)}:${l.line}: ${l.text}`)
		);
		expect(bad).toEqual([]);
	});

	it('the API docs’ Chinese summaries', () => {
		const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { 'x-summary-zh'?: string }>> };
		const zhSummaries = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op['x-summary-zh'] ?? ''));
		expect(zhSummaries.filter((s) => halfWidthNextToHan(s).length > 0)).toEqual([]);
	});
});
