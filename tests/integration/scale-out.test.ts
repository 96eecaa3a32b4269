// Several instances on one PostgreSQL, and the faults they must survive: a client on one
// instance sees what another committed; racing writes across instances give one winner; a
// revoked credential's socket on another instance goes; and under a killed LISTEN backend, all
// connections of the database terminated, a PostgreSQL restart, an instance killed with
// SIGKILL and clients whose network drops every few seconds, every client ends with every
// event exactly once and in order.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { TestServer, createPostgresDatabase } from '../support/server';
import { ApiClient, connected, emitAck } from '../support/client';
import { startTcpProxy } from '../../scripts/lib/tcp-proxy.js';

const PG = process.env.TEST_DATABASE_URL;
const SHARED = { WARROOM_SECRET: 'instances-on-one-database-share-this', WARROOM_RELAY_SWEEP_MS: '1000', WARROOM_PING_INTERVAL_MS: '1000', WARROOM_PING_TIMEOUT_MS: '1000' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface IncidentEventLike {
	incidentId: string;
	seq: number;
	type: string;
}

/**
 * A client that follows incidents the way api.md tells clients to: apply in seq order, and after
 * a reconnect subscribe again with the last seq applied. It records every violation instead of
 * hiding it: a duplicate (seq already applied) or a gap (seq beyond the next one).
 */
class Follower {
	readonly socket: Socket;
	readonly last = new Map<string, number>();
	readonly violations: string[] = [];
	reconnects = 0;
	/** Subscriptions the server refused as unavailable (asked again). */
	refusals = 0;
	/** Resolves once the first connection's subscriptions are acknowledged. */
	readonly ready: Promise<void>;
	/**
	 * `follow: false` = a dashboard only (live, no replay): valid for a client whose own connection
	 * stays up; `from` = the versions the incidents had when it started watching.
	 */
	constructor(
		url: string,
		token: string,
		private incidentIds: string[],
		opts: { dashboard?: boolean; follow?: boolean; from?: { id: string; version: number }[] } = {}
	) {
		for (const id of incidentIds) this.last.set(id, 0);
		for (const f of opts.from ?? []) this.last.set(f.id, f.version);
		this.socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 400, randomizationFactor: 0.2 });
		let first = true;
		let acknowledged: () => void = () => {};
		this.ready = new Promise((resolve) => (acknowledged = resolve));
		this.socket.on('connect', () => {
			if (!first) this.reconnects++;
			first = false;
			const acks: Promise<unknown>[] = [];
			// like the app's SocketManager: a subscription refused as `unavailable` (the server's database busy) is asked again
			const subscribe = async (id: string, attempt = 0): Promise<void> => {
				const res = await this.socket.emitWithAck('subscribe', { incidentId: id, after: this.last.get(id) });
				if (res.ok || res.error?.code !== 'unavailable' || !this.socket.connected) return;
				this.refusals++;
				await sleep(Math.min(250 * 2 ** attempt, 4000));
				if (this.socket.connected) return subscribe(id, attempt + 1);
			};
			if (opts.follow !== false) for (const id of this.incidentIds) acks.push(subscribe(id));
			if (opts.dashboard) acks.push(this.socket.emitWithAck('subscribe', { scope: 'dashboard' }));
			void Promise.all(acks).then(() => acknowledged());
		});
		this.socket.on('event', (e: IncidentEventLike) => {
			const last = this.last.get(e.incidentId);
			if (last === undefined) return;
			if (e.seq <= last) this.violations.push(`${e.incidentId.slice(0, 8)}: duplicate ${e.seq} after ${last}`);
			else if (e.seq > last + 1) this.violations.push(`${e.incidentId.slice(0, 8)}: gap, ${e.seq} after ${last}`);
			else this.last.set(e.incidentId, e.seq);
		});
	}
	reached(heads: Map<string, number>) {
		return [...heads].every(([id, v]) => (this.last.get(id) ?? 0) >= v);
	}
	close() {
		this.socket.close();
	}
}

