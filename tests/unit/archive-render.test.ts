import { describe, it, expect } from 'vitest';
import { formatTime, renderHtml, renderMarkdown, type ArchiveDoc } from '$lib/server/services/archive-render';
import { maskName } from '$lib/domain/masking';

const doc: ArchiveDoc = {
	kind: 'postmortem',
	lang: 'zh',
	title: '《复盘报告》',
	code: 'YJ202501010001',
	header: [['事件编号', 'YJ202501010001']],
	blocks: [
		{ h: 'What' },
		{ p: '# not a heading\n<script>alert(1)</script>' },
		{ table: { head: ['A', 'B'], rows: [['a|b', 'line 1\nline 2']] }, empty: '无' },
		{ table: { head: ['A'], rows: [] }, empty: '无记录' }
	]
};

describe('archive documents', () => {
	it('Markdown: pipes and line breaks inside a cell keep the table intact; text cannot open a heading or raw HTML', () => {
		const md = renderMarkdown(doc);
		expect(md).toContain('| a\\|b | line 1<br>line 2 |');
		expect(md).toContain('\\# not a heading');
		expect(md).not.toContain('<script>');
		expect(md).toContain('_无记录_');
	});

	it('HTML: a standalone A4 page with the code and page numbers in the page margins, everything escaped', () => {
		const html = renderHtml([doc], doc.title);
		expect(html.startsWith('<!doctype html>')).toBe(true);
		expect(html).toContain('<meta charset="utf-8">');
		expect(html).toContain('size: A4; margin: 18mm 16mm 20mm;');
		expect(html).toContain('@top-left { content: "YJ202501010001"');
		expect(html).toContain('counter(page) " / " counter(pages)');
		expect(html).toContain('&lt;script&gt;');
		expect(html).not.toContain('<script>');
	});

	it('times are shown in the configured zone', () => {
		expect(formatTime('2025-01-01T02:05:00Z', 'Asia/Shanghai')).toBe('2025-01-01 10:05');
		expect(formatTime(null, 'Asia/Shanghai')).toBe('—');
	});

	it('customer names are masked: family name or initials kept', () => {
		expect(maskName('任秀兰')).toBe('任**');
		expect(maskName('张三')).toBe('张*');
		expect(maskName('Alice Wang')).toBe('A*** W***');
	});
});
