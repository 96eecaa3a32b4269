// Outbound webhooks against the real server and a real HTTP receiver on a local port: signed
// generic JSON without personal data, retries with back-off, a restart between tries, the chat
// robots' formats and signatures, and the admin-only API.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { DRIVERS, startServer, freePort, createPostgresDatabase, TestServer } from '../support/server';
import { ApiClient, createUsers } from '../support/client';

interface Received {
	path: string;
	url: URL;
	headers: http.IncomingHttpHeaders;
	raw: string;
	answered: number;
}
type Handler = (r: Received, nth: number) => { status: number; body?: unknown };

/** An HTTP receiver that records every request and answers per path (200 `{}` by default); on `host` (`::` takes IPv4 and IPv6). */
async function startReceiver(host = '127.0.0.1') {
	const received: Received[] = [];
	const handlers = new Map<string, Handler>();
	let delayMs = 0;
	// requests not yet answered, and who waits for there to be none
	let inFlight = 0;
	let quietWaiters: (() => void)[] = [];
	const server = http.createServer((req, res) => {
		inFlight++;
		res.on('close', () => {
			if (--inFlight > 0) return;
			for (const w of quietWaiters) w();
			quietWaiters = [];
		});
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			const url = new URL(req.url!, 'http://receiver');
			const r: Received = { path: url.pathname, url, headers: req.headers, raw, answered: 0 };
			const nth = received.filter((x) => x.path === r.path).length + 1;
			const { status, body = {} } = handlers.get(r.path)?.(r, nth) ?? { status: 200 };
			r.answered = status;
			received.push(r);
			setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)), delayMs);
		});
	});
	const port = await freePort();
	await new Promise<void>((resolve) => server.listen(port, host, resolve));
	return {
		port,
		url: (path: string) => `http://127.0.0.1:${port}${path}`,
		at: (path: string) => received.filter((r) => r.path === path),
		/** Every request received, whatever its path. */
		received,
		handlers,
		slow: (ms: number) => (delayMs = ms),
		/** Resolves when no request is open (every one received has been answered or dropped). */
		quiet: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => quietWaiters.push(resolve))),
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = await probe();
		if (v) return v;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

const SECRET = 'whsec-test-3f9a';
const PERSONAL = ['任秀兰', '曹刚', '13812345678', '13987654321', 'ren.xiulan@example.com', 'SO-2026-998877'];
const hmac = (key: string, msg: string, enc: 'hex' | 'base64') => createHmac('sha256', key).update(msg, 'utf8').digest(enc);

