// What a webhook sends: which timeline events it announces, and the request for each format.
// Messages are built from incident-level fields only (code, level, title, the event's facts);
// the stored payload already went through redactForDisplay, so no customer personal data can
// reach a receiver even in the generic JSON.
import { createHmac } from 'node:crypto';
import type { IncidentEvent } from '$lib/realtime/events';
import { redactForDisplay } from '$lib/realtime/events';
import type { IncidentJson, WebhookEvent, WebhookFormat, WebhookLang } from '$lib/api/schemas';
import en from '$lib/i18n/en';
import zh from '$lib/i18n/zh-CN';

export const TEST_EVENT = 'webhook.test';

/** Timeline event → webhook event name (null: not announced). */
export function webhookEventOf(e: IncidentEvent): WebhookEvent | null {
	switch (e.type) {
		case 'incident.declared':
			return 'incident.declared';
		case 'incident.level_changed': // level 1 is the most severe: a smaller number is an escalation
			return e.data.to < e.data.from ? 'incident.escalated' : null;
		case 'deadline.due_soon':
		case 'deadline.overdue':
			// a commitment is its author's task (My tasks), not news for a chat group
			if (e.data.kind === 'commitment') return null;
			return e.data.kind === 'postmortem' ? 'postmortem.due' : e.type;
		case 'solution.proposed':
			return 'approval.requested';
		case 'incident.phase_changed':
			return e.data.to === 'closed' ? 'incident.closed' : null;
		case 'response.notice_published':
			return 'response.notice_published';
		default:
			return null;
	}
}

/** The stored payload, which is also the generic format's body: the redacted event plus `webhook.event`. */
/** The test delivery's stand-in for an event: no incident, no data. */
type TestEvent = Omit<IncidentEvent, 'type' | 'data'> & { type: typeof TEST_EVENT; data: { incident?: IncidentJson } };
export type Payload = (IncidentEvent | TestEvent) & { webhook: { event: string } };

export function payloadOf(e: IncidentEvent, event: string): Payload {
	return { ...redactForDisplay(e), webhook: { event } };
}

interface Context {
	secret: string | null;
	lang: WebhookLang;
	/** Public origin for links (ORIGIN); empty → relative links. */
	origin: string;
	timeZone: string;
	deliveryId: string;
	webhookName: string;
	now: Date;
}

export interface OutgoingRequest {
	url: string;
	headers: Record<string, string>;
	body: string;
}

/** One language's message: a headline, the incident line, detail lines, a document's own lines (the response notice) and a link. */
interface Message {
	headline: string;
	/** The incident's code and title (user text), null for a test message. */
	subject: { code: string; title: string } | null;
	lines: string[];
	/** A document carried whole, line by line (blank lines separate its paragraphs; `- ` starts a list item). */
	body: string[];
	link: string;
	linkText: string;
}

const DICTS = { en: en.webhooks, zh: zh.webhooks };
const fill = (template: string, vars: Record<string, unknown>) => template.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));

/** The facts a headline template may name ({from}, {to}, {count}, {approver}, {solution}), from the event's own data. */
function factsOf(p: Payload, lang: 'en' | 'zh'): Record<string, unknown> {
	switch (p.type) {
		case 'incident.level_changed':
		case 'incident.phase_changed':
			return { from: p.data.from, to: p.data.to };
		case 'deadline.due_soon':
		case 'deadline.overdue':
			return { count: p.data.count };
		case 'solution.proposed':
			return { approver: p.data.approver[lang], solution: p.data.kindName[lang] };
		case 'response.notice_published':
			return { version: p.data.version };
		default:
			return {};
	}
}

const dueAtOf = (p: Payload) => ((p.type === 'deadline.due_soon' || p.type === 'deadline.overdue') && (p.data.kind === 'postmortem' || p.data.kind === 'incident') ? p.data.dueAt : undefined);
/** The incident's own contact clock (no customer yet) has its own headline, not "{count} customer(s)". */
const clockKey = (p: Payload) => ((p.type === 'deadline.due_soon' || p.type === 'deadline.overdue') && p.data.kind === 'incident' ? `incident.${p.type.slice('deadline.'.length)}` : null);

