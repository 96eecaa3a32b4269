// A time "when it happened" cannot lie in the future (issue #19): `identifiedAt` on declaring,
// on an alert that declares, and on editing is refused beyond a 5-minute allowance for clock skew,
// by the server's clock (injected here: it runs two hours behind the machine's).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startServer } from '../support/server';
import { ApiClient } from '../support/client';

const MIN = 60_000;

describe('identifiedAt in the future', () => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let lead: ApiClient;
	/** The server's time now (its clock is injected: two hours behind this machine's). */
	const serverNow = async () => Date.parse((await lead.call('GET', '/api/v1/time')).body.now);
	const iso = (ms: number) => new Date(ms).toISOString();

	beforeAll(async () => {
		ctx = await startServer('pglite', { env: { WARROOM_CLOCK_OFFSET_MS: String(-120 * MIN) } });
		lead = await ApiClient.login(ctx.server.url);
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('declaring: refused beyond 5 minutes ahead of the server, naming the field and the value; within the allowance accepted', async () => {
		const now = await serverNow();
		expect(Math.abs(now - (Date.now() - 120 * MIN))).toBeLessThan(MIN); // the injected clock is in force
		// an hour ahead of the server (though in this machine's past)
		const ahead = iso(now + 60 * MIN);
		const r = await lead.call('POST', '/api/v1/incidents', { title: '未来的事件', category: 'service_failure', identifiedAt: ahead });
		expect(r.status).toBe(400);
		expect(r.body.error.code).toBe('invalid_input');
		expect(r.body.error.message).toContain('identifiedAt');
		expect(r.body.error.message).toContain(ahead);
		expect(r.body.error.details).toEqual([{ field: 'identifiedAt', value: ahead, code: 'future', message: 'cannot be in the future' }]);
		// an alert from another system that would declare is held to the same rule
		const alert = await lead.call('POST', '/api/v1/inbound/alerts', { system: 'monitor', externalId: 'future-1', title: '未来的告警', category: 'service_failure', identifiedAt: ahead });
		expect(alert.status).toBe(400);
		expect(alert.body.error.details[0]).toMatchObject({ field: 'identifiedAt', value: ahead });
		// nothing was declared
		const list = await lead.call('GET', '/api/v1/incidents');
		expect(list.body.items.filter((i: { title: string }) => i.title.startsWith('未来的'))).toEqual([]);
		// a client clock 4 minutes ahead is skew, not the future
		const skewed = await lead.call('POST', '/api/v1/incidents', { title: '时钟略快的客户端', category: 'service_failure', identifiedAt: iso(now + 4 * MIN) });
		expect(skewed.status).toBe(201);
	});

	it('editing: a new identifiedAt in the future is refused and changes nothing; an earlier one is accepted', async () => {
		const now = await serverNow();
		const declared = (await lead.call('POST', '/api/v1/incidents', { title: '更正识别时间', category: 'service_failure', identifiedAt: iso(now - 30 * MIN) })).body;
		const ahead = iso(now + 30 * MIN);
		const r = await lead.call('PATCH', `/api/v1/incidents/${declared.id}`, { version: declared.version, identifiedAt: ahead });
		expect(r.status).toBe(400);
		expect(r.body.error.details).toEqual([{ field: 'identifiedAt', value: ahead, code: 'future', message: 'cannot be in the future' }]);
		const still = (await lead.call('GET', `/api/v1/incidents/${declared.id}`)).body;
		expect(still.identifiedAt).toBe(declared.identifiedAt);
		expect(still.version).toBe(declared.version);
		// corrected to an earlier time: fine
		const earlier = await lead.call('PATCH', `/api/v1/incidents/${declared.id}`, { version: declared.version, identifiedAt: iso(now - 45 * MIN), title: '更正识别时间（已改）' });
		expect(earlier.status).toBe(200);
		expect(earlier.body.identifiedAt).toBe(iso(now - 45 * MIN));
	});
});
