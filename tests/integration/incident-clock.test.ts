// The incident's own contact clock (PRODUCT.md §3, issue #17): before its first customer, an
// incident is due for contact from identification by its level (30/60/120 min). Its due-soon and
// overdue alarms fire exactly once — at the injected moments in-process, and across restarts of
// the real server, where everything is done through the HTTP API.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '$lib/server/app';
import { loadConfig } from '$lib/server/config';
import type { SessionUser } from '$lib/server/auth/principal';
import { TestServer, createPostgresDatabase } from '../support/server';
import { ApiClient } from '../support/client';

const MIN = 60_000;
type Ev = { seq: number; type: string; data: any };
const iso = (ms: number) => new Date(ms).toISOString();

describe("the incident's own contact clock with an injected clock (in-process)", () => {
	let app: App;
	let dir: string;
	let t = Date.parse('2026-12-01T02:00:00.000Z');
	const clock = { now: () => new Date(t) };
	const lead: SessionUser = { id: 'lead-1', email: 'lead@example.com', name: '王指挥', roles: ['lead'], groups: ['leadership', 'customer_service'] };

	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-clock-'));
		app = await createApp(loadConfig({ WARROOM_DATA_DIR: dir, WARROOM_LOG_LEVEL: 'error' }), clock, { alarms: false });
	});
	afterAll(async () => {
		await app?.shutdown();
		fs.rmSync(dir, { recursive: true, force: true });
	});
	const clockAlarms = async (id: string) => ((await app.incidents.events(id, 0)) as unknown as Ev[]).filter((e) => e.type.startsWith('deadline.') && e.data.kind === 'incident').map((e) => e.type);

	it('a media-exposure incident without customers: due soon at 24 min, overdue at 30, each once; the first customer ends it', async () => {
		const start = t;
		const inc = await app.incidents.declare(lead, { title: '微博曝光:电池鼓包', category: 'product_quality', inputs: { mediaExposure: true } });
		expect(inc.level).toBe(1);
		expect(inc.contact).toMatchObject({ total: 0, nextDueAt: iso(start + 30 * MIN), nextDueSoonAt: iso(start + 24 * MIN) });
		expect(inc.contact.incidentClock).toEqual({ dueAt: iso(start + 30 * MIN), dueSoonAt: iso(start + 24 * MIN), status: 'pending', endedAt: null });
		expect((await app.alarms.nextDue())?.toISOString()).toBe(iso(start + 24 * MIN));

		t = start + 24 * MIN - 1000;
		expect(await app.alarms.runDue()).toBe(0);
		t = start + 24 * MIN;
		expect(await app.alarms.runDue()).toBe(1);
		expect(await app.alarms.runDue()).toBe(0);
		expect(await clockAlarms(inc.id)).toEqual(['deadline.due_soon']);
		expect((await app.alarms.nextDue())?.toISOString()).toBe(iso(start + 30 * MIN));
		t = start + 30 * MIN;
		expect(await app.alarms.runDue()).toBe(1);
		t += 60 * MIN;
		expect(await app.alarms.runDue()).toBe(0);
		expect(await clockAlarms(inc.id)).toEqual(['deadline.due_soon', 'deadline.overdue']);
		const overdue = ((await app.incidents.events(inc.id, 0)) as unknown as Ev[]).at(-1)!;
		expect(overdue.data).toMatchObject({ kind: 'incident', count: 1, dueAt: iso(start + 30 * MIN), firedAt: iso(start + 30 * MIN) });
		expect(overdue.data.incident.contact.incidentClock.status).toBe('overdue');

		// the first customer ends it, late: the customers' own deadlines take over
		const added = await app.customers.add(lead, inc.id, [{ name: '刘女士' }], { validRowsOnly: false }, 'zh');
		expect(added.incident.contact.incidentClock).toMatchObject({ status: 'met_late', endedAt: iso(t) });
		expect(added.incident.contact.nextDueAt).toBe(iso(t + 30 * MIN));
		expect(await app.alarms.nextDue()).not.toBeNull();
	});

	it('a level change moves a running clock from identification and re-arms an alarm moved into the future; a customer in time is met', async () => {
		const identified = t - 50 * MIN;
		const inc = await app.incidents.declare(lead, { title: '门店服务投诉', category: 'service_failure', identifiedAt: new Date(identified) } as never);
		expect(inc.level).toBe(3);
		expect(inc.contact.nextDueAt).toBe(iso(identified + 120 * MIN));
		expect(await app.alarms.runDue()).toBe(0); // due soon only at 96 min
		const raised = await app.incidents.setLevel(lead, inc.id, { level: 2, reason: '多位客户要求赔偿' }, 'en');
		expect(raised.contact.incidentClock).toMatchObject({ dueAt: iso(identified + 60 * MIN), status: 'due_soon' });
		expect(await app.alarms.runDue()).toBe(1);
		expect(await clockAlarms(inc.id)).toEqual(['deadline.due_soon']);
		// lowered back: the 96-min mark is in the future again, so due soon fires again then
		const lowered = await app.incidents.setLevel(lead, inc.id, { level: 3, reason: '误判', override: true }, 'en');
		expect(lowered.contact).toMatchObject({ nextDueAt: iso(identified + 120 * MIN), nextDueSoonAt: iso(identified + 96 * MIN) });
		expect(await app.alarms.runDue()).toBe(0);
		// identifiedAt corrected by PATCH moves it too
		const patched = await app.incidents.patch(lead, inc.id, { version: lowered.version, identifiedAt: new Date(identified + 10 * MIN) } as never, 'en');
		expect(patched.contact.nextDueAt).toBe(iso(identified + 130 * MIN));
		t = identified + 106 * MIN;
		await app.alarms.runDue(); // (the first test's customer falls due now too)
		expect(await clockAlarms(inc.id)).toEqual(['deadline.due_soon', 'deadline.due_soon']);
		const added = await app.customers.add(lead, inc.id, [{ name: '陈先生' }], { validRowsOnly: false }, 'en');
		expect(added.incident.contact.incidentClock).toMatchObject({ status: 'met', endedAt: iso(t) });
		// ended: a level change no longer moves it, and it never alarms again
		const later = await app.incidents.setLevel(lead, inc.id, { level: 1, reason: '媒体曝光' }, 'en');
		expect(later.contact.incidentClock).toMatchObject({ dueAt: iso(identified + 130 * MIN), status: 'met' });
		t = identified + 300 * MIN;
		await app.alarms.runDue();
		expect(await clockAlarms(inc.id)).toEqual(['deadline.due_soon', 'deadline.due_soon']);
	});

	it('a closed incident does not alarm', async () => {
		const inc = await app.incidents.declare(lead, { title: '已关闭事件', category: 'special_scenario' });
		for (const phase of ['containment', 'resolution', 'follow_up', 'closed'] as const) await app.incidents.setPhase(lead, inc.id, { phase, overrideReason: 'test' }, 'en');
		t += 300 * MIN;
		await app.alarms.runDue();
		expect(await clockAlarms(inc.id)).toEqual([]);
	});
});

