// The response notice (《应急响应通知》): times local to WARROOM_TIMEZONE with the zone named, both
// languages, the published version's number and author, the escalation naming its new seats — and
// how the chat robots' formats carry a published notice.
import { describe, it, expect } from 'vitest';
import { formatNoticeTime, publishedNotice, responseNotice, zoneLabel, type NoticeFacts } from '$lib/domain/response-notice';
import { render, payloadOf } from '$lib/server/webhooks/messages';
import type { IncidentEvent } from '$lib/realtime/events';
import type { IncidentJson } from '$lib/api/schemas';

const ISO_UTC = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const at = new Date('2026-12-01T15:38:00Z');

const facts = (over: Partial<NoticeFacts> = {}): NoticeFacts => ({
	code: 'YJ202612010001',
	title: '星耀 X5 电池鼓包',
	category: { en: 'product quality', zh: '产品质量类' },
	level: 2,
	levelName: { en: 'Level 2 (serious)', zh: '二级（较大）' },
	levelReason: { en: '12 affected customers', zh: '受影响客户 12 人' },
	identifiedAt: new Date('2026-12-01T15:10:00Z'),
	contactWindowMinutes: 60,
	seats: [
		{ seat: 'leader', group: 'customer_service', en: 'Customer-service director (leader)', zh: '客服总监（牵头）', holder: { id: 'u1', name: '李总监' } },
		{ seat: 'customer_service', group: 'customer_service', en: 'Customer-service group', zh: '客户服务组', holder: { id: 'u2', name: '陈客服' } },
		{ seat: 'logistics', group: 'logistics', en: 'Logistics support group', zh: '后勤保障组', holder: null }
	],
	timeZone: 'Asia/Shanghai',
	...over
});

describe('notice times are local to the configured zone, with the zone named', () => {
	it('Asia/Shanghai is Beijing time: 2026-12-01 23:38（北京时间） / 2026-12-01 23:38 (Beijing time)', () => {
		expect(formatNoticeTime(at, 'Asia/Shanghai')).toEqual({ zh: '2026-12-01 23:38（北京时间）', en: '2026-12-01 23:38 (Beijing time)' });
	});
	it('another zone says its name and offset, which follows daylight saving time', () => {
		expect(formatNoticeTime(at, 'Asia/Tokyo')).toEqual({ en: '2026-12-02 00:38 (Japan Standard Time, UTC+09:00)', zh: '2026-12-02 00:38（日本标准时间，UTC+09:00）' });
		expect(formatNoticeTime(at, 'America/New_York').en).toBe('2026-12-01 10:38 (Eastern Standard Time, UTC-05:00)');
		expect(formatNoticeTime(new Date('2026-07-01T15:38:00Z'), 'America/New_York').en).toBe('2026-07-01 11:38 (Eastern Daylight Time, UTC-04:00)');
		expect(zoneLabel(at, 'Asia/Kathmandu').en).toContain('UTC+05:45');
	});
	it('UTC is named UTC', () => {
		expect(formatNoticeTime(at, 'UTC')).toEqual({ en: '2026-12-01 15:38 (UTC)', zh: '2026-12-01 15:38（UTC）' });
	});
});

describe('the response notice text', () => {
	it('the draft names the code, level, window, each seat (vacant ones too) and the identification time in the zone, in both languages, never an ISO time', () => {
		const n = responseNotice(facts());
		expect(n.zh).toContain('应急响应通知 — YJ202612010001');
		expect(n.zh).toContain('识别时间 2026-12-01 23:10（北京时间）');
		expect(n.zh).toContain('1 小时内联系');
		expect(n.zh).toContain('- 后勤保障组：（待指派）');
		expect(n.en).toContain('identified 2026-12-01 23:10 (Beijing time)');
		expect(n.en).toContain('- Customer-service director (leader): 李总监');
		expect(n.en).toContain('- Logistics support group: (vacant)');
		expect(n.en).not.toMatch(ISO_UTC);
		expect(n.zh).not.toMatch(ISO_UTC);
		expect(n.en).not.toContain('version');
	});
	it('with no customer registered yet it gives the first-contact deadline in the zone', () => {
		const n = responseNotice(facts({ contactDueAt: new Date('2026-12-01T16:10:00Z') }));
		expect(n.zh).toContain('首次联系截止：2026-12-02 00:10（北京时间）');
		expect(n.en).toContain('First contact due by 2026-12-02 00:10 (Beijing time)');
	});
	it('a published version carries its number, time in the zone and publisher; its content freezes facts and text', () => {
		const c = publishedNotice({ ...facts(), publication: { version: 1, reason: 'published', at, by: { id: 'u1', name: '李总监' } } });
		expect(c.en.split('\n').slice(0, 2)).toEqual(['Emergency response notice — YJ202612010001 · version 1', 'Published 2026-12-01 23:38 (Beijing time) by 李总监.']);
		expect(c.zh.split('\n').slice(0, 2)).toEqual(['应急响应通知（第 1 版）— YJ202612010001', '发布时间：2026-12-01 23:38（北京时间），发布人：李总监。']);
		expect(c).toMatchObject({
			version: 1,
			reason: 'published',
			level: 2,
			leader: { title: { zh: '客服总监（牵头）' }, holder: { name: '李总监' } },
			publishedAt: '2026-12-01T15:38:00.000Z',
			publishedAtText: { zh: '2026-12-01 23:38（北京时间）', en: '2026-12-01 23:38 (Beijing time)' },
			identifiedAtText: { zh: '2026-12-01 23:10（北京时间）' },
			timeZone: 'Asia/Shanghai',
			escalation: null
		});
		expect(c.seats.map((s) => [s.seat, s.holder?.name ?? null])).toEqual([
			['leader', '李总监'],
			['customer_service', '陈客服'],
			['logistics', null]
		]);
		expect(c.en).not.toMatch(ISO_UTC);
	});
	it('an escalation version names the new seats (and the leader seat that changed hands) in both languages', () => {
		const seats = facts().seats.map((s) => ({ ...s, added: s.seat === 'logistics' }));
		const c = publishedNotice({
			...facts({ seats }),
			publication: {
				version: 2,
				reason: 'escalation',
				at,
				by: null,
				escalation: {
					from: 3,
					to: 2,
					added: [{ seat: 'logistics', group: 'logistics', en: 'Logistics support group', zh: '后勤保障组' }],
					leader: { en: 'Customer-service director (leader)', zh: '客服总监（牵头）' }
				}
			}
		});
		expect(c.en).toContain('Published on escalation, 2026-12-01 23:38 (Beijing time).');
		expect(c.en).toContain('Escalated from level 3 to level 2; newly convened: Logistics support group, Customer-service director (leader).');
		expect(c.en).toContain('- Logistics support group: (vacant) [new]');
		expect(c.zh).toContain('发布时间：2026-12-01 23:38（北京时间），因事件升级发布。');
		expect(c.zh).toContain('事件由三级升级为二级，新召集：后勤保障组、客服总监（牵头）。');
		expect(c.zh).toContain('- 后勤保障组：（待指派）【新】');
		expect(c.seats.find((s) => s.seat === 'logistics')?.added).toBe(true);
		expect(c.publishedBy).toBeNull();
	});
});

