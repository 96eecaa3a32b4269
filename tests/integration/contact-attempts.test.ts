// Contact attempts, not a switch (issue #17), through the API alone: a failed call leaves the
// customer's deadline running and its overdue alarm fires on time; "unreachable" is a decision,
// refused with its unmet conditions until 3 attempts on 2 channels have failed, taken by customer
// service or a lead with a reason, and cleared by a later reach. Real server, both drivers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Socket } from 'socket.io-client';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient, connected, createUsers, emitAck, waitFor } from '../support/client';

const MIN = 60_000;
type Ev = { incidentId: string; seq: number; type: string; at: string; data: any };

describe.each(DRIVERS)('contact attempts and the unreachable decision on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let lead: ApiClient;
	let agent: ApiClient;
	let tech: ApiClient;
	let watcher: ApiClient;
	const sockets: Socket[] = [];

	beforeAll(async () => {
		ctx = await startServer(driver);
		const admin = await ApiClient.login(ctx.server.url);
		const { clients } = await createUsers(admin, [
			['lead@example.com', '李总监', ['lead'], ['leadership']],
			['agent@example.com', '陈客服', ['responder'], ['customer_service']],
			['tech@example.com', '周工程师', ['responder'], ['tech_support']],
			['watcher@example.com', '只读客服', ['viewer'], ['customer_service']]
		]);
		[lead, agent, tech, watcher] = clients;
	});
	afterAll(async () => {
		sockets.forEach((s) => s.close());
		await ctx?.close();
	});

	async function declare() {
		const r = await lead.call('POST', '/api/v1/incidents', { title: '净水器漏水', category: 'product_quality' });
		expect(r.status).toBe(201);
		expect(r.body.level).toBe(3);
		return r.body;
	}
	async function listen(incident: { id: string; version: number }) {
		const s = agent.socket();
		sockets.push(s);
		await connected(s);
		const events: Ev[] = [];
		s.on('event', (e: Ev) => e.incidentId === incident.id && events.push(e));
		await emitAck(s, 'subscribe', { incidentId: incident.id, after: incident.version });
		return events;
	}

	it('a failed call leaves the customer pending and the overdue alarm fires on time', async () => {
		const inc = await declare();
		const events = await listen(inc);
		// level 3: two hours; B's deadline falls 4 s from now
		const added = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, [
			{ name: '刚登记', reportedAt: new Date().toISOString() },
			{ name: '快到期', reportedAt: new Date(Date.now() - 120 * MIN + 4000).toISOString() }
		]);
		expect(added.status).toBe(201);
		const [a, b] = added.body.items;
		expect(a).toMatchObject({ attempts: 0, failedAttempts: 0, channelsTried: [], unreachable: null });

		const r = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${a.id}/contacts`, { reached: false, note: '电话无人接听' });
		expect(r.status).toBe(201);
		expect(r.body).toMatchObject({ reached: false, channel: 'phone', outcome: 'no_answer' });
		expect(r.body.customer).toMatchObject({ contactDeadline: { status: 'pending' }, unreachableAt: null, unreachable: null, attempts: 1, failedAttempts: 1, channelsTried: ['phone'] });
		expect(r.body.incident.contact).toMatchObject({ total: 2, pending: 2, unreachable: 0, met: 0 });

		const rb = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${b.id}/contacts`, { channel: 'sms', outcome: 'switched_off' });
		expect(rb.status).toBe(201);
		expect(rb.body.customer.contactDeadline.status).toBe('due_soon');
		expect(rb.body.customer.unreachable).toBeNull();

		// the failed attempts are on the timeline as attempts, not as a reach or a decision
		await waitFor(events, (l) => l.filter((e) => e.type === 'customer.contact_attempted').length === 2, 'two attempts');
		const attempt = events.find((e) => e.type === 'customer.contact_attempted' && e.data.customerId === b.id)!;
		expect(attempt.data).toMatchObject({ position: 2, channel: 'sms', outcome: 'switched_off', failedAttempts: 1, status: 'due_soon', firstContact: false });
		expect(events.some((e) => e.type === 'customer.unreachable' || e.type === 'customer.contacted')).toBe(false);

		// B's deadline passes without a reach: its overdue alarm fires at the due moment
		await waitFor(events, (l) => l.some((e) => e.type === 'deadline.overdue'), 'the overdue alarm', 15_000);
		const overdue = events.find((e) => e.type === 'deadline.overdue')!;
		expect(overdue.data.deadlines.map((d: any) => d.customerId)).toEqual([b.id]);
		const late = Date.parse(overdue.data.firedAt) - Date.parse(b.contactDeadline.dueAt);
		expect(late).toBeGreaterThanOrEqual(0);
		expect(late).toBeLessThan(3000);
		const list = (await agent.call('GET', `/api/v1/incidents/${inc.id}/customers`)).body.items;
		expect(list.map((c: any) => c.contactDeadline.status)).toEqual(['pending', 'overdue']);
		expect(list[1]).toMatchObject({ attempts: 1, failedAttempts: 1, channelsTried: ['sms'] });
		const detail = (await agent.call('GET', `/api/v1/incidents/${inc.id}/customers/${b.id}`)).body;
		expect(detail.contacts).toMatchObject([{ reached: false, channel: 'sms', outcome: 'switched_off', by: { name: '陈客服' } }]);
	}, 60_000);

	it('the decision is refused with its conditions, then taken by customer service; a reach clears it', async () => {
		const inc = await declare();
		const events = await listen(inc);
		const c = (await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '联系不上', phone: '13912345678' }])).body.items[0];
		const contact = (body: Record<string, unknown>) => agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${c.id}/contacts`, body);
		const decide = (who: ApiClient, body: unknown, headers?: Record<string, string>) => who.call('POST', `/api/v1/incidents/${inc.id}/customers/${c.id}/unreachable`, body, headers);

		// reached and outcome that contradict: 400 naming outcome
		const contradiction = await contact({ reached: true, outcome: 'busy', apologized: true, explained: true, needAsked: false });
		expect(contradiction.status).toBe(400);
		expect(contradiction.body.error.details.map((d: any) => d.field)).toEqual(['outcome']);
		expect((await contact({ channel: 'fax', reached: false })).status).toBe(400);

		expect((await contact({ outcome: 'no_answer' })).status).toBe(201);
		let refused = await decide(agent, { reason: '多次联系无果' });
		expect(refused.status).toBe(409);
		expect(refused.body.error.code).toBe('gate_not_met');
		expect(refused.body.error.details.conditions.map((u: any) => u.key)).toEqual(['too_few_attempts', 'too_few_channels']);
		for (const u of refused.body.error.details.conditions) {
			expect(u.en).toBeTruthy();
			expect(u.zh).toBeTruthy();
		}
		expect(refused.body.error.details.unmet[0]).toBe('1 of at least 3 failed contact attempts recorded');

		expect((await contact({ channel: 'phone', outcome: 'busy' })).status).toBe(201);
		expect((await contact({ channel: 'phone', outcome: 'switched_off' })).status).toBe(201);
		// three attempts on one channel: still refused, now for the channels alone (in the caller's language)
		refused = await decide(agent, { reason: '多次联系无果' }, { 'accept-language': 'zh-CN' });
		expect(refused.status).toBe(409);
		expect(refused.body.error.details.conditions.map((u: any) => u.key)).toEqual(['too_few_channels']);
		expect(refused.body.error.details.unmet[0]).toContain('渠道');
		const third = await contact({ channel: 'sms', outcome: 'no_answer', note: '短信未回复' });
		expect(third.body.customer).toMatchObject({ attempts: 4, failedAttempts: 4, channelsTried: ['phone', 'sms'], contactDeadline: { status: 'pending' } });

		// a reason is required; only customer service and leads decide
		const empty = await decide(agent, { reason: '  ' });
		expect(empty.status).toBe(400);
		expect(empty.body.error.details.map((d: any) => d.field)).toEqual(['reason']);
		expect((await decide(agent, {})).status).toBe(400);
		expect((await decide(tech, { reason: '联系不上' })).status).toBe(403);
		expect((await decide(watcher, { reason: '联系不上' })).status).toBe(403);

		const decided = await decide(agent, { reason: '电话关机、短信未回复,客户出国' });
		expect(decided.status).toBe(200);
		expect(decided.body).toMatchObject({
			id: c.id,
			contactDeadline: { status: 'unreachable' },
			unreachable: { reason: '电话关机、短信未回复,客户出国', by: { name: '陈客服' } },
			failedAttempts: 4
		});
		expect(decided.body.unreachableAt).toBe(decided.body.unreachable.at);
		expect(decided.body.incident.contact).toMatchObject({ total: 1, unreachable: 1, pending: 0, nextDueAt: null });
		await waitFor(events, (l) => l.some((e) => e.type === 'customer.unreachable'), 'the decision');
		const ev = events.find((e) => e.type === 'customer.unreachable')!;
		expect(ev.data).toMatchObject({ customerId: c.id, status: 'unreachable', reason: '电话关机、短信未回复,客户出国', by: { name: '陈客服' }, failedAttempts: 4, channelsTried: ['phone', 'sms'] });
		// the decision satisfies the gate into resolution (containment is passed with a lead's reason here, whatever its own gate asks)
		expect((await lead.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase: 'containment', overrideReason: 'not under test' })).status).toBe(200);
		const resolution = await lead.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase: 'resolution' });
		expect(resolution.status).toBe(200);
		expect(resolution.body.phase).toBe('resolution');
		// taken once
		expect((await decide(lead, { reason: 'again' })).status).toBe(409);
		const listed = (await lead.call('GET', `/api/v1/incidents/${inc.id}/customers?status=unreachable`)).body.items;
		expect(listed.map((x: any) => x.id)).toEqual([c.id]);

		// a reach clears the decision and settles the deadline (in time: met)
		const reach = await contact({ channel: 'app', outcome: 'reached', apologized: true, explained: true, needAsked: false });
		expect(reach.status).toBe(201);
		expect(reach.body.customer).toMatchObject({ contactDeadline: { status: 'met' }, unreachable: null, unreachableAt: null, attempts: 5, failedAttempts: 4, channelsTried: ['phone', 'sms', 'app'] });
		expect(reach.body.incident.contact).toMatchObject({ met: 1, unreachable: 0 });
		await waitFor(events, (l) => l.some((e) => e.type === 'customer.contacted'), 'the reach');
		expect(events.find((e) => e.type === 'customer.contacted')!.data).toMatchObject({ firstContact: true, status: 'met' });
		// nothing left to decide
		const after = await decide(lead, { reason: 'too late' });
		expect(after.status).toBe(409);
		expect(after.body.error.code).toBe('conflict');
	});

	it('a lead outside customer service decides too; a reach after the deadline is met late', async () => {
		const inc = await declare();
		const c = (await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '海外客户', reportedAt: new Date(Date.now() - 3 * 60 * MIN).toISOString() }])).body.items[0];
		for (const [channel, outcome] of [
			['phone', 'no_answer'],
			['sms', 'no_answer'],
			['in_person', 'other']
		])
			expect((await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${c.id}/contacts`, { channel, outcome })).body.customer.contactDeadline.status).toBe('overdue');
		const decided = await lead.call('POST', `/api/v1/incidents/${inc.id}/customers/${c.id}/unreachable`, { reason: '上门无人' });
		expect(decided.status).toBe(200);
		expect(decided.body.unreachable.by.name).toBe('李总监');
		const reach = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${c.id}/contacts`, { reached: true, apologized: true, explained: true, needAsked: false });
		expect(reach.body.customer).toMatchObject({ contactDeadline: { status: 'met_late' }, unreachable: null });
	});
});
