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
		expect(latest(a.seen, 'incident', inc.id)!.users.map((u) => u.name).sort()).toEqual(['Administrator', '陈客服'].sort());
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
});
