// The Foundation contract, through api.md alone: HTTP with bearer tokens and socket.io-client,
// against the real production build on PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Socket } from 'socket.io-client';
import { DRIVERS, startServer, ADMIN } from '../support/server';
import { ApiClient, connected, emitAck } from '../support/client';

type Ev = { incidentId: string; seq: number; type: string; data: any; actor: any; at: string };

function collect(socket: Socket, incidentId?: string): Ev[] {
	const list: Ev[] = [];
	socket.on('event', (e: Ev) => {
		if (!incidentId || e.incidentId === incidentId) list.push(e);
	});
	return list;
}

async function until(cond: () => boolean, what: string, ms = 10_000) {
	const start = Date.now();
	while (!cond()) {
		if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

describe.each(DRIVERS)('Foundation API on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let lead: ApiClient;
	const sockets: Socket[] = [];
	const track = (s: Socket) => (sockets.push(s), s);

	beforeAll(async () => {
		ctx = await startServer(driver);
		admin = await ApiClient.login(ctx.server.url);
		const created = await admin.call('POST', '/api/v1/users', {
			email: 'lead@example.com',
			name: '王经理',
			password: 'lead-password-1',
			roles: ['lead'],
			groups: ['customer_service']
		});
		expect(created.status).toBe(201);
		lead = await ApiClient.login(ctx.server.url, 'lead@example.com', 'lead-password-1');
	});

	afterAll(async () => {
		sockets.forEach((s) => s.close());
		await ctx?.close();
	});

	it('answers health, readiness and time', async () => {
		const c = new ApiClient(ctx.server.url);
		expect((await c.call('GET', '/healthz')).body).toEqual({ ok: true });
		expect((await c.call('GET', '/readyz')).status).toBe(200);
		const t = await c.call('GET', '/api/v1/time');
		expect(Math.abs(Date.parse(t.body.now) - Date.now())).toBeLessThan(5000);
	});

	it('issues expiring bearer tokens and refuses wrong credentials with 401', async () => {
		const c = new ApiClient(ctx.server.url);
		const ok = await c.call('POST', '/api/v1/auth/token', { email: ADMIN.email.toUpperCase(), password: ADMIN.password });
		expect(ok.status).toBe(201);
		expect(ok.body.token).toMatch(/^wr_/);
		expect(Date.parse(ok.body.expiresAt)).toBeGreaterThan(Date.now());
		const bad = await c.call('POST', '/api/v1/auth/token', { email: ADMIN.email, password: 'wrong' });
		expect(bad.status).toBe(401);
		expect(bad.body.error.code).toBe('unauthorized');
		const none = await c.call('GET', '/api/v1/incidents');
		expect(none.status).toBe(401);
	});

	it('answers 429 with Retry-After after repeated failed logins', async () => {
		const c = new ApiClient(ctx.server.url);
		const statuses: number[] = [];
		for (let i = 0; i < 7; i++) statuses.push((await c.call('POST', '/api/v1/auth/token', { email: 'victim@example.com', password: `guess${i}` })).status);
		expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
		const last = await c.call('POST', '/api/v1/auth/token', { email: 'victim@example.com', password: 'guess' });
		expect(last.status).toBe(429);
		expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
	});

	it('lets only admins create users, with field errors and 409 on a duplicate e-mail', async () => {
		expect((await lead.call('POST', '/api/v1/users', { email: 'x@example.com', name: 'X', password: 'password-1', roles: ['viewer'] })).status).toBe(403);
		const bad = await admin.call('POST', '/api/v1/users', { email: 'not-an-email', name: '', password: 'short', roles: ['boss'] });
		expect(bad.status).toBe(400);
		const fields = bad.body.error.details.map((d: any) => d.field).sort();
		expect(fields).toEqual(['email', 'name', 'password', 'roles.0']);
		const dup = await admin.call('POST', '/api/v1/users', { email: 'lead@example.com', name: 'Dup', password: 'password-1', roles: ['viewer'] });
		expect(dup.status).toBe(409);
	});

	it('declares with a YJ code, the level from the inputs and a first timeline event', async () => {
		const r = await lead.call('POST', '/api/v1/incidents', {
			title: '星耀 X5 手机电池鼓包',
			category: 'product_quality',
			inputs: { estimatedAffectedCustomers: 137, mediaExposure: true }
		});
		expect(r.status).toBe(201);
		expect(r.body.code).toMatch(/^YJ\d{8}\d{4}$/);
		expect(r.body.level).toBe(1);
		expect(r.body.levelReasonI18n.en).toContain('137 affected customers');
		expect(r.body.levelReasonI18n.en).toContain('media');
		expect(r.body.phase).toBe('initiation');
		expect(r.body.version).toBe(1);
		const ev = await lead.call('GET', `/api/v1/incidents/${r.body.id}/events?after=0`);
		expect(ev.body.items.map((e: Ev) => [e.seq, e.type])).toEqual([[1, 'incident.declared']]);
		expect(ev.body.items[0].actor).toMatchObject({ name: '王经理' });
		const got = await lead.call('GET', `/api/v1/incidents/${r.body.id}`);
		expect(got.body).toMatchObject({ id: r.body.id, code: r.body.code, version: 1 });
	});

	it('gives unique, consecutive codes to incidents declared at the same moment', async () => {
		const results = await Promise.all(Array.from({ length: 12 }, (_, i) => lead.call('POST', '/api/v1/incidents', { title: `并发 ${i}`, category: 'service_failure' })));
		expect(results.every((r) => r.status === 201)).toBe(true);
		const codes = results.map((r) => r.body.code as string);
		expect(new Set(codes).size).toBe(12);
		const serials = codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b);
		for (let i = 1; i < serials.length; i++) expect(serials[i]).toBe(serials[i - 1] + 1);
	});

	it('refuses viewers and display tokens any write (403) and lists with filters', async () => {
		await admin.call('POST', '/api/v1/users', { email: 'viewer@example.com', name: 'Viewer', password: 'viewer-pass-1', roles: ['viewer'] });
		const viewer = await ApiClient.login(ctx.server.url, 'viewer@example.com', 'viewer-pass-1');
		expect((await viewer.call('POST', '/api/v1/incidents', { title: 't', category: 'product_quality' })).status).toBe(403);
		const list = await viewer.call('GET', '/api/v1/incidents?level=1');
		expect(list.status).toBe(200);
		expect(list.body.items.every((i: any) => i.level === 1)).toBe(true);
		expect((await viewer.call('GET', '/api/v1/incidents?level=7')).status).toBe(400);
		const q = await viewer.call('GET', `/api/v1/incidents?q=${encodeURIComponent('电池')}`);
		expect(q.body.items.some((i: any) => i.title.includes('电池鼓包'))).toBe(true);
	});

	it('streams 20 PATCHes as 20 events in order to a subscribed socket', async () => {
		const inc = (await lead.call('POST', '/api/v1/incidents', { title: 'Courier network stalled', category: 'special_scenario' })).body;
		const s = track(lead.socket());
		const times: string[] = [];
		s.on('time', (t: { now: string }) => times.push(t.now));
		const events = collect(s, inc.id);
		await connected(s);
		const ack = await emitAck(s, 'subscribe', { incidentId: inc.id, after: 1 });
		expect(ack).toEqual({ ok: true, lastSeq: 1 });
		let version = 1;
		for (let i = 1; i <= 20; i++) {
			const r = await lead.call('PATCH', `/api/v1/incidents/${inc.id}`, { version, title: `Courier network stalled (${i})` });
			expect(r.status).toBe(200);
			version = r.body.version;
		}
		await until(() => events.length >= 20, '20 events');
		expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
		expect(events.every((e) => e.type === 'incident.updated')).toBe(true);
		expect(events[19].data.changes.title.to).toBe('Courier network stalled (20)');
		expect(times.length).toBe(1);
	});

	it('replays exactly what a reconnecting client missed, then streams live', async () => {
		const inc = (await lead.call('POST', '/api/v1/incidents', { title: 'Store failed 200 customers', category: 'service_failure' })).body;
		let version = inc.version;
		const patch = async (title: string) => {
			const r = await lead.call('PATCH', `/api/v1/incidents/${inc.id}`, { version, title });
			version = r.body.version;
		};
		const s1 = track(lead.socket());
		const first = collect(s1, inc.id);
		await connected(s1);
		await emitAck(s1, 'subscribe', { incidentId: inc.id, after: 0 });
		for (let i = 0; i < 3; i++) await patch(`a${i}`);
		await until(() => first.length === 4, 'first four events');
		s1.close();
		const lastSeq = first[first.length - 1].seq;
		for (let i = 0; i < 5; i++) await patch(`b${i}`);
		const s2 = track(lead.socket());
		const second = collect(s2, inc.id);
		await connected(s2);
		await emitAck(s2, 'subscribe', { incidentId: inc.id, after: lastSeq });
		await patch('live');
		await until(() => second.length === 6, 'missed + live events');
		expect(second.map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10]);
		expect(second[5].data.changes.title.to).toBe('live');
	});

	it('has no gap and no duplicate when a subscription lands in the middle of a burst', async () => {
		const inc = (await lead.call('POST', '/api/v1/incidents', { title: 'Burst', category: 'product_quality' })).body;
		let version = inc.version;
		const burst = (async () => {
			for (let i = 0; i < 40; i++) {
				const r = await lead.call('PATCH', `/api/v1/incidents/${inc.id}`, { version, description: `step ${i}` });
				version = r.body.version;
			}
		})();
		const received: Ev[][] = [];
		for (let k = 0; k < 4; k++) {
			await new Promise((r) => setTimeout(r, 15 * k));
			const s = track(lead.socket());
			const list = collect(s, inc.id);
			received.push(list);
			await connected(s);
			await emitAck(s, 'subscribe', { incidentId: inc.id, after: 0 });
		}
		await burst;
		// one more change after the burst: delivery is in order, so once it arrives anything owed from the burst (a gap, a duplicate) has too
		await lead.call('PATCH', `/api/v1/incidents/${inc.id}`, { version, description: 'marker' });
		for (const list of received) {
			await until(() => list.some((e) => e.seq === 42), 'the marker event');
			expect(list.map((e) => e.seq)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
		}
	});

	it('answers a stale version with 409 and the current incident, changing nothing', async () => {
		const inc = (await lead.call('POST', '/api/v1/incidents', { title: 'Original', category: 'product_quality' })).body;
		const a = await lead.call('PATCH', `/api/v1/incidents/${inc.id}`, { version: 1, title: 'First writer' });
		expect(a.status).toBe(200);
		const b = await admin.call('PATCH', `/api/v1/incidents/${inc.id}`, { version: 1, title: 'Second writer' });
		expect(b.status).toBe(409);
		expect(b.body.error.code).toBe('version_conflict');
		expect(b.body.error.details.current).toMatchObject({ id: inc.id, title: 'First writer', version: 2 });
		expect((await lead.call('GET', `/api/v1/incidents/${inc.id}`)).body.title).toBe('First writer');
	});

	it('answers bad input with 400 naming each field, and changes nothing', async () => {
		const inc = (await lead.call('POST', '/api/v1/incidents', { title: 'Valid', category: 'product_quality' })).body;
		const cases: [unknown, string[]][] = [
			[{ version: 1, title: '' }, ['title']],
			[{ version: 1, inputs: { propertyLoss: 'huge', mediaExposure: 'yes' } }, ['inputs.mediaExposure', 'inputs.propertyLoss']],
			[{ title: 'no version' }, ['version']],
			[{ version: 1, identifiedAt: 'yesterday' }, ['identifiedAt']],
			[{ version: 1, level: 1 }, ['level']]
		];
		for (const [body, fields] of cases) {
			const r = await lead.call('PATCH', `/api/v1/incidents/${inc.id}`, body);
			expect(r.status, JSON.stringify(body)).toBe(400);
			expect(r.body.error.code).toBe('invalid_input');
			expect(r.body.error.details.map((d: any) => d.field).sort()).toEqual(fields);
		}
		const malformed = await lead.call('PATCH', `/api/v1/incidents/${inc.id}`, '{"version":', { 'content-type': 'application/json' });
		expect(malformed.status).toBe(400);
		const wrongType = await lead.call('POST', '/api/v1/incidents', 'title=x', { 'content-type': 'text/plain' });
		expect(wrongType.status).toBe(400);
		expect((await lead.call('POST', '/api/v1/incidents', [1, 2])).status).toBe(400);
		expect((await lead.call('GET', '/api/v1/incidents/not-an-id')).status).toBe(404);
		expect((await lead.call('GET', '/api/v1/incidents/00000000-0000-0000-0000-000000000000')).status).toBe(404);
		const after = await lead.call('GET', `/api/v1/incidents/${inc.id}`);
		expect(after.body.version).toBe(1);
		expect(after.body.title).toBe('Valid');
		expect((await lead.call('GET', `/api/v1/incidents/${inc.id}/events?after=-1`)).status).toBe(400);
	});

	it('escalates automatically when an input change raises the level, in the same change', async () => {
		const inc = (await lead.call('POST', '/api/v1/incidents', { title: 'Three complaints', category: 'product_quality', inputs: { estimatedAffectedCustomers: 3 } })).body;
		expect(inc.level).toBe(3);
		const r = await lead.call('PATCH', `/api/v1/incidents/${inc.id}`, { version: 1, inputs: { estimatedAffectedCustomers: 20, compensationDemanded: true } });
		expect(r.body.level).toBe(2);
		// the change, the escalation and the response group it convenes: one transaction, three events
		expect(r.body.version).toBe(4);
		const ev = (await lead.call('GET', `/api/v1/incidents/${inc.id}/events?after=1`)).body.items;
		expect(ev.map((e: Ev) => e.type)).toEqual(['incident.updated', 'incident.level_changed', 'response.extended']);
		expect(ev[1].data).toMatchObject({ from: 3, to: 2, automatic: true });
	});

	it('refuses sockets with a forged, missing or revoked token, and cross-site origins', async () => {
		const forged = lead.socket('wr_forged-token');
		await expect(connected(forged)).rejects.toThrow('unauthorized');
		const missing = lead.socket(undefined, { auth: {} });
		await expect(connected(missing)).rejects.toThrow('unauthorized');
		const evil = lead.socket(lead.token, { extraHeaders: { origin: 'http://evil.example' } });
		await expect(connected(evil)).rejects.toThrow();
		[forged, missing, evil].forEach((s) => s.close());

		const temp = await ApiClient.login(ctx.server.url, 'lead@example.com', 'lead-password-1');
		const s = track(temp.socket());
		await connected(s);
		const gone = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
		expect((await temp.call('DELETE', '/api/v1/auth/token')).status).toBe(204);
		expect(await gone).toBe('io server disconnect');
		expect((await temp.call('GET', '/api/v1/incidents')).status).toBe(401);
	});

	it('answers bad socket payloads with an error ack and keeps the connection', async () => {
		const s = track(lead.socket());
		await connected(s);
		for (const bad of [null, 42, 'x', { incidentId: 5 }, { scope: 'everything' }, { incidentId: 'a', after: -3 }]) {
			const ack = await emitAck(s, 'subscribe', bad);
			expect(ack.ok).toBe(false);
			expect(ack.error.code).toBe('invalid_input');
		}
		const missing = await emitAck(s, 'subscribe', { incidentId: '00000000-0000-0000-0000-000000000000' });
		expect(missing.error.code).toBe('not_found');
		s.emit('no-such-event', { x: 1 });
		expect((await emitAck(s, 'subscribe', { scope: 'dashboard' })).ok).toBe(true);
		expect(s.connected).toBe(true);
	});

	it('pushes declarations and changes to dashboard subscribers and read-only display screens', async () => {
		const display = await lead.call('POST', '/api/v1/display-tokens', { label: 'Wall 1' });
		expect(display.status).toBe(201);
		expect(display.body.url).toContain('/display#token=');
		const screen = new ApiClient(ctx.server.url, display.body.token);
		expect((await screen.call('GET', '/api/v1/incidents')).status).toBe(200);
		expect((await screen.call('POST', '/api/v1/incidents', { title: 'x', category: 'product_quality' })).status).toBe(403);

		const dash = track(lead.socket());
		const wall = track(screen.socket());
		const dashEvents = collect(dash);
		const wallEvents = collect(wall);
		await Promise.all([connected(dash), connected(wall)]);
		await emitAck(dash, 'subscribe', { scope: 'dashboard' });
		await emitAck(wall, 'subscribe', { scope: 'dashboard' });
		const inc = (await lead.call('POST', '/api/v1/incidents', { title: '华东区域快递网络停滞', category: 'special_scenario' })).body;
		await lead.call('PATCH', `/api/v1/incidents/${inc.id}`, { version: 1, title: '华东区域快递网络停滞(更新)' });
		await until(() => dashEvents.filter((e) => e.incidentId === inc.id).length === 2 && wallEvents.filter((e) => e.incidentId === inc.id).length === 2, 'dashboard events');
		const declared = dashEvents.find((e) => e.incidentId === inc.id && e.type === 'incident.declared')!;
		expect(declared.data.incident).toMatchObject({ code: inc.code, title: '华东区域快递网络停滞' });
		expect(wallEvents.find((e) => e.incidentId === inc.id && e.seq === 2)!.data.incident.title).toBe('华东区域快递网络停滞(更新)');
	});

	it('trades a display token once for an httpOnly cookie that opens a read-only socket', async () => {
		const display = (await lead.call('POST', '/api/v1/display-tokens', { label: 'Wall 2' })).body;
		const c = new ApiClient(ctx.server.url);
		expect((await c.call('POST', '/api/v1/display-session', { token: 'wrd_not-a-real-token' })).status).toBe(401);
		const ok = await c.call('POST', '/api/v1/display-session', { token: display.token });
		expect(ok.status).toBe(200);
		const cookie = ok.headers.get('set-cookie') ?? '';
		expect(cookie).toMatch(/warroom_display=/);
		expect(cookie.toLowerCase()).toContain('httponly');
		const jar = cookie.split(';')[0];
		expect((await c.call('GET', '/api/v1/incidents', undefined, { cookie: jar })).status).toBe(200);
		// The cookie is read-only: a write with it is refused.
		const write = await c.call('POST', '/api/v1/incidents', { title: 'x', category: 'product_quality' }, { cookie: jar, origin: ctx.server.url });
		expect(write.status).toBe(401);
		const s = track(c.socket(undefined, { auth: {}, extraHeaders: { cookie: jar } }));
		await connected(s);
		expect((await emitAck(s, 'subscribe', { scope: 'dashboard' })).ok).toBe(true);
	});

	it('metrics: JSON by default, the same as CSV with Accept: text/csv, 400 naming a bad parameter', async () => {
		await lead.call('POST', '/api/v1/incidents', { title: '空调不制冷', category: 'product_quality' });
		const json = await lead.call('GET', '/api/v1/metrics?granularity=quarter');
		expect(json.status).toBe(200);
		expect(json.body.buckets.length).toBeGreaterThanOrEqual(8);
		const total = json.body.buckets.reduce((n: number, b: any) => n + b.incidents, 0);
		expect(total).toBeGreaterThan(0);
		const csv = await lead.call('GET', '/api/v1/metrics?granularity=quarter', undefined, { accept: 'text/csv' });
		expect(csv.headers.get('content-type')).toContain('text/csv');
		const lines = String(csv.body).trim().split('\r\n');
		expect(lines[0].split(',').slice(0, 2)).toEqual(['start', 'incidents']);
		expect(
			lines
				.slice(1)
				.map((l) => Number(l.split(',')[1]))
				.reduce((a, b) => a + b, 0)
		).toBe(total);
		const bad = await lead.call('GET', '/api/v1/metrics?granularity=week');
		expect(bad.status).toBe(400);
		expect(bad.body.error.details[0].field).toBe('granularity');
	});

	it('keeps incidents, events and the code sequence across a restart', async () => {
		const before = (await lead.call('POST', '/api/v1/incidents', { title: 'Before restart', category: 'product_quality' })).body;
		await lead.call('PATCH', `/api/v1/incidents/${before.id}`, { version: 1, title: 'Before restart (edited)' });
		const exitCode = await ctx.server.stop();
		expect(exitCode).toBe(0);
		await ctx.server.start();
		const again = await ApiClient.login(ctx.server.url, 'lead@example.com', 'lead-password-1');
		const got = await again.call('GET', `/api/v1/incidents/${before.id}`);
		expect(got.body).toMatchObject({ title: 'Before restart (edited)', version: 2 });
		expect((await again.call('GET', `/api/v1/incidents/${before.id}/events`)).body.items).toHaveLength(2);
		// The old bearer token still works: tokens live in the database, not in memory.
		expect((await lead.call('GET', `/api/v1/incidents/${before.id}`)).status).toBe(200);
		const after = (await again.call('POST', '/api/v1/incidents', { title: 'After restart', category: 'product_quality' })).body;
		expect(Number(after.code.slice(-4))).toBe(Number(before.code.slice(-4)) + 1);
	});
});
