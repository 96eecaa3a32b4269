// Follow-up through the API: confirmations, surveys (satisfied = mean ≥ 4), the rate against the
// level's target, and re-follow-up tasks for unsatisfied customers when the rate is below target.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient, createUsers } from '../support/client';

describe.each(DRIVERS)('Follow-up on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let agent: ApiClient;

	beforeAll(async () => {
		ctx = await startServer(driver);
		admin = await ApiClient.login(ctx.server.url);
		[agent] = (await createUsers(admin, [['agent@example.com', '陈客服', ['responder'], ['customer_service']]])).clients;
	});
	afterAll(async () => {
		await ctx?.close();
	});

	async function resolvedIncident(n: number) {
		const inc = (await admin.call('POST', '/api/v1/incidents', { title: '门店服务', category: 'service_failure' })).body;
		const items = (
			await agent.call(
				'POST',
				`/api/v1/incidents/${inc.id}/customers`,
				Array.from({ length: n }, (_, i) => ({ name: `客户${i + 1}` }))
			)
		).body.items;
		// no notice is published in this test: the lead moves on with a recorded reason
		expect((await admin.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase: 'containment', overrideReason: 'test setup: the notice is not this test’s subject' })).status).toBe(200);
		for (const c of items) await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${c.id}/contacts`, { apologized: true, explained: true, needAsked: false });
		expect((await admin.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase: 'resolution' })).status).toBe(200);
		return { inc, items };
	}

	it('a survey before resolution is refused; 4 of 5 satisfied meets level 3 (80 %) and opens no task', async () => {
		const inc = (await admin.call('POST', '/api/v1/incidents', { title: 'early', category: 'service_failure' })).body;
		const c = (await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: 'x' }])).body.items[0];
		expect((await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${c.id}/survey`, { speed: 5, result: 5, attitude: 5 })).status).toBe(409);

		const { inc: i2, items } = await resolvedIncident(5);
		const ratings = [
			[5, 5, 5],
			[4, 4, 4],
			[5, 4, 3],
			[4, 5, 4],
			[2, 3, 3]
		];
		let last: any;
		for (const [k, [speed, result, attitude]] of ratings.entries()) {
			last = await agent.call('POST', `/api/v1/incidents/${i2.id}/customers/${items[k].id}/survey`, { speed, result, attitude });
			expect(last.status).toBe(201);
		}
		expect(last.body.satisfaction).toMatchObject({ surveyed: 5, satisfied: 4, rate: 0.8, target: 0.8, met: true, followUps: [] });
		expect((await agent.call('POST', `/api/v1/incidents/${i2.id}/customers/${items[0].id}/survey`, { speed: 6, result: 0, attitude: 3 })).body.error.details.map((d: any) => d.field).sort()).toEqual([
			'result',
			'speed'
		]);
	});

	it('below target, every unsatisfied customer gets one re-follow-up task; closing it is recorded', async () => {
		const { inc, items } = await resolvedIncident(4);
		const r1 = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${items[0].id}/survey`, { speed: 5, result: 5, attitude: 5, suggestion: '很好' });
		expect(r1.body.satisfaction.followUps).toHaveLength(0);
		await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${items[1].id}/survey`, { speed: 2, result: 2, attitude: 3 });
		const r3 = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${items[2].id}/survey`, { speed: 3, result: 2, attitude: 4 });
		const s = r3.body.satisfaction;
		expect(s).toMatchObject({ surveyed: 3, satisfied: 1, met: false });
		expect(s.followUps.map((f: any) => f.position).sort()).toEqual([2, 3]);
		expect(s.followUps[0]).toMatchObject({ status: 'open', owner: { name: '陈客服' } });
		expect(Date.parse(s.followUps[0].dueAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
		// a re-survey of the same customer does not open a second task
		const again = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${items[1].id}/survey`, { speed: 1, result: 1, attitude: 1 });
		expect(again.body.satisfaction.followUps).toHaveLength(2);
		const done = await agent.call('POST', `/api/v1/incidents/${inc.id}/follow-ups/${s.followUps[0].id}/done`, { note: '再次补偿 50 元优惠券' });
		expect(done.body.satisfaction.followUps.find((f: any) => f.id === s.followUps[0].id)).toMatchObject({ status: 'done', note: '再次补偿 50 元优惠券' });
		const conf = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${items[0].id}/confirmation`, { result: 'satisfied', method: 'app' });
		expect(conf.status).toBe(201);
		expect(conf.body.satisfaction.confirmations).toEqual({ satisfied: 1, neutral: 0, unsatisfied: 0 });
		const types = (await agent.call('GET', `/api/v1/incidents/${inc.id}/events`)).body.items.map((e: any) => e.type);
		expect(types.filter((t: string) => t === 'survey.recorded')).toHaveLength(4);
		expect(types).toEqual(expect.arrayContaining(['followup.opened', 'followup.done', 'confirmation.recorded']));
	});
});
