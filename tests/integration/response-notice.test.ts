// The response notice (《应急响应通知》) published, through the API alone: a lead publishes version 1
// with its times in the configured zone (Asia/Shanghai: 北京时间), the event is on the timeline,
// a seat holder marks it read, others are refused, an escalation that convenes new seats publishes
// version 2 naming them in the same transaction (and nothing is published before the first
// publication), and a chat robot subscribed to the event receives the notice as its markdown.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import { DRIVERS, startServer, freePort } from '../support/server';
import { ApiClient, createUsers } from '../support/client';

interface Received {
	path: string;
	headers: http.IncomingHttpHeaders;
	body: any;
}

/** A local HTTP receiver for webhook deliveries; `next(path)` resolves with the next request to that path. */
async function startReceiver() {
	const received: Received[] = [];
	let waiters: { path: string; resolve: (r: Received) => void }[] = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			const r: Received = { path: new URL(req.url!, 'http://receiver').pathname, headers: req.headers, body: JSON.parse(raw) };
			received.push(r);
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
			const mine = waiters.filter((w) => w.path === r.path);
			waiters = waiters.filter((w) => w.path !== r.path);
			for (const w of mine) w.resolve(r);
		});
	});
	const port = await freePort();
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		url: (path: string) => `http://127.0.0.1:${port}${path}`,
		at: (path: string) => received.filter((r) => r.path === path),
		/** The `n`-th request to `path` (1-based), now or when it arrives. */
		nth: async (path: string, n: number, timeoutMs = 20_000): Promise<Received> => {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const have = received.filter((r) => r.path === path);
				if (have.length >= n) return have[n - 1];
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`no request #${n} to ${path}`);
				await Promise.race([new Promise<Received>((resolve) => waiters.push({ path, resolve })), new Promise((resolve) => setTimeout(resolve, left))]);
			}
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

const ISO_UTC = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** Local time in Asia/Shanghai as the notice writes it, computed here with the platform's tz database. */
const beijing = (iso: string) => {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
		new Date(iso)
	);
	const get = (t: string) => parts.find((p) => p.type === t)!.value;
	return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
};