describe.each(DRIVERS)('webhooks (%s)', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let server: TestServer;
	let admin: ApiClient;
	let receiver: Awaited<ReturnType<typeof startReceiver>>;
	let origin = '';

	beforeAll(async () => {
		receiver = await startReceiver();
		const port = await freePort();
		origin = `http://127.0.0.1:${port}`;
		ctx = await startServer(driver, {
			port,
			env: {
				ORIGIN: origin,
				// the receiver is on this machine: an internal receiver (refused by default, tested below)
				WARROOM_WEBHOOK_ALLOW_PRIVATE: 'true',
				WARROOM_WEBHOOK_BACKOFF_MS: '100',
				WARROOM_WEBHOOK_BACKOFF_CAP_MS: '400',
				WARROOM_WEBHOOK_MAX_ATTEMPTS: '40',
				WARROOM_WEBHOOK_POLL_MS: '100'
			}
		});
		server = ctx.server;
		admin = await ApiClient.login(server.url);
	});
	afterAll(async () => {
		await ctx?.close();
		await receiver?.close();
	});

	const hook = async (path: string, format: string, events: string[], extra: Record<string, unknown> = {}) => {
		const r = await admin.call('POST', '/api/v1/webhooks', { url: receiver.url(path), format, events, ...extra });
		expect(r.status, JSON.stringify(r.body)).toBe(201);
		return r.body as { id: string; hasSecret: boolean };
	};
	const declare = async (title: string) => (await admin.call('POST', '/api/v1/incidents', { title, category: 'product_quality' })).body as { id: string; code: string };
	const deliveries = async (wid: string) => (await admin.call('GET', `/api/v1/webhooks/${wid}/deliveries`)).body.items as any[];

	it('announces a declared incident to a generic receiver, signed with HMAC-SHA256 over the raw body, with no personal data', async () => {
		const w = await hook('/generic', 'generic', ['incident.declared', 'incident.escalated', 'deadline.overdue'], { secret: SECRET, name: 'Ops bus' });
		expect(w.hasSecret).toBe(true);
		expect(JSON.stringify((await admin.call('GET', '/api/v1/webhooks')).body)).not.toContain(SECRET);

		const inc = await declare('星耀 X5 电池鼓包');
		const [first] = await until('the declared delivery', () => receiver.at('/generic').length > 0 && receiver.at('/generic'));
		expect(first.headers['x-warroom-event']).toBe('incident.declared');
		expect(first.headers['x-warroom-signature']).toBe(`sha256=${hmac(SECRET, first.raw, 'hex')}`);
		expect(first.headers['x-warroom-signature']).not.toBe(`sha256=${hmac('another secret', first.raw, 'hex')}`);
		const body = JSON.parse(first.raw);
		expect(body).toMatchObject({ incidentId: inc.id, seq: 1, type: 'incident.declared', webhook: { event: 'incident.declared' } });
		expect(body.data.incident.code).toBe(inc.code);
		expect(first.headers['x-warroom-delivery']).toBe((await deliveries(w.id))[0].id);

		// twelve customers with names, phones, e-mails and order numbers raise the level to 2;
		// one reported three hours ago is overdue at once
		const rows = Array.from({ length: 12 }, (_, i) => ({
			name: i % 2 ? '曹刚' : '任秀兰',
			phone: i % 2 ? '13987654321' : '13812345678',
			email: 'ren.xiulan@example.com',
			orderNo: 'SO-2026-998877',
			reportedAt: new Date(Date.now() - (i === 0 ? 3 * 3600_000 : 0)).toISOString()
		}));
		expect((await admin.call('POST', `/api/v1/incidents/${inc.id}/customers`, rows)).status).toBe(201);
		await until('escalation and overdue deliveries', () => ['incident.escalated', 'deadline.overdue'].every((e) => receiver.at('/generic').some((r) => r.headers['x-warroom-event'] === e)));
		const escalated = JSON.parse(receiver.at('/generic').find((r) => r.headers['x-warroom-event'] === 'incident.escalated')!.raw);
		expect(escalated.data).toMatchObject({ from: 3, to: 2, automatic: true });
		for (const r of receiver.at('/generic')) {
			expect(r.headers['x-warroom-signature']).toBe(`sha256=${hmac(SECRET, r.raw, 'hex')}`);
			for (const p of PERSONAL) expect(r.raw).not.toContain(p);
		}
		// not announced: customer.added, and a level change that is not a rise
		expect(
			receiver
				.at('/generic')
				.map((r) => r.headers['x-warroom-event'])
				.sort()
		).toEqual(['deadline.overdue', 'incident.declared', 'incident.escalated']);
	});

	it('retries a failing receiver with back-off: delivered on the third try, every attempt logged', async () => {
		receiver.handlers.set('/flaky', (_r, nth) => (nth <= 2 ? { status: 500, body: { error: `down ${nth}` } } : { status: 200, body: { ok: true } }));
		const w = await hook('/flaky', 'generic', ['incident.declared']);
		await declare('客服系统宕机');
		const [d] = await until('delivery', async () => {
			const items = await deliveries(w.id);
			return items[0]?.status === 'delivered' && items;
		});
		expect(d).toMatchObject({ event: 'incident.declared', status: 'delivered', attempts: 3, nextAttemptAt: null });
		expect(d.attemptsLog.map((a: any) => a.status)).toEqual([500, 500, 200]);
		expect(d.attemptsLog[0]).toMatchObject({ excerpt: '{"error":"down 1"}', error: 'HTTP 500' });
		expect(d.attemptsLog[2]).toMatchObject({ excerpt: '{"ok":true}', error: null });
		expect(d.attemptsLog.every((a: any) => typeof a.latencyMs === 'number')).toBe(true);
		expect(receiver.at('/flaky')).toHaveLength(3);

		// redeliver: a new delivery with the same payload, attempted at once
		const again = await admin.call('POST', `/api/v1/webhooks/${w.id}/deliveries/${d.id}/redeliver`);
		expect(again.status).toBe(201);
		expect(again.body).toMatchObject({ status: 'delivered', redeliveryOf: d.id, attempts: 1 });
		const [a, b] = receiver.at('/flaky').slice(-2);
		expect(JSON.parse(b.raw)).toEqual(JSON.parse(a.raw));
		expect(b.headers['x-warroom-delivery']).toBe(again.body.id);
	});

	it('keeps a pending delivery across a restart and delivers it exactly once', async () => {
		let failing = true;
		receiver.handlers.set('/restart', () => (failing ? { status: 503 } : { status: 200 }));
		const w = await hook('/restart', 'generic', ['incident.declared']);
		await declare('华东物流停运');
		await until('two failed tries', () => receiver.at('/restart').length >= 2);
		await server.stop();
		const triedBefore = receiver.at('/restart').length;
		failing = false;
		await server.start();
		const [d] = await until('delivered after the restart', async () => {
			const items = await deliveries(w.id);
			return items[0]?.status === 'delivered' && items;
		});
		const answered = receiver.at('/restart');
		expect(answered.filter((r) => r.answered === 200)).toHaveLength(1);
		expect(answered.length).toBeGreaterThan(triedBefore);
		expect(new Set(answered.map((r) => r.headers['x-warroom-delivery']))).toEqual(new Set([d.id]));
		expect(d.attemptsLog.filter((a: any) => a.status === 200)).toHaveLength(1);
		expect(d.attempts).toBeGreaterThanOrEqual(answered.length);
		// nothing more arrives: a graceful stop ends the outbox worker's work in flight, then the receiver has answered all it got
		await server.stop();
		await receiver.quiet();
		expect(receiver.at('/restart')).toHaveLength(answered.length);
		await server.start();
	});

	it('a graceful stop lets a delivery in flight finish: it is recorded as delivered and never sent again', async () => {
		const w = await hook('/in-flight', 'generic', ['incident.declared']);
		// the receiver holds its answer while the server is told to stop
		receiver.slow(800);
		try {
			await declare('门店系统宕机');
			await until('the delivery reached the receiver', () => receiver.at('/in-flight').length >= 1);
			expect(await server.stop()).toBe(0);
		} finally {
			receiver.slow(0);
		}
		await server.start();
		const [d] = await deliveries(w.id);
		expect(d).toMatchObject({ status: 'delivered', attempts: 1 });
		expect(receiver.at('/in-flight')).toHaveLength(1);
	});

	it('speaks the chat robots: DingTalk and Feishu signatures, WeCom and Slack bodies, robot error codes', async () => {
		receiver.handlers.set('/dingtalk', () => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } }));
		receiver.handlers.set('/feishu', () => ({ status: 200, body: { code: 0, msg: 'success', data: {} } }));
		receiver.handlers.set('/wecom', () => ({ status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } }));
		const ding = await hook('/dingtalk?access_token=abc', 'dingtalk', ['incident.declared'], { secret: 'SECdingtalk-secret', lang: 'both' });
		await hook('/feishu', 'feishu', ['incident.declared'], { secret: 'feishu-secret', lang: 'zh' });
		const wecom = await hook('/wecom', 'wecom', ['incident.declared'], { lang: 'en' });
		await hook('/slack', 'slack', ['incident.declared'], { lang: 'en' });
		const before = Date.now();
		const inc = await declare('门店自提失败');
		const link = `${origin}/incidents/${inc.id}`;
		await until('all four robots', () => ['/dingtalk', '/feishu', '/wecom', '/slack'].every((p) => receiver.at(p).length > 0));

		const d = receiver.at('/dingtalk')[0];
		const ts = d.url.searchParams.get('timestamp')!;
		expect(Number(ts)).toBeGreaterThanOrEqual(before - 1000);
		expect(d.url.searchParams.get('access_token')).toBe('abc');
		expect(d.url.searchParams.get('sign')).toBe(hmac('SECdingtalk-secret', `${ts}\nSECdingtalk-secret`, 'base64'));
		expect(d.url.search).toContain(`sign=${encodeURIComponent(d.url.searchParams.get('sign')!)}`);
		const dbody = JSON.parse(d.raw);
		expect(dbody.msgtype).toBe('markdown');
		expect(dbody.markdown.text).toContain(inc.code);
		expect(dbody.markdown.text).toContain(link);
		expect(dbody.markdown.title).toBe('Incident declared / 发起应急事件');

		const f = JSON.parse(receiver.at('/feishu')[0].raw);
		expect(Math.abs(Number(f.timestamp) - Date.now() / 1000)).toBeLessThan(60);
		expect(f.sign).toBe(createHmac('sha256', `${f.timestamp}\nfeishu-secret`).update('').digest('base64'));
		expect(f.msg_type).toBe('interactive');
		expect(f.card.header.title.content).toBe('发起应急事件');
		expect(JSON.stringify(f.card)).toContain(inc.code);
		expect(JSON.stringify(f.card)).toContain(link);

		const wc = JSON.parse(receiver.at('/wecom')[0].raw);
		expect(wc.msgtype).toBe('markdown');
		expect(wc.markdown.content).toContain(`**[${inc.code}] 门店自提失败**`);
		const s = JSON.parse(receiver.at('/slack')[0].raw);
		expect(s.text).toBe('Incident declared');
		expect(s.blocks.map((b: any) => b.type)).toEqual(['section', 'context']);
		expect(s.blocks[1].elements[0].text).toBe(`<${link}|Open in Warroom>`);

		// a robot that answers 200 with an error code has not delivered: retried, error kept
		// (an empty list is truthy: `until` is given the list only once it has the delivery)
		const [dw] = await until('the WeCom delivery logged', async () => {
			const tried = (await deliveries(wecom.id)).filter((x) => x.attempts > 0);
			return tried.length > 0 && tried;
		});
		expect(dw.status).toBe('pending');
		expect(dw.attemptsLog[0]).toMatchObject({ status: 200, error: 'wecom error 93000: invalid webhook url' });
		// the robot has the message before the server has its answer: wait for the outbox to record it
		const [dd] = await until('the DingTalk delivery settled', async () => {
			const settled = (await deliveries(ding.id)).filter((x) => x.status !== 'pending');
			return settled.length > 0 && settled;
		});
		expect(dd).toMatchObject({ status: 'delivered', attempts: 1 });
		await admin.call('PATCH', `/api/v1/webhooks/${wecom.id}`, { enabled: false });
	});

	it('sends a test message on demand and answers with the delivery', async () => {
		const w = await hook('/test', 'generic', ['incident.closed'], { secret: SECRET });
		const r = await admin.call('POST', `/api/v1/webhooks/${w.id}/test`);
		expect(r.status).toBe(201);
		expect(r.body).toMatchObject({ event: 'webhook.test', status: 'delivered', attempts: 1, incidentId: null });
		const got = receiver.at('/test')[0];
		expect(got.headers['x-warroom-event']).toBe('webhook.test');
		expect(got.headers['x-warroom-signature']).toBe(`sha256=${hmac(SECRET, got.raw, 'hex')}`);
		expect((await admin.call('GET', `/api/v1/webhooks/${w.id}`)).body.deliveries).toMatchObject({ delivered: 1, pending: 0, failed: 0 });
		expect((await admin.call('DELETE', `/api/v1/webhooks/${w.id}`)).status).toBe(204);
		expect((await admin.call('GET', `/api/v1/webhooks/${w.id}/deliveries`)).status).toBe(404);
	});

	it('is for admins only and validates input, naming the field', async () => {
		const { clients } = await createUsers(admin, [[`lead-${driver}@example.com`, '王指挥', ['lead'], ['customer_service']]]);
		const [lead] = clients;
		const body = { url: receiver.url('/x'), format: 'generic', events: ['incident.declared'] };
		expect((await lead.call('POST', '/api/v1/webhooks', body)).status).toBe(403);
		expect((await lead.call('GET', '/api/v1/webhooks')).status).toBe(403);
		expect((await new ApiClient(server.url).call('GET', '/api/v1/webhooks')).status).toBe(401);
		for (const url of ['ftp://example.com/hook', 'not a url']) {
			const r = await admin.call('POST', '/api/v1/webhooks', { ...body, url });
			expect(r.status).toBe(400);
			expect(r.body.error.details.map((x: any) => x.field)).toEqual(['url']);
		}
		const bad = await admin.call('POST', '/api/v1/webhooks', { ...body, events: ['customer.added'], format: 'telegram' });
		expect(bad.status).toBe(400);
		expect(bad.body.error.details.map((x: any) => x.field).sort()).toEqual(['events.0', 'format']);
		expect((await admin.call('GET', '/api/v1/webhooks/00000000-0000-0000-0000-000000000000')).status).toBe(404);
	});
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('webhooks with two instances on one PostgreSQL', () => {
	it('never sends a delivery twice', async () => {
		const receiver = await startReceiver();
		receiver.slow(200);
		const db = await createPostgresDatabase();
		const env = { WARROOM_WEBHOOK_POLL_MS: '50', WARROOM_SECRET: 'shared-secret-for-both-instances', WARROOM_WEBHOOK_ALLOW_PRIVATE: 'true' };
		const a = await new TestServer({ databaseUrl: db.url, env }).start();
		const b = await new TestServer({ databaseUrl: db.url, env }).start();
		try {
			const [ca, cb] = await Promise.all([ApiClient.login(a.url), ApiClient.login(b.url)]);
			expect((await ca.call('POST', '/api/v1/webhooks', { url: receiver.url('/both'), format: 'generic', events: ['incident.declared'], secret: SECRET })).status).toBe(201);
			const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? ca : cb).call('POST', '/api/v1/incidents', { title: `批量 ${i}`, category: 'service_failure' })));
			await until('eight deliveries', () => receiver.at('/both').length >= 8);
			// nothing more arrives: both instances stopped (their outbox work in flight ended) and every request answered
			await Promise.all([a.stop(), b.stop()]);
			await receiver.quiet();
			const got = receiver.at('/both');
			expect(got).toHaveLength(8);
			expect(new Set(got.map((r) => JSON.parse(r.raw).incidentId))).toEqual(new Set(ids.map((r) => r.body.id)));
			for (const r of got) expect(r.headers['x-warroom-signature']).toBe(`sha256=${hmac(SECRET, r.raw, 'hex')}`);
		} finally {
			await a.stop();
			await b.stop();
			a.cleanup();
			b.cleanup();
			await db.drop();
			await receiver.close();
		}
	});
});

