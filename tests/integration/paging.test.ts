// Honest counts (issue #18, item 5): the lists that can outgrow a page — improvements across
// incidents, search, webhook deliveries — answer `total` counted by the database and page with
// `limit`/`offset`; walking the pages visits every item once; the web pages say "显示 51–100 /
// 共 1,030". The monthly report's improvement numbers are the API's: it once filtered a list
// capped at 1,000 and said 95 open while 1,021 were. 1,030 improvements (more than that cap) and
// 55 matching incidents (more than search's old 50) are seeded in process before the real server
// starts on the same database; everything asserted goes through HTTP.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '$lib/server/app';
import { loadConfig } from '$lib/server/config';
import { improvements } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/principal';
import { ADMIN, DRIVERS, TestServer, createPostgresDatabase } from '../support/server';
import { ApiClient } from '../support/client';

const TERM = '批次九七';
const INCIDENTS = 55;
const IMPROVEMENTS = 1030; // over the old cap of 1,000
const DONE = 20;
const IN_PROGRESS = 10;
const DAY = 86_400_000;

/** Signs in through the login form, as a browser does, asking for Chinese: the session cookie. */
async function browserSession(base: string): Promise<string> {
	const res = await fetch(`${base}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: base },
		body: new URLSearchParams({ email: ADMIN.email, password: ADMIN.password })
	});
	expect(res.status).toBe(303);
	return `${(res.headers.get('set-cookie') ?? '').split(';')[0]}; warroom_lang=zh`;
}

/** The text of an element found by its data-testid in server-rendered HTML (tags and comments removed). */
function textOf(html: string, testid: string): string {
	const at = html.indexOf(`data-testid="${testid}"`);
	if (at < 0) throw new Error(`no ${testid} in the page`);
	const open = html.lastIndexOf('<', at);
	const tag = /^<(\w+)/.exec(html.slice(open))![1];
	const end = html.indexOf(`</${tag}>`, at);
	return html
		.slice(html.indexOf('>', at) + 1, end)
		.replace(/<!--.*?-->/g, '')
		.replace(/<[^>]+>/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}
const attrOf = (html: string, testid: string, attr: string) => {
	const at = html.indexOf(`data-testid="${testid}"`);
	const tag = html.slice(html.lastIndexOf('<', at), html.indexOf('>', at));
	return new RegExp(`${attr}="([^"]*)"`).exec(tag)?.[1];
};
const count = (html: string, testid: string) => html.split(`data-testid="${testid}"`).length - 1;