describe.each(DRIVERS)('Response notice on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let receiver: Awaited<ReturnType<typeof startReceiver>>;
	let admin: ApiClient;
	let manager: ApiClient; // lead, customer service
	let agent: ApiClient; // responder, customer service
	let tech: ApiClient; // responder, tech support, holds no seat
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		receiver = await startReceiver();
		// the chat-robot receiver is on this machine: an internal receiver, allowed explicitly
		ctx = await startServer(driver, { env: { WARROOM_TIMEZONE: 'Asia/Shanghai', WARROOM_WEBHOOK_POLL_MS: '100', WARROOM_WEBHOOK_BACKOFF_MS: '100', WARROOM_WEBHOOK_ALLOW_PRIVATE: 'true' } });
		admin = await ApiClient.login(ctx.server.url);
		const users = [
			['mgr@example.com', '客服经理 刘', ['lead'], ['customer_service']],
			['agent@example.com', '陈客服', ['responder'], ['customer_service']],
			['tech@example.com', '周工程师', ['responder'], ['tech_support']]
		] as const;
		const made = await createUsers(admin, users);
		users.forEach(([email], i) => (ids[email] = made.ids[i]));
		[manager, agent, tech] = made.clients;
	});
	afterAll(async () => {
		await ctx?.close();
		await receiver?.close();
	});

	async function declare(title: string) {
		const r = await manager.call('POST', '/api/v1/incidents', { title, category: 'service_failure' });
		expect(r.status).toBe(201);
		const url = `/api/v1/incidents/${r.body.id}/response`;
		expect((await manager.call('PUT', `${url}/seats/leader`, { userId: ids['mgr@example.com'] })).status).toBe(200);
		expect((await agent.call('PUT', `${url}/seats/customer_service`, { userId: ids['agent@example.com'] })).status).toBe(200);
		return { ...(r.body as { id: string; code: string }), url };
	}
	const types = async (id: string) => ((await agent.call('GET', `/api/v1/incidents/${id}/events`)).body.items as any[]).map((e) => e.type);

	it('a lead publishes version 1: frozen with times in Beijing time, on the timeline, refused to others; a seat holder marks it read', async () => {
		const hook = await admin.call('POST', '/api/v1/webhooks', { url: receiver.url('/wecom'), format: 'wecom', events: ['response.notice_published'], lang: 'both' });
		expect(hook.status, JSON.stringify(hook.body)).toBe(201);
		const inc = await declare('门店集中投诉');
		let r = await agent.call('GET', inc.url);
		expect(r.body.notices).toEqual([]);
		expect(r.body.notice.zh).toContain(inc.code);
		expect(r.body.notice.zh).not.toMatch(ISO_UTC);

		// a responder holding a seat, and one holding none, may not publish
		for (const who of [agent, tech]) {
			r = await who.call('POST', `${inc.url}/notice`);
			expect(r.status).toBe(403);
			expect(r.body.error.code).toBe('forbidden');
		}
		expect((await agent.call('GET', inc.url)).body.notices).toEqual([]);

		r = await manager.call('POST', `${inc.url}/notice`);
		expect(r.status, JSON.stringify(r.body)).toBe(201);
		const v1 = r.body.published;
		const local = beijing(v1.publishedAt);
		expect(v1).toMatchObject({ version: 1, level: 3, reason: 'published', publishedBy: { name: '客服经理 刘' }, publishedAtText: { zh: `${local}（北京时间）`, en: `${local} (Beijing time)` } });
		expect(v1.content.zh.split('\n').slice(0, 2)).toEqual([`应急响应通知（第 1 版）— ${inc.code}`, `发布时间：${local}（北京时间），发布人：客服经理 刘。`]);
		expect(v1.content.en).toContain(`Published ${local} (Beijing time) by 客服经理 刘.`);
		expect(v1.content.zh).toContain('- 客户服务组：陈客服');
		expect(v1.content.zh).toContain('- 技术支持组：（待指派）');
		expect(v1.content.contactDueAtText.zh).toMatch(/（北京时间）$/);
		expect(v1.content.en).not.toMatch(ISO_UTC);
		expect(v1.content.zh).not.toMatch(ISO_UTC);
		expect(v1.content.leader).toMatchObject({ holder: { name: '客服经理 刘' } });
		// the publisher has read it; the other seat holder has not
		expect(v1.reads.map((x: any) => x.user.name)).toEqual(['客服经理 刘']);
		expect(v1.unread.map((u: any) => u.name)).toEqual(['陈客服']);
		expect(r.body.incident.id).toBe(inc.id);

		const events = (await agent.call('GET', `/api/v1/incidents/${inc.id}/events`)).body.items as any[];
		const published = events.find((e) => e.type === 'response.notice_published');
		expect(published.data).toMatchObject({ version: 1, level: 3, reason: 'published', notice: { version: 1, publishedAtText: { zh: `${local}（北京时间）` } } });

		// the read acknowledgement: the agent holds a seat; the tech does not; versions must exist and be numbers
		expect((await tech.call('POST', `${inc.url}/notice/1/read`)).status).toBe(403);
		expect((await agent.call('POST', `${inc.url}/notice/9/read`)).status).toBe(404);
		r = await agent.call('POST', `${inc.url}/notice/first/read`);
		expect(r.status).toBe(400);
		expect(r.body.error.details[0].field).toBe('version');
		r = await agent.call('POST', `${inc.url}/notice/1/read`);
		expect(r.status).toBe(200);
		expect(r.body.notices[0].reads.map((x: any) => x.user.name)).toEqual(['客服经理 刘', '陈客服']);
		expect(r.body.notices[0].unread).toEqual([]);
		// reading again changes nothing
		const before = (await agent.call('GET', `/api/v1/incidents/${inc.id}`)).body.version;
		expect((await agent.call('POST', `${inc.url}/notice/1/read`)).status).toBe(200);
		expect((await agent.call('GET', `/api/v1/incidents/${inc.id}`)).body.version).toBe(before);
		expect((await types(inc.id)).filter((t) => t.startsWith('response.notice'))).toEqual(['response.notice_published', 'response.notice_read']);
		const read = ((await agent.call('GET', `/api/v1/incidents/${inc.id}/events`)).body.items as any[]).find((e) => e.type === 'response.notice_read');
		expect(read.data).toEqual({ version: 1, user: { id: ids['agent@example.com'], name: '陈客服' }, incident: expect.any(Object) });

		// the chat robot gets the notice as its markdown, in both languages
		const delivery = await receiver.nth('/wecom', 1);
		expect(delivery.headers['x-warroom-event']).toBe('response.notice_published');
		const content: string = delivery.body.markdown.content;
		expect(delivery.body.msgtype).toBe('markdown');
		expect(content).toContain('### Response notice published (version 1)');
		expect(content).toContain('### 应急响应通知已发布（第 1 版）');
		expect(content).toContain(`**[${inc.code}] 门店集中投诉**`);
		expect(content).toContain(`发布时间：${local}（北京时间），发布人：客服经理 刘。`);
		expect(content).toContain('- 客服经理（负责）：客服经理 刘\n- 客户服务组：陈客服\n- 技术支持组：（待指派）');
		expect(content).not.toMatch(ISO_UTC);
	});

	it('an escalation that convenes new seats publishes the next version naming them, in the same transaction', async () => {
		const inc = await declare('旗舰店售后集中投诉');
		const before = receiver.at('/wecom').length;
		expect((await manager.call('POST', `${inc.url}/notice`)).status).toBe(201);
		// version 1 goes out after its commit: count it once it has arrived, or it could pass for version 2
		await receiver.nth('/wecom', before + 1);
		const seen = before + 1;
		// the 10th customer raises the level to 2: logistics is convened, the director's seat replaces the manager's
		const r = await agent.call(
			'POST',
			`/api/v1/incidents/${inc.id}/customers`,
			Array.from({ length: 10 }, (_, i) => ({ name: `顾客${i + 1}` }))
		);
		expect(r.body.incident.level).toBe(2);
		const resp = (await agent.call('GET', inc.url)).body;
		expect(resp.notices.map((n: any) => [n.version, n.reason])).toEqual([
			[2, 'escalation'],
			[1, 'published']
		]);
		const v2 = resp.notices[0];
		expect(v2.publishedBy).toBeNull();
		expect(v2.level).toBe(2);
		expect(v2.content.escalation).toMatchObject({ from: 3, to: 2, added: [{ seat: 'logistics' }], leader: { zh: '客服总监（牵头）' } });
		expect(v2.content.en).toContain('Escalated from level 3 to level 2; newly convened: Logistics support group, Customer-service director (leader).');
		expect(v2.content.zh).toContain('事件由三级升级为二级，新召集：后勤保障组、客服总监（牵头）。');
		expect(v2.content.zh).toContain('- 后勤保障组：（待指派）【新】');
		expect(v2.content.zh).toContain(`发布时间：${beijing(v2.publishedAt)}（北京时间），因事件升级发布。`);
		// customers are registered now: no first-contact deadline of the incident's own
		expect(v2.content.contactDueAt).toBeNull();
		// nobody has read version 2 yet; the agent still holds a seat
		expect(v2.reads).toEqual([]);
		expect(v2.unread.map((u: any) => u.name)).toEqual(['陈客服']);
		// one change: the level, the new seats and the notice are consecutive events
		const events = (await agent.call('GET', `/api/v1/incidents/${inc.id}/events`)).body.items as any[];
		const level = events.findIndex((e) => e.type === 'incident.level_changed');
		expect(events.slice(level, level + 3).map((e) => e.type)).toEqual(['incident.level_changed', 'response.extended', 'response.notice_published']);
		expect(events[level + 2].seq).toBe(events[level].seq + 2);
		// and it goes out like the first
		const delivery = await receiver.nth('/wecom', seen + 1);
		expect(delivery.body.markdown.content).toContain('### 应急响应通知第 2 版：事件升级，新召集席位');
		expect(delivery.body.markdown.content).toContain('后勤保障组');
	});

	it('before the first publication an escalation publishes nothing', async () => {
		const inc = await declare('未发布通知的事件');
		const r = await agent.call(
			'POST',
			`/api/v1/incidents/${inc.id}/customers`,
			Array.from({ length: 10 }, (_, i) => ({ name: `客户${i + 1}` }))
		);
		expect(r.body.incident.level).toBe(2);
		expect((await agent.call('GET', inc.url)).body.notices).toEqual([]);
		expect(await types(inc.id)).not.toContain('response.notice_published');
	});
});
