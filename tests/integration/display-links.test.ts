// Wall-display links through the API: listed with label, creator, created and last seen (never the
// secret), revoked by an admin or a lead — after which the link fails at once over HTTP (bearer
// and the display cookie the screen traded it for) and over the socket (cut, and refused again).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient, connected, createUsers } from '../support/client';

describe.each(DRIVERS)('Display links on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let lead: ApiClient;
	let responder: ApiClient;

	beforeAll(async () => {
		ctx = await startServer(driver);
		admin = await ApiClient.login(ctx.server.url);
		[lead, responder] = (
			await createUsers(admin, [
				['lead@example.com', '王指挥', ['lead'], ['customer_service']],
				['resp@example.com', '李工', ['responder'], ['tech_support']]
			])
		).clients;
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('a lead lists the links (label, creator, created, last seen; no secret) and revokes one: HTTP and socket stop at once', async () => {
		const created = await lead.call('POST', '/api/v1/display-tokens', { label: '三楼大屏' });
		expect(created.status).toBe(201);
		const other = (await admin.call('POST', '/api/v1/display-tokens', { label: 'Lobby' })).body;
		const wall = new ApiClient(ctx.server.url, created.body.token);

		const before = (await lead.call('GET', '/api/v1/display-tokens')).body.items;
		expect(before.find((l: any) => l.id === created.body.id)).toMatchObject({ label: '三楼大屏', createdBy: { name: '王指挥' }, lastSeenAt: null, revokedAt: null });
		expect(JSON.stringify(before)).not.toContain(created.body.token);
		expect((await responder.call('GET', '/api/v1/display-tokens')).status).toBe(403);

		// the screen trades the token for its cookie and reads; it is then seen
		const session = await fetch(`${ctx.server.url}/api/v1/display-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: created.body.token }) });
		expect(session.status).toBe(200);
		const cookie = session.headers.get('set-cookie')!.split(';')[0];
		const withCookie = () => fetch(`${ctx.server.url}/api/v1/incidents`, { headers: { cookie } }).then((r) => r.status);
		expect(await withCookie()).toBe(200);
		expect((await wall.call('GET', '/api/v1/incidents')).status).toBe(200);
		const seen = (await lead.call('GET', '/api/v1/display-tokens')).body.items.find((l: any) => l.id === created.body.id);
		expect(Date.parse(seen.lastSeenAt)).toBeGreaterThan(Date.parse(seen.createdAt) - 1000);

		const socket = wall.socket();
		await connected(socket);
		const gone = new Promise<number>((resolve) => socket.on('disconnect', () => resolve(Date.now())));
		const t0 = Date.now();
		const revoked = await lead.call('DELETE', `/api/v1/display-tokens/${created.body.id}`);
		expect(revoked.status).toBe(200);
		expect(revoked.body).toMatchObject({ id: created.body.id, label: '三楼大屏' });
		expect(revoked.body.revokedAt).toBeTruthy();
		expect((await gone) - t0).toBeLessThan(1000);

		// HTTP: bearer, cookie and a fresh trade all refused; the socket cannot come back
		expect((await wall.call('GET', '/api/v1/incidents')).status).toBe(401);
		expect(await withCookie()).toBe(401);
		expect((await wall.call('POST', '/api/v1/display-session', { token: created.body.token })).status).toBe(401);
		const again = wall.socket();
		await expect(connected(again)).rejects.toThrow();
		again.close();

		// revoked once; the other link still works; the list keeps the revoked one, marked
		expect((await lead.call('DELETE', `/api/v1/display-tokens/${created.body.id}`)).status).toBe(404);
		expect((await new ApiClient(ctx.server.url, other.token).call('GET', '/api/v1/incidents')).status).toBe(200);
		const after = (await admin.call('GET', '/api/v1/display-tokens')).body.items;
		expect(after.find((l: any) => l.id === created.body.id).revokedAt).toBe(revoked.body.revokedAt);
		expect(after.find((l: any) => l.id === other.id).revokedAt).toBeNull();
		// a responder cannot revoke; a session's or an integration's id is not a display link
		expect((await responder.call('DELETE', `/api/v1/display-tokens/${other.id}`)).status).toBe(403);
		const integration = (await admin.call('POST', '/api/v1/integration-tokens', { name: 'BI', role: 'viewer' })).body;
		expect((await admin.call('DELETE', `/api/v1/display-tokens/${integration.id}`)).status).toBe(404);
	});
});