function message(p: Payload, lang: 'en' | 'zh', ctx: Context): Message {
	const t = DICTS[lang].message;
	const levels = (lang === 'en' ? en : zh).levels as Record<string, string>;
	const incident: Partial<IncidentJson> = p.data.incident ?? {};
	const when = (iso: unknown) => (typeof iso === 'string' ? new Intl.DateTimeFormat('sv-SE', { timeZone: ctx.timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)) : '');
	const event = p.webhook.event;
	const key =
		event === 'postmortem.due'
			? p.type === 'deadline.overdue'
				? 'postmortem.overdue'
				: 'postmortem.due_soon'
			: p.type === 'response.notice_published' && p.data.reason === 'escalation'
				? 'response.notice_escalated'
				: (clockKey(p) ?? event);
	const headline = fill((t as Record<string, string>)[key] ?? event, { ...factsOf(p, lang), dueAt: when(dueAtOf(p)), name: ctx.webhookName });
	const reason = p.type === 'incident.level_changed' ? p.data.reason[lang] : event === 'incident.declared' ? incident.levelReasonI18n?.[lang] : undefined;
	// the notice says its level and reason itself
	const lines = p.type === 'response.notice_published' ? [] : [incident.level ? levels[String(incident.level)] : null, reason ? fill(t.reason, { reason }) : null].filter((x): x is string => !!x);
	return {
		headline,
		subject: incident.code ? { code: incident.code, title: incident.title ?? '' } : null,
		lines,
		// the notice's own text, frozen at publication, without its title line (the headline says it)
		body: p.type === 'response.notice_published' && p.data.notice ? p.data.notice[lang].split('\n').slice(1) : [],
		link: p.incidentId ? `${ctx.origin}/incidents/${p.incidentId}` : `${ctx.origin}/`,
		linkText: t.open
	};
}

const messages = (p: Payload, ctx: Context) => (ctx.lang === 'both' ? (['en', 'zh'] as const) : [ctx.lang]).map((l) => message(p, l, ctx));
const titleOf = (ms: Message[]) => ms.map((m) => m.headline).join(' / ');
const subjectLine = (s: Message['subject']) => s && `[${s.code}] ${s.title}`;

/**
 * User text (a title, a reason, a name, a notice's lines) as DingTalk / WeCom markdown. Neither
 * robot documents an escape syntax (a backslash may show, or be dropped and the markup live on),
 * so each character that makes markup there — links and images `[ ]`, tags and mentions `< >`
 * (`<font>`, `<@userid>`), `@` (mentions by mobile number or `@all`), emphasis and code
 * `* _ ~ \``, headings `#`, tables `|`, escapes `\` and entities `&` — is replaced by its
 * full-width form, which every client shows as text. The text stays readable; no link, image,
 * mention or colour can come from it. A line break would start a block: it becomes a space.
 */