describe('chat robots render a published notice', () => {
	const notice = publishedNotice({ ...facts(), publication: { version: 1, reason: 'published', at, by: { id: 'u1', name: '李总监' } } });
	const event = {
		incidentId: 'i1',
		seq: 9,
		type: 'response.notice_published',
		at: at.toISOString(),
		actor: { id: 'u1', name: '李总监' },
		data: { version: 1, level: 2, reason: 'published', notice, incident: { id: 'i1', code: 'YJ202612010001', title: '星耀 X5 电池鼓包', level: 2 } as IncidentJson }
	} as IncidentEvent;
	const ctx = { secret: null, lang: 'both' as const, origin: 'https://warroom.example', timeZone: 'Asia/Shanghai', deliveryId: 'd1', webhookName: 'Ops', now: at };
	const payload = payloadOf(event, 'response.notice_published');

	it('DingTalk: a markdown message with the headline, each line of the notice as its own paragraph and the seats as a list', () => {
		const body = JSON.parse(render('https://oapi.dingtalk.com/robot/send?access_token=x', 'dingtalk', payload, ctx).body);
		expect(body.msgtype).toBe('markdown');
		expect(body.markdown.title).toBe('Response notice published (version 1) / 应急响应通知已发布（第 1 版）');
		const text: string = body.markdown.text;
		expect(text).toContain('### 应急响应通知已发布（第 1 版）');
		expect(text).toContain('**[YJ202612010001] 星耀 X5 电池鼓包**');
		expect(text).toContain('\n\n发布时间：2026-12-01 23:38（北京时间），发布人：李总监。\n\n');
		expect(text).toContain('- 客服总监（牵头）：李总监\n- 客户服务组：陈客服\n- 后勤保障组：（待指派）');
		expect(text).toContain('- Logistics support group: (vacant)');
		expect(text).toContain('[Open in Warroom](https://warroom.example/incidents/i1)');
		expect(text).not.toMatch(ISO_UTC);
	});
	it('WeCom: markdown content within its 4096-byte limit; Feishu: a card whose text carries the notice', () => {
		const wecom = JSON.parse(render('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x', 'wecom', payload, { ...ctx, lang: 'zh' }).body);
		expect(wecom.msgtype).toBe('markdown');
		expect(wecom.markdown.content).toContain('应急小组：');
		expect(wecom.markdown.content).toContain('- 客户服务组：陈客服');
		const feishu = JSON.parse(render('https://open.feishu.cn/open-apis/bot/v2/hook/x', 'feishu', payload, { ...ctx, lang: 'zh' }).body);
		const content: string = feishu.card.elements[0].text.content;
		expect(feishu.card.header.title.content).toBe('应急响应通知已发布（第 1 版）');
		expect(content).toContain('识别时间 2026-12-01 23:10（北京时间）');
		expect(content).toContain('- 后勤保障组：（待指派）');
	});
	it('WeCom: a notice too long for one message loses its last lines, marked with …, and stays under 4096 bytes', () => {
		const many = Array.from({ length: 60 }, (_, i) => ({ seat: `s${i}`, group: 'legal', en: `Seat number ${i} of a very long response group`, zh: `第 ${i} 个席位（很长的应急小组）`, holder: null }));
		const long = publishedNotice({ ...facts({ seats: many }), publication: { version: 3, reason: 'published', at, by: null } });
		const p = payloadOf({ ...event, data: { ...event.data, notice: long } } as IncidentEvent, 'response.notice_published');
		const content: string = JSON.parse(render('https://qyapi.weixin.qq.com/x', 'wecom', p, ctx).body).markdown.content;
		expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
		expect(content).toContain('…');
		expect(content).toContain('[在 Warroom 中查看]');
	});
	it('an escalation version has its own headline', () => {
		const esc = { ...event, data: { ...event.data, reason: 'escalation', version: 2 } } as IncidentEvent;
		const body = JSON.parse(render('https://x', 'wecom', payloadOf(esc, 'response.notice_published'), { ...ctx, lang: 'en' }).body);
		expect(body.markdown.content).toContain('### Response notice version 2: escalation, new seats convened');
	});
});
