// Durations and ages as people say them, in both languages: "超时 1 分 17 秒", "8 days overdue",
// "35 分钟前". One place, so the wall, the dashboard and the incident page never disagree on a format.
import type { Lang } from '$lib/i18n';

const UNITS = {
	zh: { d: '天', h: '小时', m: '分', s: '秒', minAgo: '分钟' },
	en: { d: 'd', h: 'h', m: 'min', s: 's', minAgo: 'min' }
} as const;

/**
 * The two largest non-zero units of `|ms|`, seconds only under an hour: `1 分 17 秒`, `2 小时 5 分`,
 * `8 天`, `3 天 4 小时`; in English `1 min 17 s`, `2 h 5 min`, `8 d`.
 */
export function humanDuration(ms: number, lang: Lang): string {
	const u = UNITS[lang];
	const total = Math.floor(Math.abs(ms) / 1000);
	const d = Math.floor(total / 86_400);
	const h = Math.floor((total % 86_400) / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const parts: string[] = [];
	if (d) parts.push(`${d} ${u.d}`, ...(h ? [`${h} ${u.h}`] : []));
	else if (h) parts.push(`${h} ${u.h}`, ...(m ? [`${m} ${u.m}`] : []));
	else if (m) parts.push(`${m} ${u.m}`, ...(s ? [`${s} ${u.s}`] : []));
	else parts.push(`${s} ${u.s}`);
	return parts.join(' ');
}

/** Time to a deadline, or how late past it: `还剩 4 分 3 秒` / `超时 1 分 17 秒`; `4 min 3 s left` / `1 min 17 s overdue`. */
export function deadlineText(ms: number, lang: Lang): string {
	const body = humanDuration(ms, lang);
	if (lang === 'zh') return ms < 0 ? `超时 ${body}` : `还剩 ${body}`;
	return ms < 0 ? `${body} overdue` : `${body} left`;
}

/** How long ago `iso` was at `now`: `刚刚`, `35 分钟前`, `3 小时前`, `2 天前`; `just now`, `35 min ago`. */
export function ago(iso: string, now: number, lang: Lang): string {
	const ms = Math.max(0, now - Date.parse(iso));
	const min = Math.floor(ms / 60_000);
	if (min < 1) return lang === 'zh' ? '刚刚' : 'just now';
	const u = UNITS[lang];
	const [n, unit] = min < 60 ? [min, u.minAgo] : min < 1440 ? [Math.floor(min / 60), u.h] : [Math.floor(min / 1440), u.d];
	return lang === 'zh' ? `${n} ${unit}前` : `${n} ${unit} ago`;
}
