// The arithmetic of a paged list, for the Pager and its tests: which items this page shows, how
// many pages there are, and the links to the others (the current address with another `offset`).
import type { Lang } from '$lib/i18n';

export interface PageLinks {
	/** The numbers of "显示 1–50 / 共 7,047", already formatted for `lang` (thousands separated). */
	range: { from: string; to: string; total: string };
	current: number;
	pages: number;
	first: string | null;
	prev: string | null;
	next: string | null;
	last: string | null;
}

/** The links of one page of `total` items; a link is null where it would lead nowhere (the first page's "previous"). */
export function pageLinks(w: { total: number; limit: number; offset: number }, url: URL, lang: Lang): PageLinks {
	const num = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB');
	const limit = Math.max(1, w.limit);
	const pages = Math.max(1, Math.ceil(w.total / limit));
	// an offset past the end (a bookmark of a list that since shrank) is still on "the last page" for the links
	const current = Math.min(pages, Math.floor(w.offset / limit) + 1);
	const shown = Math.max(0, Math.min(limit, w.total - w.offset));
	const at = (offset: number) => {
		const q = new URLSearchParams(url.searchParams);
		if (offset > 0) q.set('offset', String(offset));
		else q.delete('offset');
		const s = q.toString();
		return `${url.pathname}${s ? `?${s}` : ''}`;
	};
	const lastOffset = (pages - 1) * limit;
	const onFirst = w.offset <= 0;
	const onLast = w.offset >= lastOffset;
	return {
		range: { from: num.format(shown ? w.offset + 1 : 0), to: num.format(w.offset + shown), total: num.format(w.total) },
		current,
		pages,
		first: onFirst ? null : at(0),
		prev: onFirst ? null : at(Math.min(lastOffset, Math.max(0, w.offset - limit))),
		next: onLast ? null : at(w.offset + limit),
		last: onLast ? null : at(lastOffset)
	};
}