/** Keeps changing the incidents through whichever address answers, at `perSecond`; network errors are retried. */
function writer(urls: () => string[], token: string, incidents: { id: string; version: number }[], perSecond: number) {
	let running = true;
	let writes = 0;
	let errors = 0;
	const done = (async () => {
		let i = 0;
		while (running) {
			const inc = incidents[i % incidents.length];
			const base = urls()[i % urls().length];
			i++;
			try {
				const c = new ApiClient(base, token);
				const r = await c.call('PATCH', `/api/v1/incidents/${inc.id}`, { version: inc.version, description: `update ${i}` });
				if (r.status === 200) {
					inc.version = r.body.version;
					writes++;
				} else if (r.status === 409) inc.version = r.body.error.details.current.version;
				else errors++;
			} catch {
				errors++; // the instance went away mid-request; the next try goes elsewhere
				await sleep(50);
			}
			await sleep(1000 / perSecond);
		}
	})();
	return {
		/** Resolves once `n` more writes have committed than when it was called: progress, not wall time, so a busy machine only makes it slower. */
		progress: async (n: number, timeoutMs = 60_000) => {
			const target = writes + n;
			const until = Date.now() + timeoutMs;
			while (writes < target) {
				if (Date.now() > until) throw new Error(`the writer made ${writes} writes; waited for ${target}`);
				await sleep(20);
			}
		},
		stop: async () => {
			running = false;
			await done;
			return { writes, errors };
		}
	};
}

async function heads(api: ApiClient, ids: string[]): Promise<Map<string, number>> {
	const m = new Map<string, number>();
	for (const id of ids) m.set(id, (await api.call('GET', `/api/v1/incidents/${id}`)).body.version);
	return m;
}

async function settle(followers: Follower[], api: ApiClient, ids: string[], timeoutMs = 20_000) {
	const target = await heads(api, ids);
	const start = Date.now();
	while (!followers.every((f) => f.reached(target))) {
		if (Date.now() - start > timeoutMs) {
			const behind = followers.map((f, i) => `#${i}: ${[...f.last].map(([id, s]) => `${id.slice(0, 8)}=${s}/${target.get(id)}`).join(' ')}`);
			throw new Error(`clients did not catch up within ${timeoutMs} ms:\n${behind.join('\n')}`);
		}
		await sleep(50);
	}
	await sleep(300); // anything late would be a duplicate: give it a moment to show
	return target;
}

function expectExactlyOnceInOrder(followers: Follower[], target: Map<string, number>) {
	for (const [i, f] of followers.entries()) {
		expect(f.violations, `client #${i}`).toEqual([]);
		for (const [id, v] of target) expect(f.last.get(id), `client #${i}, incident ${id}`).toBe(v);
	}
}

async function declare(api: ApiClient, title: string) {
	const r = await api.call('POST', '/api/v1/incidents', { title, category: 'service_failure', inputs: { estimatedAffectedCustomers: 10 } });
	expect(r.status).toBe(201);
	return { id: r.body.id as string, version: r.body.version as number };
}

async function terminate(dbUrl: string, where: string): Promise<number> {
	const { default: postgres } = await import('postgres');
	const base = postgres(PG!, { max: 1, onnotice: () => {} });
	const dbName = new URL(dbUrl).pathname.slice(1);
	const rows = await base.unsafe(`select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and (${where})`, [dbName]);
	await base.end();
	return rows.length;
}

/** Only where this machine's own PostgreSQL can be restarted from here (CI and dev machines). */
function postgresCluster(): string | null {
	if (!PG || !['127.0.0.1', 'localhost'].includes(new URL(PG).hostname)) return null;
	try {
		execFileSync('pg_lsclusters', ['--no-header'], { stdio: 'pipe' });
		const versions = fs.readdirSync('/etc/postgresql');
		return versions[0] ?? null;
	} catch {
		return null;
	}
}

