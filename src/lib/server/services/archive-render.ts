// The archive's document model and its two renderers: GitHub-flavoured Markdown and a standalone,
// print-ready A4 HTML page. Both render the same blocks, so the two formats never drift apart;
// HTML is generated from the model, never by parsing the Markdown. Pure: no I/O, no clock.
import { formatInZone } from '$lib/domain/local-time';

export type Block = { h: string } | { p: string } | { fields: [label: string, value: string][] } | { table: { head: string[]; rows: string[][] }; empty: string };

export interface ArchiveDoc {
	kind: string;
	lang: 'en' | 'zh';
	title: string;
	/** The incident code, repeated on every printed page. */
	code: string;
	/** Code, title, level, category, phase dates, generated at. */
	header: [string, string][];
	blocks: Block[];
}

const UI = {
	en: { item: 'Item', value: 'Value', generated: 'Warroom archive', page: 'Page' },
	zh: { item: '项目', value: '内容', generated: 'Warroom 归档文件', page: '页' }
};
const DASH = '—';

/** `YYYY-MM-DD HH:mm` in the given IANA time zone; a dash when there is no time. */
export function formatTime(value: Date | string | null | undefined, timeZone: string): string {
	return value ? formatInZone(value, timeZone, 'datetime') : DASH;
}

// ---- Markdown ----

/**
 * User text as literal Markdown: every character that could make a link, an image, code or raw HTML
 * is escaped, so a title like `![](http://evil/t.png) <img onerror=…>` is shown as typed, never
 * fetched or run: backslash escapes (CommonMark) for brackets, backticks, pipes, backslashes and `&`
 * (no entity of the user's), entities for `<` and `>` (no tag). Emphasis characters stay as typed
 * (they cannot fetch or run anything), so masked data reads `任**`, not `任\\*\\*`.
 */
