// Durable deadline alarms: "due soon" (80 %) and "overdue" (100 %) fire exactly once each —
// with an injected clock in-process, across a real restart (due while down → fired at start),
// and with two instances racing on one PostgreSQL database.
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

/**
 * Issue #19: after "due soon" fired, a level flipped 3 → 2 → 3 … does not announce it again, for a
 * customer's deadline and for an incident's own clock; a later moment (level 3 gave more time) is a
 * new window that alarms once, and so is the overdue of the raised level, whatever the flips.
 */
async function levelFlipsAlarmOnce(app: App, lead: SessionUser, now: () => number, advance: (ms: number) => void) {
	const alarms = async (incidentId: string) => (await app.incidents.events(incidentId, 0)).filter((e) => e.type.startsWith('deadline.')) as unknown as Ev[];

	// level 3 by its inputs, raised to 2 by hand: a customer reported, and an incident without
	// customers identified, 50 min ago are due soon (48 min) but not overdue (60 min)
	const withCustomer = await app.incidents.declare(lead, { title: '门店反复定级', category: 'service_failure' });
	await app.customers.add(lead, withCustomer.id, [{ name: 'F', reportedAt: new Date(now() - 50 * MIN).toISOString() }], { validRowsOnly: false }, 'en');
	const clockOnly = await app.incidents.declare(lead, { title: '尚无客户的反复定级', category: 'service_failure', identifiedAt: new Date(now() - 50 * MIN) });
	const both = [withCustomer.id, clockOnly.id];
	// (the scheduler's counts include what earlier tests left due: the events of these two are what counts)
	for (const id of both) await app.incidents.setLevel(lead, id, { level: 2, reason: '客户要求赔偿' }, 'en');
	await app.alarms.runDue();
	const kinds = async (id: string) => (await alarms(id)).map((e) => `${e.type}:${e.data.kind}`);
	expect(await kinds(withCustomer.id)).toEqual(['deadline.due_soon:contact']);
	expect(await kinds(clockOnly.id)).toEqual(['deadline.due_soon:incident']);
	// 3 → 2 → 3 → 2 → 3, a minute apart, with the scheduler looking after each change
	for (const level of [3, 2, 3, 2, 3] as const) {
		advance(MIN);
		for (const id of both) await app.incidents.setLevel(lead, id, { level, reason: '反复调整' }, 'en');
		await app.alarms.runDue();
		expect(await kinds(withCustomer.id)).toEqual(['deadline.due_soon:contact']);
		expect(await kinds(clockOnly.id)).toEqual(['deadline.due_soon:incident']);
	}
	expect(await kinds(withCustomer.id)).toEqual(['deadline.due_soon:contact']);
	expect(await kinds(clockOnly.id)).toEqual(['deadline.due_soon:incident']);
	// level 3 gave more time: its due-soon moment (96 min after the start) is a new window, announced once when it comes
	advance(41 * MIN); // 96 min after the start
	await app.alarms.runDue();
	expect(await kinds(withCustomer.id)).toEqual(['deadline.due_soon:contact', 'deadline.due_soon:contact']);
	expect(await kinds(clockOnly.id)).toEqual(['deadline.due_soon:incident', 'deadline.due_soon:incident']);
	// at level 2 both are overdue now: that is a new alarm, and it too fires only once, whatever the flips
	for (const level of [2, 3, 2, 3] as const) {
		for (const id of both) await app.incidents.setLevel(lead, id, { level, reason: '再次调整' }, 'en');
		await app.alarms.runDue();
	}
	expect(await kinds(withCustomer.id)).toEqual(['deadline.due_soon:contact', 'deadline.due_soon:contact', 'deadline.overdue:contact']);
	expect(await kinds(clockOnly.id)).toEqual(['deadline.due_soon:incident', 'deadline.due_soon:incident', 'deadline.overdue:incident']);
}