const CHAT_MARKUP: Record<string, string> = {
	'[': '［',
	']': '］',
	'<': '＜',
	'>': '＞',
	'@': '＠',
	'*': '＊',
	_: '＿',
	'~': '～',
	'`': '｀',
	'#': '＃',
	'|': '｜',
	'\\': '＼',
	'&': '＆'
};
const chatText = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[[\]<>@*_~`#|\\&]/g, (c) => CHAT_MARKUP[c]);

/** A document's lines as markdown blocks: each line its own paragraph, consecutive list items one list (robots' markdown knows no soft line break). */
const markdownBlocks = (body: string[]) =>
	body
		.filter((l) => l.trim())
		.map((l) => (l.startsWith('- ') ? `- ${chatText(l.slice(2))}` : chatText(l)))
		.reduce<string[]>((blocks, l) => {
			const last = blocks.length - 1;
			if (l.startsWith('- ') && last >= 0 && blocks[last].startsWith('- ')) blocks[last] += `\n${l}`;
			else blocks.push(l);
			return blocks;
		}, []);
const plainLines = (body: string[]) => body.filter((l) => l.trim());
/** `[code] title`, the title escaped; its opening `(` made full-width, or `[code] (url)` would be a link to lenient parsers. */
const markdownSubject = (s: NonNullable<Message['subject']>) => `**[${chatText(s.code)}] ${chatText(s.title).replace(/^\(/, '（')}**`;
const markdown = (m: Message) =>
	[`### ${chatText(m.headline)}`, m.subject && markdownSubject(m.subject), ...m.lines.map((l) => `> ${chatText(l)}`), ...markdownBlocks(m.body), `[${m.linkText}](${m.link})`]
		.filter(Boolean)
		.join('\n\n');
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const hmac = (key: string, message: string, encoding: 'hex' | 'base64') => createHmac('sha256', key).update(message, 'utf8').digest(encoding);

type Body = Record<string, unknown>;
const WECOM_MAX_BYTES = 4096;
/** Renders `ms`; while the result is over `max` bytes, drops the last line of the longest document body (its end marked with …). */
function fitBytes(ms: Message[], render: (ms: Message[]) => string, max: number): string {
	const keep = ms.map((m) => m.body.length);
	const cut = () => ms.map((m, i) => (keep[i] === m.body.length ? m : { ...m, body: [...m.body.slice(0, keep[i]), '…'] }));
	let out = render(ms);
	while (Buffer.byteLength(out, 'utf8') > max) {
		const longest = keep.indexOf(Math.max(...keep));
		if (keep[longest] === 0) break;
		keep[longest]--;
		out = render(cut());
	}
	return out;
}
const BODIES: Record<Exclude<WebhookFormat, 'generic'>, (ms: Message[], ctx: Context) => { body: Body; query?: Record<string, string> }> = {
	// DingTalk: timestamp (ms) and sign = base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)) as query parameters.
	dingtalk: (ms, ctx) => {
		const timestamp = String(ctx.now.getTime());
		const query = ctx.secret ? { timestamp, sign: hmac(ctx.secret, `${timestamp}\n${ctx.secret}`, 'base64') } : undefined;
		return { body: { msgtype: 'markdown', markdown: { title: titleOf(ms), text: ms.map(markdown).join('\n\n---\n\n') } }, query };
	},
	// Feishu / Lark: timestamp (s) and sign = base64(HMAC-SHA256(key = `${timestamp}\n${secret}`, empty message)) in the body.
	feishu: (ms, ctx) => {
		const timestamp = String(Math.floor(ctx.now.getTime() / 1000));
		const signed = ctx.secret ? { timestamp, sign: createHmac('sha256', `${timestamp}\n${ctx.secret}`).update('').digest('base64') } : {};
		const elements = ms.flatMap((m, i) => [
			...(i > 0 ? [{ tag: 'hr' }] : []),
			// plain_text, not lark_md: user text shows as typed, and no <at id=all>, link or <font> in it comes alive
			{ tag: 'div', text: { tag: 'plain_text', content: [m.headline, subjectLine(m.subject), ...m.lines, ...plainLines(m.body)].filter(Boolean).join('\n') } },
			{ tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: m.linkText }, url: m.link, type: 'primary' }] }
		]);
		return { body: { ...signed, msg_type: 'interactive', card: { config: { wide_screen_mode: true }, header: { title: { tag: 'plain_text', content: titleOf(ms) }, template: 'red' }, elements } } };
	},
	// WeCom refuses markdown over 4096 bytes: a long notice (level 1, both languages) loses its last lines, marked with …
	wecom: (ms) => ({ body: { msgtype: 'markdown', markdown: { content: fitBytes(ms, (x) => x.map(markdown).join('\n\n'), WECOM_MAX_BYTES) } } }),
	slack: (ms) => ({
		body: {
			text: titleOf(ms),
			blocks: ms.flatMap((m) => [
				{
					type: 'section',
					text: {
						type: 'mrkdwn',
						text: [`*${slackEscape(m.headline)}*`, m.subject && `*${slackEscape(subjectLine(m.subject)!)}*`, ...m.lines.map(slackEscape), ...plainLines(m.body).map(slackEscape)]
							.filter(Boolean)
							.join('\n')
					}
				},
				{ type: 'context', elements: [{ type: 'mrkdwn', text: `<${m.link}|${slackEscape(m.linkText)}>` }] }
			])
		}
	})
};

/** The HTTP request (always POST, JSON) for one delivery. */
export function render(url: string, format: WebhookFormat, p: Payload, ctx: Context): OutgoingRequest {
	const headers: Record<string, string> = {
		'content-type': 'application/json; charset=utf-8',
		'user-agent': 'Warroom-Webhook/1',
		'x-warroom-event': p.webhook.event,
		'x-warroom-delivery': ctx.deliveryId
	};
	if (format === 'generic') {
		const body = JSON.stringify(p);
		if (ctx.secret) headers['x-warroom-signature'] = `sha256=${hmac(ctx.secret, body, 'hex')}`;
		return { url, headers, body };
	}
	const { body, query } = BODIES[format](messages(p, ctx), ctx);
	const target = new URL(url);
	for (const [k, v] of Object.entries(query ?? {})) target.searchParams.set(k, v);
	return { url: target.toString(), headers, body: JSON.stringify(body) };
}

/**
 * Whether a response means "delivered": 2xx, and for the chat robots, which answer 200 with an
 * error code in the body (bad signature, keyword filter, rate limit), also `errcode`/`code` 0
 * when present. Returns the reason it was not, or null.
 */
export function rejection(format: WebhookFormat, status: number, text: string): string | null {
	if (status < 200 || status > 299) return `HTTP ${status}`;
	if (format === 'generic' || format === 'slack') return null;
	let body: Record<string, unknown>;
	try {
		body = JSON.parse(text);
	} catch {
		return null;
	}
	const code = format === 'feishu' ? (body?.code ?? body?.StatusCode) : body?.errcode;
	if (code === undefined || code === null || Number(code) === 0) return null;
	return `${format} error ${code}: ${String(body.errmsg ?? body.msg ?? body.StatusMessage ?? '')}`.trim();
}