describe.each(DRIVERS)('totals and paging on %s', (driver) => {
	let server: TestServer;
	let drop: (() => Promise<void>) | undefined;
	let admin: ApiClient;
	let cookie: string;
	const page = async (p: string) => {
		const res = await fetch(`${server.url}${p}`, { headers: { cookie } });
		expect(res.status, p).toBe(200);
		return res.text();
	};

	beforeAll(async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-paging-'));
		const env: Record<string, string> = { WARROOM_DATA_DIR: dir, WARROOM_LOG_LEVEL: 'error', WARROOM_TIMEZONE: 'Asia/Shanghai' };
		if (driver === 'postgres') {
			const pg = await createPostgresDatabase();
			env.DATABASE_URL = pg.url;
			drop = pg.drop;
		}
		const app = await createApp(loadConfig(env), undefined, { alarms: false, webhooks: false });
		const lead: SessionUser = { id: 'seed-lead', email: 'lead@example.com', name: '王指挥', roles: ['lead'], groups: ['customer_service'] };
		const ids: string[] = [];
		for (let i = 0; i < INCIDENTS; i++) {
			const inc = await app.incidents.declare(lead, { title: `${TERM} 第 ${i + 1} 起 电池鼓包`, category: 'product_quality', identifiedAt: new Date(Date.now() - (INCIDENTS - i) * 60_000) });
			ids.push(inc.id);
		}
		// five incidents carry the improvements; half of them were due a week ago. Thirty go through the
		// service (the path the API takes), the other 1,000 are written in one statement: a thousand
		// transactions would take minutes on this machine and prove nothing more.
		const dueAt = (i: number) => new Date(Date.now() + (i % 2 ? -7 : 7) * DAY + i * 60_000);
		const made: string[] = [];
		for (let i = 0; i < 30; i++) made.push((await app.review.addImprovement(lead, ids[i % 5], { type: 'process', description: `改进 ${i + 1}`, dueAt: dueAt(i) }, 'zh')).improvement.id);
		const now = new Date();
		await app.database.db.insert(improvements).values(
			Array.from({ length: IMPROVEMENTS - 30 }, (_, k) => {
				const i = k + 30;
				return { id: randomUUID(), incidentId: ids[i % 5], type: 'process' as const, description: `改进 ${i + 1}`, dueAt: dueAt(i), status: 'open' as const, createdAt: now, updatedAt: now };
			})
		);
		for (const id of made.slice(0, DONE)) await app.review.setImprovementStatus(id, 'done');
		for (const id of made.slice(DONE, DONE + IN_PROGRESS)) await app.review.setImprovementStatus(id, 'in_progress');
		await app.shutdown();

		// its webhook points at a closed loopback port: an internal receiver, allowed explicitly
		server = await new TestServer({ dataDir: dir, databaseUrl: env.DATABASE_URL, env: { WARROOM_TIMEZONE: 'Asia/Shanghai', WARROOM_WEBHOOK_ALLOW_PRIVATE: 'true' } }).start();
		admin = await ApiClient.login(server.url);
		cookie = await browserSession(server.url);
	}, 240_000);
	afterAll(async () => {
		await server?.stop();
		server?.cleanup();
		await drop?.();
	});

	it('improvements: total and counts from the database, every item once across the pages, unfinished first', async () => {
		const first = (await admin.call('GET', '/api/v1/improvements?limit=50')).body;
		expect(first.items).toHaveLength(50);
		expect([first.total, first.limit, first.offset]).toEqual([IMPROVEMENTS, 50, 0]);
		expect(first.counts).toEqual({ open: IMPROVEMENTS - DONE - IN_PROGRESS, in_progress: IN_PROGRESS, done: DONE, overdue: expect.any(Number) });

		const seen: any[] = [];
		for (let offset = 0; offset < first.total; offset += 300) seen.push(...(await admin.call('GET', `/api/v1/improvements?limit=300&offset=${offset}`)).body.items);
		expect(seen).toHaveLength(IMPROVEMENTS);
		expect(new Set(seen.map((i) => i.id)).size).toBe(IMPROVEMENTS);
		// the ten done ones come last, after every unfinished one
		expect(seen.slice(-DONE).every((i) => i.status === 'done')).toBe(true);
		expect(seen.slice(0, -DONE).some((i) => i.status === 'done')).toBe(false);

		// without `limit` the list answers what it always did (up to 1,000) — and now says how many there are
		const compat = (await admin.call('GET', '/api/v1/improvements')).body;
		expect([compat.items.length, compat.total]).toEqual([1000, IMPROVEMENTS]);

		// the filters' totals agree with the counts, and with the items' own flags
		const overdue = (await admin.call('GET', '/api/v1/improvements?overdue=true&limit=1000')).body;
		expect(overdue.total).toBe(first.counts.overdue);
		expect(overdue.total).toBe(seen.filter((i) => i.overdue).length);
		expect(overdue.total).toBeGreaterThan(500);
		expect((await admin.call('GET', '/api/v1/improvements?status=open&limit=1')).body.total).toBe(first.counts.open);
		expect((await admin.call('GET', '/api/v1/improvements?status=in_progress')).body.total).toBe(IN_PROGRESS);

		// past the end: nothing, and still the total; a bad window is a 400 naming the field
		expect((await admin.call('GET', '/api/v1/improvements?offset=5000')).body).toMatchObject({ items: [], total: IMPROVEMENTS });
		for (const [q, field] of [
			['limit=0', 'limit'],
			['limit=1001', 'limit'],
			['offset=-1', 'offset'],
			['limit=abc', 'limit']
		]) {
			const r = await admin.call('GET', `/api/v1/improvements?${q}`);
			expect(r.status, q).toBe(400);
			expect(r.body.error.details[0].field, q).toBe(field);
		}
	});

	it('the improvements page says which 50 of how many it shows and pages on', async () => {
		const html = await page('/improvements?offset=50');
		expect(textOf(html, 'pager-range')).toBe('显示 51–100 / 共 1,030');
		expect(count(html, 'improvement-row')).toBe(50);
		expect(attrOf(html, 'pager', 'data-total')).toBe(String(IMPROVEMENTS));
		expect(html).toContain('href="/improvements?offset=100"');
		const last = await page('/improvements?offset=1000');
		expect(textOf(last, 'pager-range')).toBe('显示 1,001–1,030 / 共 1,030');
		expect(count(last, 'improvement-row')).toBe(30);
		const overdue = (await admin.call('GET', '/api/v1/improvements?overdue=true&limit=1')).body.total;
		expect(textOf(await page('/improvements?overdue=true'), 'pager-range')).toBe(`显示 1–50 / 共 ${overdue.toLocaleString('en')}`);
		expect(textOf(html, 'count-overdue')).toBe(overdue.toLocaleString('en'));
	});

	it('the monthly report’s improvement numbers are the API’s, and so is its incident count', async () => {
		const api = (await admin.call('GET', '/api/v1/improvements?limit=1')).body;
		const html = await page('/metrics/report');
		expect(Number(attrOf(html, 'report-improvements', 'data-open'))).toBe(api.counts.open);
		expect(Number(attrOf(html, 'report-improvements', 'data-in-progress'))).toBe(api.counts.in_progress);
		expect(Number(attrOf(html, 'report-improvements', 'data-overdue'))).toBe(api.counts.overdue);
		expect(textOf(html, 'report-improvements')).toBe(`待处理 ${api.counts.open.toLocaleString('en')} · 进行中 ${api.counts.in_progress} · 逾期 ${api.counts.overdue}`);
		// this month's report: the incidents of this month in the server's zone, as GET /api/v1/metrics counts them
		const now = new Date();
		const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(now).slice(0, 7);
		const report = await page(`/metrics/report?month=${month}`);
		const m = (await admin.call('GET', `/api/v1/metrics?granularity=month&months=1`)).body;
		const bucket = m.buckets.at(-1);
		expect(Number(textOf(report, 'report-incidents'))).toBe(bucket.incidents);
		expect(bucket.incidents).toBeGreaterThanOrEqual(INCIDENTS);
	});

	it('search: 55 matches, not "50": a total, pages of the API and of the page', async () => {
		const q = encodeURIComponent(TERM);
		const first = (await admin.call('GET', `/api/v1/search?q=${q}`)).body;
		expect([first.items.length, first.total, first.limit, first.offset]).toEqual([50, INCIDENTS, 50, 0]);
		const rest = (await admin.call('GET', `/api/v1/search?q=${q}&offset=50`)).body;
		expect(rest.items).toHaveLength(5);
		const all = [...first.items, ...rest.items];
		expect(new Set(all.map((i: any) => i.id)).size).toBe(INCIDENTS);
		// newest identified first, across the page boundary
		expect(all.map((i: any) => i.identifiedAt)).toEqual([...all.map((i: any) => i.identifiedAt)].sort().reverse());
		const small = (await admin.call('GET', `/api/v1/search?q=${q}&limit=20&offset=40`)).body;
		expect(small.items.map((i: any) => i.id)).toEqual(
			all
				.slice(40, 55)
				.slice(0, 20)
				.map((i: any) => i.id)
		);
		expect((await admin.call('GET', `/api/v1/search?q=${q}&limit=201`)).status).toBe(400);

		const html = await page(`/search?q=${q}`);
		expect(textOf(html, 'search-count-range')).toBe('显示 1–50 / 共 55');
		expect(count(html, 'search-result')).toBe(50);
		const second = await page(`/search?q=${q}&offset=50`);
		expect(textOf(second, 'search-count-range')).toBe('显示 51–55 / 共 55');
		expect(count(second, 'search-result')).toBe(5);
	});

	it('webhook deliveries: a total, every delivery once across the pages, the page says so', async () => {
		// nothing listens on port 9: every test message fails and stays in the log
		const w = (await admin.call('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', format: 'generic', events: ['incident.declared'] })).body;
		for (let i = 0; i < 55; i++) expect((await admin.call('POST', `/api/v1/webhooks/${w.id}/test`)).status).toBe(201);
		const first = (await admin.call('GET', `/api/v1/webhooks/${w.id}/deliveries`)).body;
		expect([first.items.length, first.total, first.limit, first.offset]).toEqual([50, 55, 50, 0]);
		const seen: string[] = [];
		for (let offset = 0; offset < 55; offset += 20) seen.push(...(await admin.call('GET', `/api/v1/webhooks/${w.id}/deliveries?limit=20&offset=${offset}`)).body.items.map((d: any) => d.id));
		expect(new Set(seen).size).toBe(55);
		const byStatus = await Promise.all(['pending', 'delivered', 'failed'].map(async (s) => (await admin.call('GET', `/api/v1/webhooks/${w.id}/deliveries?status=${s}&limit=1`)).body.total));
		expect(byStatus.reduce((a, b) => a + b, 0)).toBe(55);

		const html = await page(`/admin/webhooks/${w.id}?offset=50`);
		expect(textOf(html, 'pager-range')).toBe('显示 51–55 / 共 55');
		expect(count(html, 'delivery')).toBe(5);
	});
});