describe('alarms with an injected clock (in-process, PGlite)', () => {
	let app: App;
	let dir: string;
	let t = Date.parse('2026-11-25T02:00:00.000Z');
	const clock = { now: () => new Date(t) };
	const lead: SessionUser = { id: 'lead-1', email: 'lead@example.com', name: '王指挥', roles: ['lead'], groups: ['customer_service'] };
	const gm: SessionUser = { id: 'gm-1', email: 'gm@example.com', name: '总经理', roles: ['lead'], groups: ['leadership'] };

	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-alarms-'));
		app = await createApp(loadConfig({ WARROOM_DATA_DIR: dir, WARROOM_LOG_LEVEL: 'error' }), clock, { alarms: false });
	});
	afterAll(async () => {
		await app?.shutdown();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	const alarms = async (incidentId: string) => (await app.incidents.events(incidentId, 0)).filter((e) => e.type.startsWith('deadline.')) as unknown as Ev[];
	const fired = (evs: Ev[], type: string) => evs.filter((e) => e.type === type).flatMap((e) => e.data.deadlines.map((d: any) => d.position));

	it('due soon at 80 % and overdue at 100 %, each exactly once per customer; a contacted customer never alarms', async () => {
		const inc = await app.incidents.declare(lead, { title: '冰箱不制冷', category: 'product_quality' });
		const at = (m: number) => new Date(t + m * MIN).toISOString();
		await app.customers.add(
			lead,
			inc.id,
			[
				{ name: 'A', reportedAt: at(0) }, // due soon at +96, overdue at +120
				{ name: 'B', reportedAt: at(-100) }, // due soon already (96 min), overdue at +20
				{ name: 'C', reportedAt: at(-130) }, // overdue already: only "overdue"
				{ name: 'D', reportedAt: at(-110) } // would be due soon, but is contacted first
			],
			{ validRowsOnly: false },
			'en'
		);
		const d = (await app.customers.list(inc.id)).find((c) => c.name === 'D')!;
		await app.customers.contact(lead, inc.id, d.id, { reached: true, apologized: true, explained: true, needAsked: false } as never, 'en');

		expect(await app.alarms.runDue()).toBe(2);
		expect(await app.alarms.runDue()).toBe(0);
		let evs = await alarms(inc.id);
		expect(fired(evs, 'deadline.due_soon')).toEqual([2]);
		expect(fired(evs, 'deadline.overdue')).toEqual([3]);
		expect((await app.alarms.nextDue())?.toISOString()).toBe(at(20));

		t += 20 * MIN; // B overdue
		expect(await app.alarms.runDue()).toBe(1);
		t += 76 * MIN; // +96: A due soon
		expect(await app.alarms.runDue()).toBe(1);
		expect(await app.alarms.runDue()).toBe(0);
		t += 24 * MIN; // +120: A overdue
		expect(await app.alarms.runDue()).toBe(1);
		t += 600 * MIN;
		expect(await app.alarms.runDue()).toBe(0);
		evs = await alarms(inc.id);
		expect(fired(evs, 'deadline.due_soon').sort()).toEqual([1, 2]);
		expect(fired(evs, 'deadline.overdue').sort()).toEqual([1, 2, 3]);
		// the alarm events carry the incident as it stands: three overdue, one met
		const last = (await app.incidents.events(inc.id, 0)).at(-1)!;
		expect((last.data.incident as any).contact).toMatchObject({ overdue: 3, met: 1 });
		expect(await app.alarms.nextDue()).toBeNull();
	});

	it('a level change replaces pending alarms: escalation makes one due at once, lowering re-arms it', async () => {
		const inc = await app.incidents.declare(lead, { title: '门店投诉', category: 'service_failure' });
		await app.customers.add(lead, inc.id, [{ name: 'E', reportedAt: new Date(t - 40 * MIN).toISOString() }], { validRowsOnly: false }, 'en'); // level 3: soon at +56
		expect(await app.alarms.runDue()).toBe(0);
		await app.incidents.setLevel(lead, inc.id, { level: 1, reason: '媒体曝光' }, 'en'); // 30 min window: overdue since 10 min
		expect(await app.alarms.runDue()).toBe(1);
		let evs = await alarms(inc.id);
		expect(evs.map((e) => e.type)).toEqual(['deadline.overdue']);
		await app.incidents.setLevel(gm, inc.id, { level: 3, reason: '误判', override: true }, 'en'); // back to 2 h: due soon at +56 again
		expect(await app.alarms.runDue()).toBe(0);
		expect((await app.alarms.nextDue())!.getTime()).toBeLessThanOrEqual(t + 56 * MIN);
		t += 56 * MIN;
		expect(await app.alarms.runDue()).toBe(1);
		evs = await alarms(inc.id);
		expect(evs.map((e) => e.type)).toEqual(['deadline.overdue', 'deadline.due_soon']);
	});

	it('the post-mortem deadline (level 2: 48 h after resolution) alarms due soon and overdue once; a held post-mortem stops it', async () => {
		const resolve = async (title: string) => {
			// identified 2 h ago: their own contact clocks (no customers) are overdue at once and fired below
			const inc = await app.incidents.declare(lead, { title, category: 'service_failure', identifiedAt: new Date(t - 120 * MIN), inputs: { estimatedAffectedCustomers: 60 } });
			for (const phase of ['containment', 'resolution', 'follow_up'] as const)
				await app.incidents.setPhase(lead, inc.id, { phase, overrideReason: 'alarm fixture: the gates are not this test’s subject' }, 'en');
			return inc;
		};
		t += 600 * MIN; // earlier tests' deadlines are all past: fire what is left so only post-mortems remain
		await app.alarms.runDue();
		const owed = await resolve('门店服务失误');
		const held = await resolve('客服系统宕机');
		expect(await app.alarms.runDue()).toBe(2); // the two incidents' own contact clocks, overdue
		expect((await app.incidents.getRow(owed.id)).level).toBe(2);
		const pmAlarms = async (id: string) => (await alarms(id)).filter((e) => e.data.kind === 'postmortem').map((e) => e.type);
		expect((await app.alarms.nextDue())?.getTime()).toBe(t + 0.8 * 48 * 60 * MIN);
		expect(await app.alarms.runDue()).toBe(0);
		// the other review is held in time: What, Why and How written
		await app.review.put(lead, held.id, { version: 0, what: '系统宕机 2 小时', why: { rootCause: '数据库连接池耗尽' }, how: { wentBadly: '通知太晚' } }, 'en');
		expect((await app.review.get(held.id, 'en')).heldAt).toBeTruthy();
		t += 0.8 * 48 * 60 * MIN;
		expect(await app.alarms.runDue()).toBe(1);
		expect(await app.alarms.runDue()).toBe(0);
		t += 0.2 * 48 * 60 * MIN;
		expect(await app.alarms.runDue()).toBe(1);
		t += 100 * 60 * MIN;
		expect(await app.alarms.runDue()).toBe(0);
		expect(await pmAlarms(owed.id)).toEqual(['deadline.due_soon', 'deadline.overdue']);
		expect(await pmAlarms(held.id)).toEqual([]);
	});

	it('flipping the level back and forth after "due soon" fired does not announce it again; a later moment that comes does, once', () =>
		levelFlipsAlarmOnce(
			app,
			lead,
			() => t,
			(ms) => (t += ms)
		));
});

