import { describe, it, expect } from 'vitest';
import { formatTime, renderHtml, renderMarkdown, type ArchiveDoc } from '$lib/server/services/archive-render';
import { maskName } from '$lib/domain/masking';
import { buildDocuments, type Facts } from '$lib/server/services/archive';
import { ARCHIVE_KINDS } from '$lib/domain/vocabulary';
import type { PostmortemJson } from '$lib/api/schemas';

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

// Every document of the archive carries user text (the title in each header; causes, descriptions,
// notes and the 5W1H in the documents that hold them). None of it may become a link, an image,
// emphasis, code, a heading or raw HTML in the Markdown, nor a tag in the HTML.
describe('archive documents with hostile user text', () => {
	const HOSTILE = '![](http://evil/t.png) [x](javascript:alert(1)) <img src=x onerror=alert(1)>';
	const HOSTILE_MD = '!\\[\\](http://evil/t.png) \\[x\\](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt;';
	const BLOCKS = `${HOSTILE}\n# heading\n> quote\n- item\n1. one\n**bold** _em_ \`code\` ~~gone~~ | pipe <script>alert(1)</script>`;
	const at = new Date('2026-12-01T02:00:00Z');
	const text = { what: BLOCKS, who: BLOCKS, where: BLOCKS, improvementPoints: BLOCKS };
	const postmortem: PostmortemJson = {
		incidentId: 'i1',
		version: 1,
		dueAt: null,
		heldAt: null,
		...text,
		why: { rootCause: BLOCKS, directCause: BLOCKS },
		when: [{ key: 'identified', at: at.toISOString(), label: HOSTILE, annotation: BLOCKS }],
		how: { wentWell: BLOCKS, wentBadly: BLOCKS },
		updatedBy: { id: 'u1', name: HOSTILE },
		updatedAt: at.toISOString()
	};
	const facts = {
		row: {
			id: 'i1',
			code: 'YJ202612010001',
			title: HOSTILE,
			level: 3,
			category: 'product_quality',
			identifiedAt: at,
			closedAt: at,
			inputs: {},
			levelReason: { en: HOSTILE, zh: HOSTILE, triggers: [], manual: false },
			affectedCustomers: 1
		},
		now: at,
		events: [],
		customers: [
			{
				id: 'c1',
				position: 1,
				name: HOSTILE,
				phoneMasked: '138****5678',
				orderNoMasked: null,
				productModel: HOSTILE,
				symptom: BLOCKS,
				firstContactAt: at,
				dueAt: at,
				dueSoonAt: at,
				unreachableAt: null
			}
		],
		cause: { rootCause: BLOCKS, directCause: BLOCKS, group: 'quality_control', updatedByName: HOSTILE, updatedAt: at, version: 1 },
		solutions: [
			{
				kind: 'spare_product',
				description: BLOCKS,
				status: 'approved',
				proposedByName: HOSTILE,
				proposedAt: at,
				decidedByName: HOSTILE,
				decidedAt: at,
				comment: BLOCKS,
				qcStatus: null,
				qcByName: null,
				qcAt: null,
				qcNote: '',
				progress: [{ at: at.toISOString(), by: { id: 'u1', name: HOSTILE }, note: BLOCKS, done: true }]
			}
		],
		confirmations: [{ customerId: 'c1', result: 'satisfied', method: 'phone', byName: HOSTILE, at, note: BLOCKS }],
		surveys: [{ customerId: 'c1', speed: 5, result: 5, attitude: 5, satisfied: true, suggestion: BLOCKS, at }],
		followUps: [{ customerId: 'c1', ownerName: HOSTILE, dueAt: at, status: 'open', note: BLOCKS }],
		improvements: [{ type: 'process', description: BLOCKS, ownerName: HOSTILE, dueAt: at, status: 'open' }],
		postmortem: { en: postmortem, zh: postmortem }
	} as unknown as Facts;

	for (const lang of ['en', 'zh'] as const) {
		const docs = buildDocuments(facts, lang, 'Asia/Shanghai');

		it(`${lang}: all seven Markdown documents show the hostile text literally`, () => {
			expect(docs.map((d) => d.kind)).toEqual([...ARCHIVE_KINDS]);
			for (const d of docs) {
				const md = renderMarkdown(d);
				// the title is in every document's header, escaped character by character
				expect(md, d.kind).toContain(`| ${HOSTILE_MD} |`);
				// no image, link, raw tag (only the <br> of multi-line cells) or code left; emphasis may stay
				expect(md, d.kind).not.toMatch(/(?<!\\)!\[|(?<!\\)\]\(|(?<!\\)`/);
				expect(md.replace(/<br>/g, ''), d.kind).not.toMatch(/</);
				// no block a user typed: no heading but the document's own, no quote, no list
				const lines = md.split('\n');
				expect(
					lines.filter((l) => /^#{1,6} /.test(l)).every((l) => !l.includes('heading')),
					d.kind
				).toBe(true);
				expect(
					lines.filter((l) => /^\s*(>|[-+*] |\d+[.)] )/.test(l)),
					d.kind
				).toEqual([]);
			}
			// the documents with free text carry its lines escaped, one per line
			const pm = renderMarkdown(docs.find((d) => d.kind === 'postmortem')!);
			expect(pm).toContain(`${HOSTILE_MD}  \n\\# heading  \n&gt; quote  \n\\- item  \n1\\. one  \n**bold** _em_ \\\`code\\\` ~~gone~~ \\| pipe &lt;script&gt;alert(1)&lt;/script&gt;`);
		});

		it(`${lang}: the HTML documents escape the same text (no tag, no attribute from the user)`, () => {
			const html = renderHtml(docs, 'archive');
			expect(html).toContain('![](http://evil/t.png) [x](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt;');
			expect(html).not.toContain('<img');
			expect(html).not.toContain('<script');
		});
	}
});
