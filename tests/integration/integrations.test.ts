// Integrations through the API: integration tokens (a role, last used, revoked at once — sockets
// too), inbound alerts that declare once however often they are sent, rate limits (429 with
// Retry-After) and the JSON body limit (413).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DRIVERS, TestServer, startServer } from '../support/server';
import { ApiClient, connected, createUsers } from '../support/client';

describe.each(DRIVERS)('Integration tokens and inbound alerts on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let lead: ApiClient;

	beforeAll(async () => {
		ctx = await startServer(driver);
		admin = await ApiClient.login(ctx.server.url);
		[lead] = (await createUsers(admin, [['lead@example.com', '王指挥', ['lead'], ['customer_service']]])).clients;
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('an admin creates a named token with a role; it works at once, shows when it was last used, and revocation cuts it and its socket within 1 s', async () => {
		expect((await lead.call('POST', '/api/v1/integration-tokens', { name: 'Zendesk', role: 'lead' })).status).toBe(403);
		expect((await admin.call('POST', '/api/v1/integration-tokens', { name: '', role: 'root' })).body.error.details.map((d: any) => d.field).sort()).toEqual(['name', 'role']);
		const created = await admin.call('POST', '/api/v1/integration-tokens', { name: 'Zendesk 客服系统', role: 'lead' });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ name: 'Zendesk 客服系统', role: 'lead', lastUsedAt: null, revokedAt: null });
		const zendesk = new ApiClient(ctx.server.url, created.body.token);
		const inc = await zendesk.call('POST', '/api/v1/incidents', { title: '工单激增:星耀X20 无法开机', category: 'product_quality' });
		expect(inc.status).toBe(201);
		// the timeline names the integration as the actor
		const events = (await admin.call('GET', `/api/v1/incidents/${inc.body.id}/events`)).body.items;
		expect(events[0].actor.name).toBe('Zendesk 客服系统');
		const listed = (await admin.call('GET', '/api/v1/integration-tokens')).body.items.find((t: any) => t.id === created.body.id);
		expect(listed.lastUsedAt).toBeTruthy();
		expect(JSON.stringify(listed)).not.toContain(created.body.token);
		// a viewer token reads but cannot declare
		const viewer = new ApiClient(ctx.server.url, (await admin.call('POST', '/api/v1/integration-tokens', { name: 'BI', role: 'viewer' })).body.token);
		expect((await viewer.call('GET', '/api/v1/incidents')).status).toBe(200);
		expect((await viewer.call('POST', '/api/v1/incidents', { title: 'x', category: 'product_quality' })).status).toBe(403);

		const socket = zendesk.socket();
		await connected(socket);
		const gone = new Promise<number>((resolve) => socket.on('disconnect', () => resolve(Date.now())));
		const t0 = Date.now();
		expect((await admin.call('DELETE', `/api/v1/integration-tokens/${created.body.id}`)).body.revokedAt).toBeTruthy();
		expect((await gone) - t0).toBeLessThan(1000);
		expect((await zendesk.call('GET', '/api/v1/incidents')).status).toBe(401);
		expect((await admin.call('DELETE', `/api/v1/integration-tokens/${created.body.id}`)).status).toBe(404);
	});

	it('the same inbound alert sent twice — and twice at once — makes one incident; a repeat updates it and may escalate it', async () => {
		const alert = { system: 'prometheus', externalId: 'batch-2611-swelling', title: '电池鼓包投诉激增', category: 'product_quality', inputs: { estimatedAffectedCustomers: 12 } };
		const first = await lead.call('POST', '/api/v1/inbound/alerts', alert);
		expect(first.status).toBe(201);
		expect(first.body).toMatchObject({ created: true, level: 2 });
		const again = await lead.call('POST', '/api/v1/inbound/alerts', { ...alert, inputs: { estimatedAffectedCustomers: 150 } });
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ id: first.body.id, created: false, level: 1 });
		const racing = await Promise.all([1, 2, 3].map(() => lead.call('POST', '/api/v1/inbound/alerts', { ...alert, externalId: 'courier-stall-east' })));
		expect(racing.map((r) => r.status).sort()).toEqual([200, 200, 201]);
		expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
		const all = (await lead.call('GET', '/api/v1/incidents')).body.items.filter((i: any) => i.title === '电池鼓包投诉激增');
		expect(all).toHaveLength(2);
		expect((await lead.call('POST', '/api/v1/inbound/alerts', { ...alert, system: 'bad system!' })).body.error.details[0].field).toBe('system');
	});
});

describe('Rate and size limits', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await new TestServer({ env: { WARROOM_API_RATE_LIMIT: '8', WARROOM_TOKEN_RATE_LIMIT: '2', WARROOM_JSON_LIMIT_BYTES: '2048' } }).start();
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('token creation, API calls and JSON bodies are limited with 429 + Retry-After and 413', async () => {
		const a = await ApiClient.login(server.url);
		await ApiClient.login(server.url);
		const third = await new ApiClient(server.url).call('POST', '/api/v1/auth/token', { email: 'admin@example.com', password: 'admin-password-1' });
		expect(third.status).toBe(429);
		expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
		const big = await a.call('POST', '/api/v1/incidents', { title: '大'.repeat(100), category: 'product_quality', description: 'x'.repeat(3000) });
		expect(big.status).toBe(413);
		expect(big.body.error.code).toBe('too_large');
		let limited: Awaited<ReturnType<ApiClient['call']>> | undefined;
		for (let i = 0; i < 10 && !limited; i++) {
			const r = await a.call('GET', '/api/v1/incidents');
			if (r.status === 429) limited = r;
		}
		expect(limited?.body.error.code).toBe('rate_limited');
		expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
	});
});