describe("the incident's own contact clock through the API, across restarts (real server, PGlite on disk)", () => {
	it('shows contact.nextDueAt = identified + 30 min, alarms due soon then overdue exactly once at the injected times; a level change moves it; a customer ends it', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-clock-restart-'));
		// the poll interval is the longest allowed: only the sweep at start-up fires within these waits
		const at = (offsetMin: number) => new TestServer({ dataDir: dir, env: { WARROOM_CLOCK_OFFSET_MS: String(offsetMin * MIN), WARROOM_ALARM_POLL_MS: '60000' } });
		let server = await new TestServer({ dataDir: dir }).start();
		try {
			let api = await ApiClient.login(server.url);
			const identified = Date.now();
			const declared = await api.call('POST', '/api/v1/incidents', { title: '抖音曝光:冰箱起火', category: 'product_quality', identifiedAt: iso(identified), inputs: { mediaExposure: true } });
			expect(declared.status).toBe(201);
			const id = declared.body.id;
			expect(declared.body.level).toBe(1);
			expect(declared.body.contact).toMatchObject({ total: 0, nextDueAt: iso(identified + 30 * MIN), nextDueSoonAt: iso(identified + 24 * MIN) });
			expect(declared.body.contact.incidentClock).toMatchObject({ status: 'pending', endedAt: null });
			// a level change moves another incident's clock, there and back
			const other = (await api.call('POST', '/api/v1/incidents', { title: '门店排队', category: 'service_failure', identifiedAt: iso(identified) })).body;
			expect(other.contact.nextDueAt).toBe(iso(identified + 120 * MIN));
			const raised = await api.call('POST', `/api/v1/incidents/${other.id}/level`, { level: 1, reason: '媒体关注' });
			expect(raised.status).toBe(200);
			expect(raised.body.contact.nextDueAt).toBe(iso(identified + 30 * MIN));
			const lowered = await api.call('POST', `/api/v1/incidents/${other.id}/level`, { level: 3, reason: '误判', override: true });
			expect(lowered.body.contact.nextDueAt).toBe(iso(identified + 120 * MIN));
			await server.stop();

			const alarmsOf = async (incidentId: string) =>
				((await api.call('GET', `/api/v1/incidents/${incidentId}/events`)).body.items as Ev[]).filter((e) => e.type.startsWith('deadline.') && e.data.kind === 'incident');
			const waitFor = async (incidentId: string, n: number) => {
				const began = Date.now();
				let evs: Ev[] = [];
				while (Date.now() - began < 30_000) {
					evs = await alarmsOf(incidentId);
					if (evs.length >= n) break;
					await new Promise((r) => setTimeout(r, 25));
				}
				return evs;
			};

			// 25 minutes later: past the 24-minute mark, not yet due
			server = await at(25).start();
			api = await ApiClient.login(server.url);
			let evs = await waitFor(id, 1);
			expect(evs.map((e) => e.type)).toEqual(['deadline.due_soon']);
			expect(Date.parse(evs[0].data.firedAt)).toBeGreaterThanOrEqual(identified + 24 * MIN);
			expect(Date.parse(evs[0].data.firedAt)).toBeLessThan(identified + 30 * MIN);
			expect(evs[0].data.dueAt).toBe(iso(identified + 30 * MIN));
			await server.stop();

			// 31 minutes later: overdue, once
			server = await at(31).start();
			api = await ApiClient.login(server.url);
			evs = await waitFor(id, 2);
			expect(evs.map((e) => e.type)).toEqual(['deadline.due_soon', 'deadline.overdue']);
			expect(Date.parse(evs[1].data.firedAt)).toBeGreaterThanOrEqual(identified + 30 * MIN);
			// the other incident (level 3 again, due at 120 min) has not alarmed
			expect(await alarmsOf(other.id)).toEqual([]);
			// a sentinel that falls due (soon at +34, overdue at +40) while the server is down proves the next start's sweep ran
			const sentinel = (await api.call('POST', '/api/v1/incidents', { title: '哨兵', category: 'special_scenario', identifiedAt: iso(identified + 10 * MIN), inputs: { mediaExposure: true } })).body;
			expect(sentinel.contact.nextDueAt).toBe(iso(identified + 40 * MIN));
			await server.stop();

			server = await at(45).start();
			api = await ApiClient.login(server.url);
			expect((await waitFor(sentinel.id, 1)).map((e) => e.type)).toEqual(['deadline.overdue']);
			expect((await alarmsOf(id)).map((e) => e.type)).toEqual(['deadline.due_soon', 'deadline.overdue']);
			const now = await api.call('GET', `/api/v1/incidents/${id}`);
			expect(now.body.contact.incidentClock.status).toBe('overdue');
			expect(now.body.contact.nextDueAt).toBe(iso(identified + 30 * MIN));
			// registering the first customer ends it (late), and the customer's own deadline shows
			const added = await api.call('POST', `/api/v1/incidents/${id}/customers`, [{ name: '周先生' }]);
			expect(added.status).toBe(201);
			expect(added.body.incident.contact.incidentClock).toMatchObject({ status: 'met_late' });
			expect(added.body.incident.contact.nextDueAt).toBe(added.body.items[0].contactDeadline.dueAt);
		} finally {
			await server.stop();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}, 240_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('incident clocks and commitments with two instances on one PostgreSQL', () => {
	it('two instances racing every 50 ms fire each incident-clock and commitment alarm once', async () => {
		const db = await createPostgresDatabase();
		const env = { WARROOM_ALARM_POLL_MS: '50', WARROOM_SECRET: 'two-instances-share-this-secret' };
		const a = new TestServer({ databaseUrl: db.url, env });
		const b = new TestServer({ databaseUrl: db.url, env });
		try {
			await a.start();
			await b.start();
			const api = await ApiClient.login(a.url);
			const ids: string[] = [];
			for (let i = 0; i < 4; i++) {
				// level 1 (media exposure): due soon already, overdue within the next ~1.5 s while both poll
				const identified = Date.now() - 30 * MIN + 800 + i * 150;
				ids.push((await api.call('POST', '/api/v1/incidents', { title: `曝光 ${i}`, category: 'product_quality', identifiedAt: iso(identified), inputs: { mediaExposure: true } })).body.id);
			}
			// and one incident whose customer was promised something within 1.5 s
			const inc = (await api.call('POST', '/api/v1/incidents', { title: '承诺竞争', category: 'service_failure' })).body;
			const [c] = (await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '冯先生' }])).body.items;
			const k = await api.call('POST', `/api/v1/incidents/${inc.id}/customers/${c.id}/contacts`, {
				reached: true,
				apologized: true,
				explained: true,
				needAsked: false,
				commitment: '马上回电',
				commitmentDueAt: iso(Date.now() + 1500)
			});
			expect(k.status).toBe(201);
			const apiB = await ApiClient.login(b.url);
			const alarmsOf = async (id: string, kind: string) =>
				((await apiB.call('GET', `/api/v1/incidents/${id}/events`)).body.items as Ev[]).filter((e) => e.type.startsWith('deadline.') && e.data.kind === kind).map((e) => e.type);
			const began = Date.now();
			let clocks: string[][] = [];
			let commitment: string[] = [];
			while (Date.now() - began < 15_000) {
				clocks = await Promise.all(ids.map((id) => alarmsOf(id, 'incident')));
				commitment = await alarmsOf(inc.id, 'commitment');
				if (clocks.every((x) => x.includes('deadline.overdue')) && commitment.includes('deadline.overdue')) break;
				await new Promise((r) => setTimeout(r, 50));
			}
			for (const x of clocks) expect(x).toEqual(['deadline.due_soon', 'deadline.overdue']);
			expect(commitment.filter((t) => t === 'deadline.overdue')).toHaveLength(1);
			expect(commitment.filter((t) => t === 'deadline.due_soon').length).toBeLessThanOrEqual(1);
		} finally {
			await a.stop();
			await b.stop();
			await db.drop();
		}
	}, 120_000);
});
