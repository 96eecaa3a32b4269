// The response notice (《应急响应通知》, PRODUCT.md §1): what happened, the level and why, who
// leads, which groups with which holders, the contact deadline — as a draft rebuilt on every
// read, and as numbered versions frozen when published (by a lead or the leader seat's holder)
// or when an escalation convenes new seats. Times in the text are always local to the
// configured zone (WARROOM_TIMEZONE), named: `2026-12-01 23:38（北京时间）`, never an ISO string.
// Pure: the zone and the moment are parameters; formatting is Intl.DateTimeFormat's (the tz
// database of the runtime), never a hand-kept offset.
import type { Level } from './levels';
import { formatInZone, zoneLabel } from './local-time';

type I18n = { en: string; zh: string };
type UserRef = { id: string; name: string };

export { zoneLabel };

/** A moment as local time in the zone, named: `2026-12-01 23:38（北京时间）` / `2026-12-01 23:38 (Beijing time)`. */
export function formatNoticeTime(at: Date, timeZone: string): I18n {
	const local = formatInZone(at, timeZone, 'datetime');
	const zone = zoneLabel(at, timeZone);
	return { en: `${local} (${zone.en})`, zh: `${local}（${zone.zh}）` };
}

export interface NoticeSeat {
	seat: string;
	group: string;
	en: string;
	zh: string;
	holder: UserRef | string | null;
	/** Convened by the escalation this version announces. */
	added?: boolean;
}

/** What the notice says of an escalation: the levels and the seats it convened (and the leader seat when it changed hands). */
export interface NoticeEscalation {
	from: Level;
	to: Level;
	added: { seat: string; group: string; en: string; zh: string }[];
	leader: I18n | null;
}

export interface NoticeFacts {
	code: string;
	title: string;
	category: I18n;
	level: Level;
	levelName: I18n;
	levelReason: I18n;
	identifiedAt: Date | string;
	contactWindowMinutes: number;
	/** The incident's own first-contact deadline while no affected customer is registered yet. */
	contactDueAt?: Date | null;
	seats: NoticeSeat[];
	/** WARROOM_TIMEZONE: every time in the text is local to it. */
	timeZone: string;
	/** A published version; none for the draft. */
	publication?: NoticePublication;
}

export interface NoticePublication {
	version: number;
	reason: 'published' | 'escalation';
	at: Date;
	by: UserRef | null;
	escalation?: NoticeEscalation | null;
}

/** A published version as frozen in `response_notices.content` and sent with `response.notice_published`. */
export interface NoticeContent {
	version: number;
	reason: 'published' | 'escalation';
	code: string;
	title: string;
	category: I18n;
	level: Level;
	levelName: I18n;
	levelReason: I18n;
	leader: { title: I18n; holder: UserRef | null } | null;
	seats: { seat: string; group: string; title: I18n; holder: UserRef | null; added: boolean }[];
	escalation: NoticeEscalation | null;
	contactWindowMinutes: number;
	contactDueAt: string | null;
	contactDueAtText: I18n | null;
	identifiedAt: string;
	identifiedAtText: I18n;
	publishedAt: string;
	publishedAtText: I18n;
	publishedBy: UserRef | null;
	timeZone: string;
	/** The notice in each language. */
	en: string;
	zh: string;
}

const holderName = (h: NoticeSeat['holder']) => (h === null ? null : typeof h === 'string' ? h : h.name);
const LEVEL_ZH: Record<Level, string> = { 1: '一级', 2: '二级', 3: '三级' };

/**
 * The notice's text in both languages. With `publication` it is the frozen version: its
 * number, when (local time, zone named) and by whom, and for an escalation the new seats.
 */
