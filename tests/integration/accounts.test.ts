// Account changes by an admin (PATCH /api/v1/users/{uid}) and sign-out take effect at once: the
// account's sockets are cut within a second, reconnect with the new identity (or are refused), and a
// disabled account's tokens and sessions stop working. The last active admin cannot be removed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Socket } from 'socket.io-client';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient, connected, createUsers, emitAck } from '../support/client';

/** Resolves with the time (ms) from `start` to the socket's disconnect, or rejects after `limitMs`. */
function disconnectedWithin(socket: Socket, limitMs: number): { start(): void; done: Promise<{ ms: number; reason: string }> } {
	let t0 = 0;
	const done = new Promise<{ ms: number; reason: string }>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`socket still connected ${limitMs} ms after the change`)), limitMs + 5000);
		socket.once('disconnect', (reason) => {
			clearTimeout(timer);
			resolve({ ms: Date.now() - t0, reason });
		});
	});
	return { start: () => (t0 = Date.now()), done };
}

/** Signs in through the login form, as a browser does: the session cookie ("name=value"). */
async function browserSession(base: string, email: string, password: string): Promise<string> {
	const res = await fetch(`${base}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: base },
		body: new URLSearchParams({ email, password })
	});
	expect(res.status).toBe(303);
	const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
	expect(cookie).toMatch(/^warroom_session=wrs_/);
	return cookie;
}

describe.each(DRIVERS)('Account changes on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let adminId: string;
	const sockets: Socket[] = [];
	const track = (s: Socket) => (sockets.push(s), s);

	beforeAll(async () => {
		ctx = await startServer(driver);
		admin = await ApiClient.login(ctx.server.url);
		adminId = (await admin.call('GET', '/api/v1/me')).body.id;
	});
	afterAll(async () => {
		sockets.forEach((s) => s.close());
		await ctx?.close();
	});

	it('validates the change: 400 naming each field, 404 for no such user, 403 for non-admins', async () => {
		const { clients, ids } = await createUsers(admin, [['v1@example.com', 'Val', ['lead'], ['pr']]]);
		const bad = await admin.call('PATCH', `/api/v1/users/${ids[0]}`, { roles: ['boss'], groups: ['kitchen'], disabled: 'yes', name: '', email: 'x@example.com' });
		expect(bad.status).toBe(400);
		expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['disabled', 'email', 'groups.0', 'name', 'roles.0']);
		const empty = await admin.call('PATCH', `/api/v1/users/${ids[0]}`, {});
		expect(empty.status).toBe(400);
		expect(empty.body.error.message).toContain('at least one');
		expect((await admin.call('PATCH', `/api/v1/users/${ids[0]}`, { roles: [] })).body.error.details[0].field).toBe('roles');
		expect((await admin.call('PATCH', '/api/v1/users/00000000-0000-0000-0000-000000000000', { name: 'Nobody' })).status).toBe(404);
		expect((await clients[0].call('PATCH', `/api/v1/users/${ids[0]}`, { roles: ['admin'] })).status).toBe(403);
		// nothing changed by the rejected requests
		const me = await clients[0].call('GET', '/api/v1/me');
		expect(me.body).toMatchObject({ name: 'Val', roles: ['lead'], groups: ['pr'] });
		const ok = await admin.call('PATCH', `/api/v1/users/${ids[0]}`, { name: '  Valerie ', groups: ['pr', 'legal', 'pr'] });
		expect(ok.status).toBe(200);
		expect(ok.body).toMatchObject({ id: ids[0], name: 'Valerie', roles: ['lead'], groups: ['pr', 'legal'], disabled: false });
	});

	it('never leaves the system without an active admin (409), and allows it once there is another', async () => {
		const demote = await admin.call('PATCH', `/api/v1/users/${adminId}`, { roles: ['lead'] });
		expect(demote.status).toBe(409);
		expect(demote.body.error.code).toBe('conflict');
		expect(demote.body.error.message).toMatch(/last active admin/);
		const disable = await admin.call('PATCH', `/api/v1/users/${adminId}`, { disabled: true });
		expect(disable.status).toBe(409);
		expect(disable.body.error.message).toMatch(/Cannot disable the last active admin/);
		expect((await admin.call('GET', '/api/v1/me')).body.roles).toContain('admin');

		const { clients, ids } = await createUsers(admin, [['second-admin@example.com', 'Second admin', ['admin'], []]]);
		// two admins demoting each other at the same moment: exactly one succeeds (the other gets 409,
		// or 403 when its own demotion committed before its request was authorised)
		const [a, b] = await Promise.all([admin.call('PATCH', `/api/v1/users/${ids[0]}`, { roles: ['viewer'] }), clients[0].call('PATCH', `/api/v1/users/${adminId}`, { roles: ['lead'] })]);
		expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
		expect([a.status, b.status].find((s) => s !== 200)).toBeOneOf([403, 409]);
		if (b.status === 200) {
			expect((await clients[0].call('PATCH', `/api/v1/users/${adminId}`, { roles: ['admin', 'lead'] })).status).toBe(200);
			expect((await admin.call('PATCH', `/api/v1/users/${ids[0]}`, { roles: ['viewer'] })).status).toBe(200);
		}
		const users = (await admin.call('GET', '/api/v1/users')).body.items as { id: string; roles: string[] }[];
		expect(users.filter((u) => u.roles.includes('admin')).map((u) => u.id)).toEqual([adminId]);
	});

	it('a role change cuts the user’s sockets within 1 s; they reconnect with the new role; others keep theirs', async () => {
		const { clients, ids } = await createUsers(admin, [
			['r1@example.com', 'Responder', ['responder'], ['tech_support']],
			['r2@example.com', 'Bystander', ['responder'], ['tech_support']]
		]);
		const [user, bystander] = clients;
		const inc = (await admin.call('POST', '/api/v1/incidents', { title: 'Role change', category: 'product_quality' })).body;
		const s1 = track(user.socket());
		const s2 = track(user.socket());
		const other = track(bystander.socket());
		await Promise.all([connected(s1), connected(s2), connected(other)]);
		await emitAck(s1, 'subscribe', { incidentId: inc.id });
		expect((await emitAck(s1, 'review.editing', { incidentId: inc.id, field: 'what' })).ok).toBe(true);

		const w1 = disconnectedWithin(s1, 1000);
		const w2 = disconnectedWithin(s2, 1000);
		w1.start();
		w2.start();
		const r = await admin.call('PATCH', `/api/v1/users/${ids[0]}`, { roles: ['viewer'] });
		expect(r.status).toBe(200);
		const [d1, d2] = await Promise.all([w1.done, w2.done]);
		expect(d1.reason).toBe('io server disconnect');
		expect(Math.max(d1.ms, d2.ms)).toBeLessThan(1000);
		expect(other.connected).toBe(true);

		// the same bearer token now acts as a viewer, on HTTP and on a new socket
		expect((await user.call('GET', '/api/v1/me')).body.roles).toEqual(['viewer']);
		expect((await user.call('PATCH', `/api/v1/incidents/${inc.id}`, { version: inc.version, title: 'x' })).status).toBe(403);
		const again = track(user.socket());
		await connected(again);
		await emitAck(again, 'subscribe', { incidentId: inc.id });
		const ack = await emitAck(again, 'review.editing', { incidentId: inc.id, field: 'what' });
		expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });

		// a change of groups cuts too (groups decide seats, duties and personal data)
		const w3 = disconnectedWithin(again, 1000);
		w3.start();
		await admin.call('PATCH', `/api/v1/users/${ids[0]}`, { groups: ['customer_service'] });
		expect((await w3.done).ms).toBeLessThan(1000);
		// a name-only change does not
		const s4 = track(user.socket());
		await connected(s4);
		await admin.call('PATCH', `/api/v1/users/${ids[0]}`, { name: 'Renamed' });
		// a cut is sent before the PATCH answers; a round trip on the socket after it proves none came
		expect((await emitAck(s4, 'subscribe', { scope: 'dashboard' })).ok).toBe(true);
		expect(s4.connected).toBe(true);
	});

	it('disabling cuts sockets within 1 s, refuses reconnection, and stops its tokens and sessions at once', async () => {
		const { clients, ids } = await createUsers(admin, [['gone@example.com', 'Leaver', ['lead'], ['leadership']]]);
		const [user] = clients;
		const cookie = await browserSession(ctx.server.url, 'gone@example.com', 'password-123');
		const bearerSocket = track(user.socket());
		const cookieSocket = track(user.socket(undefined, { auth: {}, extraHeaders: { cookie } }));
		await Promise.all([connected(bearerSocket), connected(cookieSocket)]);
		expect((await user.call('GET', '/api/v1/incidents')).status).toBe(200);

		const w1 = disconnectedWithin(bearerSocket, 1000);
		const w2 = disconnectedWithin(cookieSocket, 1000);
		w1.start();
		w2.start();
		const r = await admin.call('PATCH', `/api/v1/users/${ids[0]}`, { disabled: true });
		expect(r.status).toBe(200);
		expect(r.body.disabled).toBe(true);
		const [d1, d2] = await Promise.all([w1.done, w2.done]);
		expect(Math.max(d1.ms, d2.ms)).toBeLessThan(1000);

		const bearer = await user.call('GET', '/api/v1/incidents');
		expect(bearer.status).toBe(401);
		expect((await fetch(`${ctx.server.url}/api/v1/me`, { headers: { cookie } })).status).toBe(401);
		const page = await fetch(`${ctx.server.url}/warroom`, { headers: { cookie }, redirect: 'manual' });
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toMatch(/^\/login/);
		await expect(connected(track(user.socket()))).rejects.toThrow('unauthorized');
		await expect(connected(track(user.socket(undefined, { auth: {}, extraHeaders: { cookie } })))).rejects.toThrow('unauthorized');
		await expect(ApiClient.login(ctx.server.url, 'gone@example.com', 'password-123')).rejects.toThrow('401');

		// enabling again does not bring the old credentials back: the user signs in anew
		expect((await admin.call('PATCH', `/api/v1/users/${ids[0]}`, { disabled: false })).status).toBe(200);
		expect((await user.call('GET', '/api/v1/incidents')).status).toBe(401);
		const back = await ApiClient.login(ctx.server.url, 'gone@example.com', 'password-123');
		expect((await back.call('GET', '/api/v1/me')).body.name).toBe('Leaver');
	});

	it('signing out cuts that session’s sockets within 1 s, and only that session’s', async () => {
		await createUsers(admin, [['out@example.com', 'Signs out', ['responder'], ['logistics']]]);
		const first = await browserSession(ctx.server.url, 'out@example.com', 'password-123');
		const second = await browserSession(ctx.server.url, 'out@example.com', 'password-123');
		const c = new ApiClient(ctx.server.url);
		const s1 = track(c.socket(undefined, { auth: {}, extraHeaders: { cookie: first } }));
		const s2 = track(c.socket(undefined, { auth: {}, extraHeaders: { cookie: second } }));
		await Promise.all([connected(s1), connected(s2)]);

		const w = disconnectedWithin(s1, 1000);
		w.start();
		const out = await fetch(`${ctx.server.url}/logout`, {
			method: 'POST',
			redirect: 'manual',
			headers: { cookie: first, origin: ctx.server.url, 'content-type': 'application/x-www-form-urlencoded' },
			body: ''
		});
		expect(out.status).toBe(303);
		expect(out.headers.get('set-cookie')).toMatch(/warroom_session=;/);
		expect((await w.done).ms).toBeLessThan(1000);
		expect(s2.connected).toBe(true);
		expect((await fetch(`${ctx.server.url}/api/v1/me`, { headers: { cookie: first } })).status).toBe(401);
		expect((await fetch(`${ctx.server.url}/api/v1/me`, { headers: { cookie: second } })).status).toBe(200);
		await expect(connected(track(c.socket(undefined, { auth: {}, extraHeaders: { cookie: first } })))).rejects.toThrow('unauthorized');
	});
});
