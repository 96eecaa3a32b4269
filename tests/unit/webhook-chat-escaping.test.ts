// Chat robots post under the company's name: user text (an incident title, a reason, a notice's
// lines) must reach a group as text, never as a link, a tracking image, a mention or a colour.
import { describe, it, expect } from 'vitest';
import { render, payloadOf } from '$lib/server/webhooks/messages';
import { publishedNotice } from '$lib/domain/response-notice';
import type { IncidentEvent } from '$lib/realtime/events';
import type { IncidentJson } from '$lib/api/schemas';

const HOSTILE = '@all [点我](http://evil.example) ![](http://evil.example/t.png) <at user_id="all"></at> <font color="warning">x</font> **bold** \n# heading';
const at = new Date('2026-12-01T15:38:00Z');
const ctx = { secret: null, lang: 'both' as const, origin: 'https://warroom.example', timeZone: 'Asia/Shanghai', deliveryId: 'd1', webhookName: 'Ops', now: at };
const LINK = 'https://warroom.example/incidents/i1';

const declared = (title: string) =>
	payloadOf(
		{
			incidentId: 'i1',
			seq: 1,
			type: 'incident.declared',
			at: at.toISOString(),
			actor: { id: 'u1', name: '王指挥' },
			data: { incident: { id: 'i1', code: 'YJ202612010001', title, level: 2, levelReasonI18n: { en: HOSTILE, zh: HOSTILE } } as unknown as IncidentJson }
		} as IncidentEvent,
		'incident.declared'
	);

/** Every markdown link or image target in `text` (lenient: a space may stand between `]` and `(`). */
const targets = (text: string) => [...text.matchAll(/\]\s?\(([^)]*)\)/g)].map((m) => m[1]);