describe('webhook destinations: public addresses only, unless internal receivers are allowed', () => {
	// the URL parser normalises the odd spellings: 2130706433, 0x7f000001 and 0177.0.0.1 are 127.0.0.1; [::ffff:127.0.0.1] is ::ffff:7f00:1
	const REFUSED = /^destination_refused: (localhost: )?private address (127\.0\.0\.1|::1|::ffff:7f00:1) \(loopback\) refused; set WARROOM_WEBHOOK_ALLOW_PRIVATE=true for internal receivers$/;
	const LITERAL = ['127.0.0.1', '2130706433', '0x7f000001', '0177.0.0.1', '[::1]', '[::ffff:127.0.0.1]'];
	// `localhost` is a name: accepted when saved, resolved (to 127.0.0.1) and refused at delivery
	const VECTORS = [...LITERAL, 'localhost'];

	it('refuses loopback in every spelling, and a name that resolves to it, when saved and at delivery: the receiver is never reached, the log has no excerpt', async () => {
		const receiver = await startReceiver('::');
		const urlOf = (host: string, port = receiver.port) => `http://${host}:${port}/inside`;
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-destinations-'));
		const serverWith = (allowPrivate: string) => new TestServer({ dataDir, env: { WARROOM_WEBHOOK_ALLOW_PRIVATE: allowPrivate, WARROOM_WEBHOOK_POLL_MS: '100' } });
		let server = serverWith('true');
		try {
			// webhooks saved while internal receivers were allowed
			await server.start();
			let admin = await ApiClient.login(server.url);
			const ids: Record<string, string> = {};
			for (const host of VECTORS) {
				const r = await admin.call('POST', '/api/v1/webhooks', { url: urlOf(host), format: 'generic', events: ['incident.declared'], name: host });
				expect(r.status, host).toBe(201);
				ids[host] = r.body.id;
			}
			await server.stop();

			// the default (the setting unset, even if the environment running the tests has it)
			server = serverWith('');
			await server.start();
			admin = await ApiClient.login(server.url);
			for (const host of LITERAL) {
				const r = await admin.call('POST', '/api/v1/webhooks', { url: urlOf(host), format: 'generic', events: ['incident.declared'] });
				expect(r.status, host).toBe(400);
				expect(r.body.error.details).toEqual([{ field: 'url', message: expect.stringMatching(/^private address (127\.0\.0\.1|::1|::ffff:7f00:1) \(loopback\) refused/) }]);
				expect(r.body.error.message).toContain(`url: ${urlOf(host)}`);
			}
			expect((await admin.call('PATCH', `/api/v1/webhooks/${ids.localhost}`, { url: urlOf('0x7f000001') })).body.error.details[0].field).toBe('url');
			const closedPort = (await admin.call('POST', '/api/v1/webhooks', { url: urlOf('localhost', 9), format: 'generic', events: ['incident.closed'] })).body;
			expect(closedPort.url).toBe(urlOf('localhost', 9));

			// a test message to each: refused, failed at once (never retried), no status, no excerpt
			const tested: Record<string, any> = {};
			for (const host of VECTORS) {
				const r = await admin.call('POST', `/api/v1/webhooks/${ids[host]}/test`);
				expect(r.status, host).toBe(201);
				expect(r.body, host).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
				expect(r.body.attemptsLog, host).toEqual([{ at: expect.any(String), status: null, latencyMs: expect.any(Number), excerpt: '', error: expect.stringMatching(REFUSED) }]);
				tested[host] = r.body;
			}
			// the refusal does not map ports: an open port (the receiver's) and a closed one read the same
			expect((await admin.call('POST', `/api/v1/webhooks/${closedPort.id}/test`)).body.attemptsLog[0].error).toBe(tested.localhost.attemptsLog[0].error);

			// an incident's announcement to each: refused at its first attempt, never retried
			expect((await admin.call('POST', '/api/v1/incidents', { title: '内网探测', category: 'product_quality' })).status).toBe(201);
			const announced = await until('every announcement settled', async () => {
				const lists = await Promise.all(
					VECTORS.map(async (h) => ((await admin.call('GET', `/api/v1/webhooks/${ids[h]}/deliveries`)).body.items as any[]).filter((d) => d.event === 'incident.declared'))
				);
				return lists.every((l) => l.length === 1 && l[0].status !== 'pending') && lists.flat();
			});
			for (const d of announced) expect(d).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null, attemptsLog: [{ status: null, excerpt: '', error: expect.stringMatching(REFUSED) }] });
			expect(receiver.received).toHaveLength(0);
			await server.stop();

			// with internal receivers allowed, the same webhooks reach the receiver: the refusals were the guard, not a dead address
			server = serverWith('true');
			await server.start();
			admin = await ApiClient.login(server.url);
			for (const host of VECTORS) {
				const again = await admin.call('POST', `/api/v1/webhooks/${ids[host]}/deliveries/${tested[host].id}/redeliver`);
				expect(again.body, host).toMatchObject({ status: 'delivered', attemptsLog: [{ status: 200, excerpt: '{}', error: null }] });
			}
			expect(receiver.received).toHaveLength(VECTORS.length);
		} finally {
			await server.stop();
			fs.rmSync(dataDir, { recursive: true, force: true });
			await receiver.close();
		}
		// three server starts on one data directory
	}, 240_000);
});