describe.skipIf(!PG)('several instances on one PostgreSQL', () => {
	let a: TestServer;
	let b: TestServer;
	let db: { url: string; drop: () => Promise<void> };
	let api: ApiClient;

	beforeAll(async () => {
		db = await createPostgresDatabase();
		a = new TestServer({ databaseUrl: db.url, env: SHARED });
		await a.start();
		b = new TestServer({ databaseUrl: db.url, env: SHARED });
		await b.start();
		api = await ApiClient.login(a.url);
	});
	afterAll(async () => {
		await a?.stop();
		await b?.stop();
		a?.cleanup();
		b?.cleanup();
		await db?.drop();
	});

	it('a client on B sees what is declared and changed on A, at once', async () => {
		const onB = new ApiClient(b.url, api.token).socket();
		await connected(onB);
		const got: IncidentEventLike[] = [];
		onB.on('event', (e) => got.push(e));
		expect(await emitAck(onB, 'subscribe', { scope: 'dashboard' })).toEqual({ ok: true });
		const inc = await declare(api, '顺丰华东分拨中心停摆');
		await expect.poll(() => got.map((e) => e.type), { timeout: 5000 }).toContain('incident.declared');
		const ack = await emitAck(onB, 'subscribe', { incidentId: inc.id, after: 1 });
		expect(ack).toEqual({ ok: true, lastSeq: 1 });
		const r = await api.call('PATCH', `/api/v1/incidents/${inc.id}`, { version: 1, description: 'changed on A' });
		expect(r.status).toBe(200);
		await expect.poll(() => got.filter((e) => e.incidentId === inc.id).map((e) => e.seq), { timeout: 5000 }).toEqual([1, 2]);
		onB.close();
	});

	it('refuses to start an instance whose personal-data key differs from the others', async () => {
		const c = new TestServer({ databaseUrl: db.url, env: { WARROOM_SECRET: 'a-different-secret-entirely' } });
		await expect(c.start()).rejects.toThrow(/personal-data key of this instance is not the one/);
		c.cleanup();
	});

	it('racing PATCHes with one version on A and on B: exactly one 200', async () => {
		const inc = await declare(api, 'racing');
		for (let round = 0; round < 5; round++) {
			const { version } = (await api.call('GET', `/api/v1/incidents/${inc.id}`)).body;
			const results = await Promise.all([a, b].map((s, i) => new ApiClient(s.url, api.token).call('PATCH', `/api/v1/incidents/${inc.id}`, { version, title: `round ${round} from ${i}` })));
			expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
		}
	});

	it('presence counts the people on both instances; a revoked token on A cuts its socket on B within 1 s', async () => {
		const inc = await declare(api, 'presence');
		const onA = new ApiClient(a.url, api.token).socket();
		const onB = new ApiClient(b.url, api.token).socket();
		await Promise.all([connected(onA), connected(onB)]);
		const seen: { users: { connections: number }[] }[] = [];
		onA.on('presence', (p) => p.incidentId === inc.id && seen.push(p));
		await emitAck(onA, 'subscribe', { incidentId: inc.id });
		await emitAck(onB, 'subscribe', { incidentId: inc.id });
		await expect.poll(() => seen.at(-1)?.users.reduce((n, u) => n + u.connections, 0), { timeout: 5000 }).toBe(2);
		onA.close();
		onB.close();

		const created = await api.call('POST', '/api/v1/integration-tokens', { name: 'crm', role: 'viewer' });
		expect(created.status).toBe(201);
		const s = new ApiClient(b.url, created.body.token).socket();
		await connected(s);
		const gone = new Promise<number>((resolve) => s.once('disconnect', () => resolve(Date.now())));
		const t0 = Date.now();
		expect((await api.call('DELETE', `/api/v1/integration-tokens/${created.body.id}`)).status).toBe(200);
		expect((await gone) - t0).toBeLessThan(1000);
	});

	it('a terminated LISTEN backend loses no event and repeats none', async () => {
		const incs = [await declare(api, 'listen-1'), await declare(api, 'listen-2')];
		const ids = incs.map((i) => i.id);
		const followers = [
			new Follower(b.url, api.token!, ids, { dashboard: true }),
			new Follower(a.url, api.token!, ids, { dashboard: true }),
			// dashboards only: every event of the burst must reach them once, in order, through the relay
			new Follower(b.url, api.token!, ids, { dashboard: true, follow: false, from: incs.map((i) => ({ ...i })) })
		];
		await Promise.all(followers.map((f) => f.ready));
		const w = writer(() => [a.url], api.token!, incs, 25);
		await w.progress(10);
		expect(await terminate(db.url, "query ilike 'listen%'")).toBeGreaterThan(0);
		await w.progress(15);
		const { writes } = await w.stop();
		expect(writes).toBeGreaterThan(20);
		expectExactlyOnceInOrder(followers, await settle(followers, api, ids));
		followers.forEach((f) => f.close());
	});

	it('an event whose NOTIFY never came (lost at the tail of a burst) still reaches every instance', async () => {
		const inc = await declare(api, 'lost-notify');
		const followers = [new Follower(a.url, api.token!, [inc.id], { dashboard: true }), new Follower(b.url, api.token!, [inc.id], { dashboard: true })];
		await Promise.all(followers.map((f) => f.ready));
		// committed without the relay's NOTIFY, as if the LISTEN connections were down at that moment
		const { default: postgres } = await import('postgres');
		const sql = postgres(db.url, { max: 1, onnotice: () => {} });
		await sql.begin(async (tx) => {
			await tx`update incidents set version = 2 where id = ${inc.id} and version = 1`;
			await tx`insert into incident_events (incident_id, seq, type, at, actor_system, data) values (${inc.id}, 2, 'incident.updated', now(), true, ${tx.json({ changes: {} })})`;
		});
		await sql.end();
		expectExactlyOnceInOrder(followers, await settle(followers, api, [inc.id], 5000));
		followers.forEach((f) => f.close());
	});

	it('every connection of the database terminated mid-burst: every event exactly once, in order', async () => {
		const incs = [await declare(api, 'terminate-all')];
		const ids = incs.map((i) => i.id);
		const followers = [
			new Follower(b.url, api.token!, ids, { dashboard: true }),
			new Follower(a.url, api.token!, ids),
			new Follower(a.url, api.token!, ids, { dashboard: true, follow: false, from: incs.map((i) => ({ ...i })) })
		];
		await Promise.all(followers.map((f) => f.ready));
		const w = writer(() => [a.url, b.url], api.token!, incs, 25);
		await w.progress(10);
		expect(await terminate(db.url, 'true')).toBeGreaterThan(2);
		await w.progress(15);
		await w.stop();
		expectExactlyOnceInOrder(followers, await settle(followers, api, ids));
		followers.forEach((f) => f.close());
	});

	it.skipIf(!postgresCluster())('PostgreSQL restarted mid-burst: every event exactly once, in order', async () => {
		const incs = [await declare(api, 'pg-restart')];
		const ids = incs.map((i) => i.id);
		const followers = [new Follower(b.url, api.token!, ids, { dashboard: true }), new Follower(a.url, api.token!, ids)];
		await Promise.all(followers.map((f) => f.ready));
		const w = writer(() => [a.url, b.url], api.token!, incs, 20);
		await w.progress(8);
		execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', postgresCluster()!, 'main', 'restart', '-m', 'fast'], { stdio: 'pipe' });
		await w.progress(5);
		const { writes } = await w.stop();
		expect(writes).toBeGreaterThan(10);
		expectExactlyOnceInOrder(followers, await settle(followers, api, ids, 30_000));
		followers.forEach((f) => f.close());
	});

	it('an instance killed with SIGKILL mid-burst: its clients move to the other and miss nothing', async () => {
		const proxy = await startTcpProxy({ port: 0, backends: () => [a.port, b.port].filter((p) => p !== killedPort) });
		let killedPort = 0;
		const url = `http://127.0.0.1:${proxy.port}`;
		const incs = [await declare(api, 'kill-1'), await declare(api, 'kill-2')];
		const ids = incs.map((i) => i.id);
		const followers = Array.from({ length: 6 }, () => new Follower(url, api.token!, ids));
		await Promise.all(followers.map((f) => f.ready));
		const w = writer(() => [url], api.token!, incs, 25);
		await w.progress(12);
		killedPort = b.port;
		await b.stop('SIGKILL');
		await w.progress(15);
		await w.stop();
		const target = await settle(followers, api, ids);
		expectExactlyOnceInOrder(followers, target);
		expect(followers.reduce((n, f) => n + f.reconnects, 0)).toBeGreaterThan(0); // some were on B
		followers.forEach((f) => f.close());
		await proxy.close();
		await b.start(); // back for the tests after this one
	});

	it('clients whose network drops for 2–3 s every few seconds end with every event exactly once, in order', async () => {
		const incs = [await declare(api, 'flapping')];
		const ids = incs.map((i) => i.id);
		const down = [false, false, false];
		const plugs = await Promise.all([a, b, a].map((s, i) => startTcpProxy({ port: 0, backends: () => (down[i] ? [] : [s.port]) })));
		const followers = plugs.map((p) => new Follower(`http://127.0.0.1:${p.port}`, api.token!, ids, { dashboard: true }));
		await Promise.all(followers.map((f) => f.ready));
		const w = writer(() => [a.url, b.url], api.token!, incs, 10);
		// three outages per client, staggered: down for 2–3 s, up for ~1 s
		await Promise.all(
			plugs.map(async (p, i) => {
				await sleep(300 * i);
				for (let k = 0; k < 3; k++) {
					down[i] = true; // new connections are refused…
					p.drop(); // …and the open one is cut
					await sleep(2000 + Math.random() * 1000);
					down[i] = false;
					await sleep(1000);
				}
			})
		);
		await w.stop();
		const target = await settle(followers, api, ids);
		expectExactlyOnceInOrder(followers, target);
		for (const f of followers) expect(f.reconnects).toBeGreaterThanOrEqual(3);
		followers.forEach((f) => f.close());
		await Promise.all(plugs.map((p) => p.close()));
	});
});