/** What a group would see as live in DingTalk / WeCom markdown, besides our own "open" link. */
function assertInert(markdown: string) {
	expect(targets(markdown)).toEqual([LINK, LINK]); // one "open" link per language, nothing else
	expect(markdown).not.toMatch(/!\[/); // no image
	expect(markdown).not.toMatch(/<\s*(at|font|@|a\b)/i); // no tag: mention, colour, link
	expect(markdown).not.toMatch(/@all/i); // no @all
	expect(markdown).not.toMatch(/(^|\n)#(?!## )/); // no heading but our own `### ` headlines
	for (const line of markdown.split('\n').filter((l) => l.startsWith('**'))) expect(line).toMatch(/^\*\*[^*]+\*\*$/); // the subject's bold is ours alone
}

/** Still readable: the words and the visible address are there. */
function assertReadable(text: string) {
	for (const word of ['点我', 'evil.example', 'all', 'warning', 'bold', 'heading']) expect(text).toContain(word);
}

describe('a hostile incident title reaches chat groups as text', () => {
	it('DingTalk markdown: no link, image, mention, colour or heading from it', () => {
		const body = JSON.parse(render('https://oapi.dingtalk.com/robot/send?access_token=x', 'dingtalk', declared(HOSTILE), ctx).body);
		const text: string = body.markdown.text;
		assertInert(text);
		assertReadable(text);
		expect(body.at).toBeUndefined(); // nobody is mentioned by the message itself
		expect(text).toContain(
			'**[YJ202612010001] ＠all ［点我］(http://evil.example) !［］(http://evil.example/t.png) ＜at user＿id="all"＞＜/at＞ ＜font color="warning"＞x＜/font＞ ＊＊bold＊＊ ＃ heading**'
		);
	});

	it('WeCom markdown: the same, and the 4096-byte cap holds after escaping', () => {
		const content: string = JSON.parse(render('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x', 'wecom', declared(HOSTILE), ctx).body).markdown.content;
		assertInert(content);
		assertReadable(content);
		expect(content).not.toMatch(/<@/);

		// a long notice whose every seat holder is hostile: full-width forms take 3 bytes each, the cap still holds
		const seats = Array.from({ length: 80 }, (_, i) => ({ seat: `s${i}`, group: 'legal', en: `Seat ${i}`, zh: `席位 ${i}`, holder: { id: `u${i}`, name: '<@all>[x](http://evil.example)**' } }));
		const notice = publishedNotice({
			code: 'YJ202612010001',
			title: HOSTILE,
			category: { en: 'product quality', zh: '产品质量类' },
			level: 1,
			levelName: { en: 'Level 1', zh: '一级' },
			levelReason: { en: HOSTILE, zh: HOSTILE },
			identifiedAt: at,
			contactWindowMinutes: 60,
			seats,
			timeZone: 'Asia/Shanghai',
			publication: { version: 1, reason: 'published', at, by: { id: 'u1', name: '<at id=all></at>' } }
		});
		const p = payloadOf(
			{
				incidentId: 'i1',
				seq: 9,
				type: 'response.notice_published',
				at: at.toISOString(),
				actor: { id: 'u1', name: 'x' },
				data: { version: 1, level: 1, reason: 'published', notice, incident: { id: 'i1', code: 'YJ202612010001', title: HOSTILE, level: 1 } as IncidentJson }
			} as IncidentEvent,
			'response.notice_published'
		);
		const long: string = JSON.parse(render('https://qyapi.weixin.qq.com/x', 'wecom', p, ctx).body).markdown.content;
		expect(Buffer.byteLength(long, 'utf8')).toBeLessThanOrEqual(4096);
		expect(long).toContain('…');
		assertInert(long);
		expect(long).toContain('- 席位 0：＜＠all＞［x］(http://evil.example)＊＊');
	});

	it('Feishu card: user text in plain_text elements only, so no <at id=all>, link or <font> comes alive', () => {
		const card = JSON.parse(render('https://open.feishu.cn/open-apis/bot/v2/hook/x', 'feishu', declared(HOSTILE), ctx).body).card;
		const texts: { tag: string; content: string }[] = [card.header.title, ...card.elements.filter((e: any) => e.tag === 'div').map((e: any) => e.text)];
		expect(texts.map((t) => t.tag)).toEqual(['plain_text', 'plain_text', 'plain_text']);
		expect(JSON.stringify(card)).not.toContain('lark_md');
		const content = texts[1].content;
		expect(content).toContain(`[YJ202612010001] ${HOSTILE}`); // shown as typed
		// the only link is the button's, to the incident
		const urls = JSON.stringify(card).match(/"url":"[^"]*"/g);
		expect(urls).toEqual([`"url":"${LINK}"`, `"url":"${LINK}"`]);
	});

	it('Slack (already escaped): no <!channel>-style control sequence or link from it', () => {
		const blocks = JSON.parse(render('https://hooks.slack.com/services/x', 'slack', declared(HOSTILE), ctx).body).blocks;
		const section: string = blocks[0].text.text;
		expect(section).not.toMatch(/<(?!\/)/);
		expect(section).toContain('&lt;at user_id="all"&gt;');
	});

	it('an ordinary title is unchanged', () => {
		const text: string = JSON.parse(render('https://oapi.dingtalk.com/robot/send?access_token=x', 'dingtalk', declared('星耀 X5 电池鼓包（批次 A-17），华东 3 仓'), ctx).body).markdown.text;
		expect(text).toContain('**[YJ202612010001] 星耀 X5 电池鼓包（批次 A-17），华东 3 仓**');
	});

	it('a title that opens with "(" cannot turn the code in brackets into a link', () => {
		const text: string = JSON.parse(render('https://oapi.dingtalk.com/robot/send?access_token=x', 'dingtalk', declared('(http://evil.example) 假通知'), ctx).body).markdown.text;
		expect(targets(text)).toEqual([LINK, LINK]);
		expect(text).toContain('**[YJ202612010001] （http://evil.example) 假通知**');
	});
});