function mdInline(s: string): string {
	return s
		.replace(/[\\`[\]|&]/g, '\\$&')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;');
}

/** Text that cannot start a Markdown block (list, heading, setext underline; quotes are entities) or hold a link. */
function mdText(s: string): string {
	return mdInline(s)
		.split(/\r?\n/)
		.map((line) => line.replace(/^(\s*)([+\-=#]|\*(?=\s))/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2'))
		.join('  \n');
}

/** A table cell: inline markup and pipes escaped, line breaks as <br>, never empty. */
function mdCell(s: string): string {
	const t = s.trim();
	return t ? mdInline(t).replace(/\r?\n/g, '<br>') : DASH;
}

function mdTable(head: string[], rows: string[][]): string {
	const line = (cells: string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
	return [line(head), `|${head.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

function mdBlock(b: Block, doc: ArchiveDoc): string {
	if ('h' in b) return `## ${mdText(b.h)}`;
	if ('p' in b) return b.p.trim() ? mdText(b.p.trim()) : DASH;
	if ('fields' in b) return mdTable([UI[doc.lang].item, UI[doc.lang].value], b.fields);
	return b.table.rows.length ? mdTable(b.table.head, b.table.rows) : `_${mdText(b.empty)}_`;
}

export function renderMarkdown(doc: ArchiveDoc): string {
	return [`# ${mdText(doc.title)}`, mdBlock({ fields: doc.header }, doc), ...doc.blocks.map((b) => mdBlock(b, doc))].join('\n\n') + '\n';
}

// ---- HTML ----

export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A CSS string literal that cannot close the string or the style element. */
function cssString(s: string): string {
	return `"${s.replace(/[\\"<>\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

const cell = (s: string) => escapeHtml(s.trim() || DASH);

/** Label–value pairs, `perRow` pairs to a table row (the header uses two to keep page 1 for content). */
function fieldsTable(fields: [string, string][], perRow: number): string {
	const rows: string[] = [];
	for (let i = 0; i < fields.length; i += perRow) {
		rows.push(
			`<tr>${fields
				.slice(i, i + perRow)
				.map(([k, v]) => `<th scope="row">${escapeHtml(k)}</th><td>${cell(v)}</td>`)
				.join('')}</tr>`
		);
	}
	return `<table class="fields per-${perRow}"><tbody>${rows.join('')}</tbody></table>`;
}

function htmlBlock(b: Block): string {
	if ('h' in b) return `<h2>${escapeHtml(b.h)}</h2>`;
	if ('p' in b) return `<p class="text">${cell(b.p)}</p>`;
	if ('fields' in b) return fieldsTable(b.fields, 1);
	if (!b.table.rows.length) return `<p class="empty">${escapeHtml(b.empty)}</p>`;
	const head = b.table.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
	const rows = b.table.rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('');
	return `<table class="grid"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function article(doc: ArchiveDoc): string {
	return [
		`<article class="doc" data-kind="${escapeHtml(doc.kind)}">`,
		`<header><h1>${escapeHtml(doc.title)}</h1>${fieldsTable(doc.header, 2)}</header>`,
		...doc.blocks.map(htmlBlock),
		'</article>'
	].join('\n');
}

const FONTS = `"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif`;

// Margin boxes (@top-left, @bottom-right) put the code and "page / pages" on every printed page;
// Chromium has rendered them since version 131 (checked with page.pdf on 156).
function stylesheet(code: string, lang: 'en' | 'zh'): string {
	const marginText = `font: 8pt ${FONTS}; color: #555;`;
	return `
@page { size: A4; margin: 18mm 16mm 20mm;
  @top-left { content: ${cssString(code)}; ${marginText} font-weight: 700; }
  @top-right { content: ${cssString(UI[lang].generated)}; ${marginText} }
  @bottom-right { content: counter(page) " / " counter(pages); ${marginText} }
}
* { box-sizing: border-box; }
html { font-family: ${FONTS}; font-size: 10pt; line-height: 1.5; color: #111; }
body { margin: 0; background: #e9ebef; }
.doc { background: #fff; max-width: 210mm; margin: 12px auto; padding: 14mm 16mm; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
.doc + .doc { break-before: page; }
h1 { font-size: 17pt; margin: 0 0 8pt; }
h2 { font-size: 12pt; margin: 14pt 0 5pt; padding-bottom: 2pt; border-bottom: 1.5pt solid #1f2937; break-after: avoid; }
table { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt; font-size: 9pt; }
th, td { border: 0.75pt solid #9ca3af; padding: 3pt 5pt; text-align: left; vertical-align: top; white-space: pre-wrap; overflow-wrap: break-word; }
thead { display: table-header-group; }
thead th { background: #eef0f3; }
tr { break-inside: avoid; }
table.fields th { width: 24%; background: #f6f7f9; font-weight: 600; }
table.fields.per-2 th { width: 13%; }
table.fields.per-2 td { width: 37%; }
header table.fields { font-size: 8.5pt; }
p.text { white-space: pre-wrap; margin: 2pt 0 6pt; }
p.empty { color: #666; font-style: italic; }
@media print {
  body { background: none; }
  .doc { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  th, thead th, table.fields th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}`;
}

function page(code: string, lang: 'en' | 'zh', pageTitle: string, body: string): string {
	return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${code} ${pageTitle}`)}</title>
<style>${stylesheet(code, lang)}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** One standalone HTML page holding the documents (one, or several with a page break between them). */
export function renderHtml(docs: ArchiveDoc[], pageTitle: string): string {
	return page(docs[0].code, docs[0].lang, pageTitle, docs.map(article).join('\n'));
}

/** The articles of stored pages in one page: the bundle is built from what was archived, not regenerated. */
export function combineHtml(pages: string[], code: string, lang: 'en' | 'zh', pageTitle: string): string {
	const END = '</article>';
	return page(code, lang, pageTitle, pages.map((h) => h.slice(h.indexOf('<article'), h.lastIndexOf(END) + END.length)).join('\n'));
}