export function responseNotice(f: NoticeFacts): I18n {
	const identified = formatNoticeTime(new Date(f.identifiedAt), f.timeZone);
	const due = f.contactDueAt ? formatNoticeTime(f.contactDueAt, f.timeZone) : null;
	const p = f.publication;
	const published = p ? formatNoticeTime(p.at, f.timeZone) : null;
	const esc = p?.escalation ?? null;
	const seatLines = (lang: 'en' | 'zh') =>
		f.seats
			.map((s) => {
				const who = holderName(s.holder) ?? (lang === 'en' ? '(vacant)' : '（待指派）');
				const added = s.added ? (lang === 'en' ? ' [new]' : '【新】') : '';
				return lang === 'en' ? `- ${s.en}: ${who}${added}` : `- ${s.zh}：${who}${added}`;
			})
			.join('\n');
	const window =
		f.contactWindowMinutes >= 60
			? { en: `${f.contactWindowMinutes / 60} h`, zh: `${f.contactWindowMinutes / 60} 小时` }
			: { en: `${f.contactWindowMinutes} min`, zh: `${f.contactWindowMinutes} 分钟` };
	const escalated = (lang: 'en' | 'zh') => {
		if (!esc) return [];
		const names = [...esc.added.map((a) => a[lang]), ...(esc.leader ? [esc.leader[lang]] : [])];
		return lang === 'en'
			? [`Escalated from level ${esc.from} to level ${esc.to}; newly convened: ${names.join(', ')}.`, '']
			: [`事件由${LEVEL_ZH[esc.from]}升级为${LEVEL_ZH[esc.to]}，新召集：${names.join('、')}。`, ''];
	};
	return {
		en: [
			p ? `Emergency response notice — ${f.code} · version ${p.version}` : `Emergency response notice — ${f.code}`,
			...(p && published ? [p.reason === 'escalation' ? `Published on escalation, ${published.en}.` : `Published ${published.en}${p.by ? ` by ${p.by.name}` : ''}.`] : []),
			'',
			`Incident: ${f.title} (${f.category.en}), identified ${identified.en}.`,
			`Level: ${f.levelName.en}. ${f.levelReason.en}.`,
			`Response: every affected customer must be contacted within ${window.en} of being registered.`,
			...(due ? [`First contact due by ${due.en} (no affected customer registered yet).`] : []),
			'',
			...escalated('en'),
			'Response group:',
			seatLines('en'),
			'',
			p
				? "Each member: acknowledge your seat in Warroom, mark this notice as read and work your group's duty checklist."
				: "Each member: acknowledge your seat in Warroom and work your group's duty checklist."
		].join('\n'),
		zh: [
			p ? `应急响应通知（第 ${p.version} 版）— ${f.code}` : `应急响应通知 — ${f.code}`,
			...(p && published ? [p.reason === 'escalation' ? `发布时间：${published.zh}，因事件升级发布。` : `发布时间：${published.zh}${p.by ? `，发布人：${p.by.name}` : ''}。`] : []),
			'',
			`事件：${f.title}（${f.category.zh}），识别时间 ${identified.zh}。`,
			`等级：${f.levelName.zh}。${f.levelReason.zh}。`,
			`响应要求：每位受影响客户须在登记后 ${window.zh}内联系。`,
			...(due ? [`首次联系截止：${due.zh}（尚无受影响客户登记）。`] : []),
			'',
			...escalated('zh'),
			'应急小组：',
			seatLines('zh'),
			'',
			p ? '各成员请在 Warroom 中确认到岗，阅读本通知后标记“已读”，并按本组职责清单执行。' : '各成员请在 Warroom 中确认到岗，并按本组职责清单执行。'
		].join('\n')
	};
}

/** The version frozen at publication: the facts, the times as ISO and as local text, and the text in both languages. */
export function publishedNotice(f: NoticeFacts & { publication: NoticePublication }): NoticeContent {
	const p = f.publication;
	const identifiedAt = new Date(f.identifiedAt);
	const ref = (h: NoticeSeat['holder']) => (h && typeof h === 'object' ? { id: h.id, name: h.name } : null);
	const leader = f.seats.find((s) => s.seat === 'leader');
	const text = responseNotice(f);
	return {
		version: p.version,
		reason: p.reason,
		code: f.code,
		title: f.title,
		category: f.category,
		level: f.level,
		levelName: f.levelName,
		levelReason: f.levelReason,
		leader: leader ? { title: { en: leader.en, zh: leader.zh }, holder: ref(leader.holder) } : null,
		seats: f.seats.map((s) => ({ seat: s.seat, group: s.group, title: { en: s.en, zh: s.zh }, holder: ref(s.holder), added: !!s.added })),
		escalation: p.escalation ?? null,
		contactWindowMinutes: f.contactWindowMinutes,
		contactDueAt: f.contactDueAt?.toISOString() ?? null,
		contactDueAtText: f.contactDueAt ? formatNoticeTime(f.contactDueAt, f.timeZone) : null,
		identifiedAt: identifiedAt.toISOString(),
		identifiedAtText: formatNoticeTime(identifiedAt, f.timeZone),
		publishedAt: p.at.toISOString(),
		publishedAtText: formatNoticeTime(p.at, f.timeZone),
		publishedBy: p.by,
		timeZone: f.timeZone,
		en: text.en,
		zh: text.zh
	};
}