describe('alarms across a restart (real server, PGlite on disk)', () => {
	it('a deadline that fell due while the server was down fires exactly once after start', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-restart-'));
		const first = await new TestServer({ dataDir: dir }).start();
		try {
			const api = await ApiClient.login(first.url);
			const inc = (await api.call('POST', '/api/v1/incidents', { title: '快递停运', category: 'special_scenario' })).body;
			const c = await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '赵敏' }]); // due in 2 h
			expect(c.status).toBe(201);
			await first.stop();

			// the same data, three hours later: the deadline passed while nobody was running
			// The poll interval is set to the longest allowed (60 s): only the sweep at start-up can fire
			// the alarm within the 30 s this waits, however slow a busy machine makes the start.
			const later = new TestServer({ dataDir: dir, env: { WARROOM_CLOCK_OFFSET_MS: String(3 * 60 * MIN), WARROOM_ALARM_POLL_MS: '60000' } });
			await later.start();
			const ready = Date.now();
			const api2 = await ApiClient.login(later.url);
			let evs: Ev[] = [];
			while (Date.now() - ready < 30_000) {
				evs = (await api2.call('GET', `/api/v1/incidents/${inc.id}/events`)).body.items.filter((e: Ev) => e.type.startsWith('deadline.'));
				if (evs.length) break;
				await new Promise((r) => setTimeout(r, 25));
			}
			expect(evs.map((e) => e.type)).toEqual(['deadline.overdue']);
			// and once only: another restart finds it already fired
			await later.stop();
			const again = await new TestServer({ dataDir: dir, env: { WARROOM_CLOCK_OFFSET_MS: String(4 * 60 * MIN) } }).start();
			const api3 = await ApiClient.login(again.url);
			const all = (await api3.call('GET', `/api/v1/incidents/${inc.id}/events`)).body.items;
			expect(all.filter((e: Ev) => e.type.startsWith('deadline.'))).toHaveLength(1);
			expect(all.at(-1).data.incident.contact).toMatchObject({ overdue: 1 });
			await again.stop();
		} finally {
			await first.stop();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}, 180_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('alarms with two instances on one PostgreSQL', () => {
	it('two instances racing every 50 ms fire one alarm per deadline', async () => {
		const db = await createPostgresDatabase();
		const env = { WARROOM_ALARM_POLL_MS: '50', WARROOM_SECRET: 'two-instances-share-this-secret' };
		const a = new TestServer({ databaseUrl: db.url, env });
		const b = new TestServer({ databaseUrl: db.url, env });
		try {
			await a.start();
			await b.start();
			const api = await ApiClient.login(a.url);
			const incidents: string[] = [];
			for (let i = 0; i < 4; i++) {
				const inc = (await api.call('POST', '/api/v1/incidents', { title: `并发告警 ${i}`, category: 'service_failure' })).body;
				incidents.push(inc.id);
				// 30 customers (level 2: 1 h window) whose deadline falls due in the next ~1.5 s, while both instances poll
				const soon = Date.now() - 60 * MIN;
				const rows = Array.from({ length: 30 }, (_, k) => ({ name: `客户${k}`, reportedAt: new Date(soon + 300 + k * 40).toISOString() }));
				expect((await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, rows)).status).toBe(201);
			}
			const apiB = await ApiClient.login(b.url);
			const overdueOf = async (id: string) =>
				(await apiB.call('GET', `/api/v1/incidents/${id}/events`)).body.items.filter((e: Ev) => e.type === 'deadline.overdue').flatMap((e: Ev) => e.data.deadlines.map((d: any) => d.customerId));
			let ids: string[] = [];
			const start = Date.now();
			while (Date.now() - start < 10_000) {
				ids = (await Promise.all(incidents.map(overdueOf))).flat();
				if (ids.length >= 120) break;
				await new Promise((r) => setTimeout(r, 50));
			}
			expect(ids).toHaveLength(120);
			expect(new Set(ids).size).toBe(120);
		} finally {
			await a.stop();
			await b.stop();
			await db.drop();
		}
	});
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('alarms with an injected clock (in-process, PostgreSQL)', () => {
	let app: App;
	let drop = async () => {};
	let dir: string;
	let t = Date.parse('2026-11-25T02:00:00.000Z');
	const clock = { now: () => new Date(t) };
	const lead: SessionUser = { id: 'lead-1', email: 'lead@example.com', name: '王指挥', roles: ['lead'], groups: ['customer_service'] };

	beforeAll(async () => {
		const db = await createPostgresDatabase();
		drop = db.drop;
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-alarms-pg-'));
		app = await createApp(loadConfig({ DATABASE_URL: db.url, WARROOM_DATA_DIR: dir, WARROOM_LOG_LEVEL: 'error' }), clock, { alarms: false });
	});
	afterAll(async () => {
		await app?.shutdown();
		await drop();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('flipping the level back and forth after "due soon" fired does not announce it again; a later moment that comes does, once', () =>
		levelFlipsAlarmOnce(
			app,
			lead,
			() => t,
			(ms) => (t += ms)
		));
});
