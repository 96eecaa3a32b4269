// Presence through the socket: who is on an incident and in the war room, now — joining,
// a second tab, leaving, disconnecting; wall screens counted, not named.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Socket } from 'socket.io-client';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient, connected, createUsers, emitAck } from '../support/client';

type Presence = { scope: string; incidentId?: string; users: { id: string; name: string; connections: number }[]; displays: number };

describe.each(DRIVERS)('Presence on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let agent: ApiClient;
	const sockets: Socket[] = [];

	beforeAll(async () => {
		ctx = await startServer(driver);
		admin = await ApiClient.login(ctx.server.url);
		[agent] = (await createUsers(admin, [['agent@example.com', '陈客服', ['responder'], ['customer_service']]])).clients;
	});
	afterAll(async () => {
		sockets.forEach((s) => s.close());
		await ctx?.close();
	});

	async function open(client: ApiClient, token = client.token) {
		const s = client.socket(token);
		sockets.push(s);
		const seen: Presence[] = [];
		s.on('presence', (p: Presence) => seen.push(p));
		await connected(s);
		return { s, seen };
	}
	const until = async (cond: () => boolean, what: string) => {
		const start = Date.now();
		while (!cond()) {
			if (Date.now() - start > 5000) throw new Error(`timed out: ${what}`);
			await new Promise((r) => setTimeout(r, 20));
		}
	};
	const latest = (seen: Presence[], scope: string, id?: string) => seen.filter((p) => p.scope === scope && p.incidentId === id).at(-1);

	it('shows who is on an incident as they come and go, and counts wall screens without naming them', async () => {
		const inc = (await admin.call('POST', '/api/v1/incidents', { title: '门店投诉', category: 'service_failure' })).body;
		const a = await open(admin);
		await emitAck(a.s, 'subscribe', { incidentId: inc.id });
		await until(() => latest(a.seen, 'incident', inc.id)?.users.length === 1, 'admin alone');
		const b = await open(agent);
		await emitAck(b.s, 'subscribe', { incidentId: inc.id });
		await until(() => latest(a.seen, 'incident', inc.id)?.users.length === 2, 'agent joins');
		expect(
			latest(a.seen, 'incident', inc.id)!
				.users.map((u) => u.name)
				.sort()
		).toEqual(['Administrator', '陈客服'].sort());
		// a second tab of the same person counts once, with two connections
		const b2 = await open(agent);
		await emitAck(b2.s, 'subscribe', { incidentId: inc.id });
		await until(() => latest(a.seen, 'incident', inc.id)?.users.find((u) => u.name === '陈客服')?.connections === 2, 'second tab');
		const display = (await admin.call('POST', '/api/v1/display-tokens', { label: '大屏' })).body.token;
		const d = await open(admin, display);
		await emitAck(d.s, 'subscribe', { incidentId: inc.id });
		await until(() => latest(a.seen, 'incident', inc.id)?.displays === 1, 'display counted');
		expect(latest(a.seen, 'incident', inc.id)!.users).toHaveLength(2);
		// leaving: one tab unsubscribes, the other disconnects
		await emitAck(b.s, 'unsubscribe', { incidentId: inc.id });
		b2.s.close();
		await until(() => latest(a.seen, 'incident', inc.id)?.users.length === 1, 'agent left');
	});

	it('shows who is in the war room (dashboard)', async () => {
		const a = await open(admin);
		await emitAck(a.s, 'subscribe', { scope: 'dashboard' });
		const b = await open(agent);
		await emitAck(b.s, 'subscribe', { scope: 'dashboard' });
		await until(() => latest(a.seen, 'warroom')?.users.some((u) => u.name === '陈客服') ?? false, 'agent in war room');
		b.s.close();
		await until(() => !(latest(a.seen, 'warroom')?.users.some((u) => u.name === '陈客服') ?? true), 'agent left war room');
	});

	it('review meeting: who edits which post-mortem field and what they typed reaches the others, not themselves; leaving clears it', async () => {
		const inc = (await admin.call('POST', '/api/v1/incidents', { title: '手机电池鼓包', category: 'product_quality' })).body;
		const viewer = (await createUsers(admin, [['viewer@example.com', '只读 周', ['viewer'], []]])).clients[0];
		const a = await open(admin);
		const b = await open(agent);
		const v = await open(viewer);
		const got = { a: [] as any[], b: [] as any[], v: [] as any[] };
		a.s.on('review.editing', (m: any) => got.a.push(m));
		b.s.on('review.editing', (m: any) => got.b.push(m));
		v.s.on('review.editing', (m: any) => got.v.push(m));
		// not following the incident yet: refused
		expect(await emitAck(b.s, 'review.editing', { incidentId: inc.id, field: 'what' })).toMatchObject({ ok: false, error: { code: 'not_subscribed' } });
		for (const x of [a, b, v]) await emitAck(x.s, 'subscribe', { incidentId: inc.id });
		expect(await emitAck(b.s, 'review.editing', { incidentId: inc.id, field: 'what', text: '50 台手机电池鼓包' })).toEqual({ ok: true });
		await until(() => got.a.length === 1 && got.v.length === 1, 'relayed to the others');
		expect(got.a[0]).toMatchObject({ incidentId: inc.id, field: 'what', text: '50 台手机电池鼓包', user: { name: '陈客服' }, socketId: b.s.id });
		expect(got.b).toHaveLength(0);
		// bad fields and read-only users are refused, and nothing is relayed
		expect(await emitAck(b.s, 'review.editing', { incidentId: inc.id, field: 'incident.level' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
		expect(await emitAck(v.s, 'review.editing', { incidentId: inc.id, field: 'where' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		// a tab that joins mid-meeting (the presenter's screen) hears the current editor at once, text included,
		// though the editor says nothing more (in the browser the next heartbeat would be 15 s away)
		const late = await open(admin);
		const gotLate: any[] = [];
		late.s.on('review.editing', (m: any) => gotLate.push(m));
		await emitAck(late.s, 'subscribe', { incidentId: inc.id });
		await until(() => gotLate.length === 1, 'current editor replayed to the late joiner');
		expect(gotLate[0]).toMatchObject({ incidentId: inc.id, field: 'what', text: '50 台手机电池鼓包', user: { name: '陈客服' }, socketId: b.s.id });
		// a vanished tab is announced as no longer editing
		b.s.close();
		await until(() => got.a.length === 2, 'cleared on disconnect');
		expect(got.a[1]).toMatchObject({ field: null, socketId: got.a[0].socketId });
		expect(got.a).toHaveLength(2);
		await until(() => gotLate.length === 2, 'late joiner hears the editor leave');
		// who stopped editing is not replayed, who still edits is: a later joiner hears the admin only
		expect(await emitAck(a.s, 'review.editing', { incidentId: inc.id, field: 'where' })).toEqual({ ok: true });
		const later = await open(admin);
		const gotLater: any[] = [];
		later.s.on('review.editing', (m: any) => gotLater.push(m));
		expect(await emitAck(later.s, 'subscribe', { incidentId: inc.id })).toMatchObject({ ok: true });
		await until(() => gotLater.length >= 1, 'the admin replayed');
		// the replay is emitted in one go: one more round trip on this socket and nothing else can be in flight
		await emitAck(later.s, 'review.editing', { incidentId: inc.id, field: null });
		expect(gotLater.map((m) => [m.socketId, m.field])).toEqual([[a.s.id, 'where']]);
	});
});
