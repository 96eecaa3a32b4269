// The response group (应急小组) through api.md: seats convened by level, filled from users of the
// seat's group and acknowledged, extended in the same transaction as an escalation, duty
// checklists from the guide's role table, the response notice, and who may lower a level.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Socket } from 'socket.io-client';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient, connected, createUsers, emitAck, waitFor } from '../support/client';

type Ev = { incidentId: string; seq: number; type: string; data: any };

describe.each(DRIVERS)('Response group on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let gm: ApiClient; // lead, leadership group
	let manager: ApiClient; // lead, customer-service group
	let agent: ApiClient; // responder, customer service
	let tech: ApiClient; // responder, tech support
	const ids: Record<string, string> = {};
	const sockets: Socket[] = [];

	async function declare(body: Record<string, unknown> = {}) {
		const r = await manager.call('POST', '/api/v1/incidents', { title: '门店集中投诉', category: 'service_failure', ...body });
		expect(r.status).toBe(201);
		return r.body;
	}
	const seatOf = (resp: any, seat: string) => resp.seats.find((s: any) => s.seat === seat);

	beforeAll(async () => {
		ctx = await startServer(driver);
		admin = await ApiClient.login(ctx.server.url);
		const users = [
			['gm@example.com', '总经理 王', ['lead'], ['leadership']],
			['mgr@example.com', '客服经理 刘', ['lead'], ['customer_service']],
			['agent@example.com', '陈客服', ['responder'], ['customer_service']],
			['tech@example.com', '周工程师', ['responder'], ['tech_support']]
		] as const;
		const made = await createUsers(admin, users);
		users.forEach(([email], i) => (ids[email] = made.ids[i]));
		[gm, manager, agent, tech] = made.clients;
	});

	afterAll(async () => {
		sockets.forEach((s) => s.close());
		await ctx?.close();
	});

	it('a level-3 incident convenes the customer-service manager, customer service and tech support; the notice names them', async () => {
		const inc = await declare();
		expect(inc.level).toBe(3);
		expect(inc.seats).toEqual({ total: 3, filled: 0, acknowledged: 0 });
		const r = await agent.call('GET', `/api/v1/incidents/${inc.id}/response`);
		expect(r.status).toBe(200);
		expect(r.body.seats.map((s: any) => s.seat)).toEqual(['leader', 'customer_service', 'tech_support']);
		expect(seatOf(r.body, 'leader').title.zh).toBe('客服经理（负责）');
		expect(r.body.seats.every((s: any) => s.status === 'vacant' && s.required)).toBe(true);
		// only a lead of the customer-service group may lead a level-3 incident
		expect(seatOf(r.body, 'leader').candidates.map((c: any) => c.name)).toContain('客服经理 刘');
		expect(seatOf(r.body, 'leader').candidates.map((c: any) => c.name)).not.toContain('陈客服');
		expect(
			seatOf(r.body, 'customer_service')
				.candidates.map((c: any) => c.name)
				.sort()
		).toEqual(['客服经理 刘', '陈客服'].sort());
		expect(r.body.duties.map((d: any) => d.group)).toEqual(['customer_service', 'tech_support']);
		expect(r.body.duties[0].items[0].zh).toContain('客户沟通');
		expect(r.body.notice.zh).toContain(inc.code);
		expect(r.body.notice.zh).toContain('2 小时');
		expect(r.body.notice.en).toContain('Customer-service manager (leader): (vacant)');
	});

	it('members take their seats and acknowledge; leads assign others; wrong people are refused with reasons', async () => {
		const inc = await declare();
		const url = `/api/v1/incidents/${inc.id}/response/seats`;
		let r = await agent.call('PUT', `${url}/customer_service`, { userId: ids['agent@example.com'] });
		expect(r.status).toBe(200);
		expect(seatOf(r.body, 'customer_service')).toMatchObject({ status: 'assigned', user: { name: '陈客服' } });
		expect(r.body.incident.seats).toEqual({ total: 3, filled: 1, acknowledged: 0 });
		// someone else's seat cannot be acknowledged; one's own can
		expect((await tech.call('POST', `${url}/customer_service/acknowledge`)).status).toBe(403);
		r = await agent.call('POST', `${url}/customer_service/acknowledge`);
		expect(r.status).toBe(200);
		expect(seatOf(r.body, 'customer_service').status).toBe('acknowledged');
		// a responder cannot take a seat of another group, nor the leader seat, nor put others on seats
		r = await tech.call('PUT', `${url}/customer_service`, { userId: ids['tech@example.com'] });
		expect(r.status).toBe(403);
		r = await agent.call('PUT', `${url}/leader`, { userId: ids['agent@example.com'] });
		expect(r.status).toBe(400);
		expect(r.body.error.details[0].field).toBe('userId');
		expect((await agent.call('PUT', `${url}/tech_support`, { userId: ids['tech@example.com'] })).status).toBe(403);
		// a lead fills seats with users of the right group only
		r = await manager.call('PUT', `${url}/tech_support`, { userId: ids['agent@example.com'] });
		expect(r.status).toBe(400);
		expect(r.body.error.message).toContain('tech_support');
		r = await manager.call('PUT', `${url}/tech_support`, { userId: ids['tech@example.com'] });
		expect(r.status).toBe(200);
		r = await manager.call('PUT', `${url}/leader`, { userId: ids['mgr@example.com'] });
		expect(r.status).toBe(200);
		expect(r.body.summary).toEqual({ total: 3, filled: 3, acknowledged: 1, vacant: 0 });
		expect((await manager.call('PUT', `${url}/pr`, { userId: null })).status).toBe(404);
		expect((await manager.call('PUT', `${url}/leader`, { userId: 42 })).status).toBe(400);
		// the timeline has each step
		const types = (await agent.call('GET', `/api/v1/incidents/${inc.id}/events`)).body.items.map((e: any) => e.type);
		expect(types.filter((t: string) => t.startsWith('response.'))).toEqual(['response.seat_assigned', 'response.seat_acknowledged', 'response.seat_assigned', 'response.seat_assigned']);
	});

	it('a seat is never given to someone who could not acknowledge it: a viewer or a disabled account is no candidate and is refused by name', async () => {
		const made = await createUsers(admin, [
			['viewer-cs@example.com', '只读 孙', ['viewer'], ['customer_service']],
			['gone-cs@example.com', '离职 赵', ['responder'], ['customer_service']]
		]);
		const [viewerId, goneId] = made.ids;
		expect((await admin.call('PATCH', `/api/v1/users/${goneId}`, { disabled: true })).status).toBe(200);
		const inc = await declare();
		const r = await manager.call('GET', `/api/v1/incidents/${inc.id}/response`);
		// the seat picker offers neither
		const names = seatOf(r.body, 'customer_service').candidates.map((c: any) => c.name);
		expect(names).toContain('陈客服');
		expect(names).not.toContain('只读 孙');
		expect(names).not.toContain('离职 赵');
		for (const userId of [viewerId, goneId]) {
			const put = await manager.call('PUT', `/api/v1/incidents/${inc.id}/response/seats/customer_service`, { userId });
			expect(put.status).toBe(400);
			expect(put.body.error.code).toBe('invalid_input');
			expect(put.body.error.message).toContain(userId);
			expect(put.body.error.details).toEqual([expect.objectContaining({ field: 'userId', value: userId, code: 'cannot_hold_seat' })]);
		}
		const viewerPut = await manager.call('PUT', `/api/v1/incidents/${inc.id}/response/seats/customer_service`, { userId: viewerId });
		expect(viewerPut.body.error.details[0].message).toMatch(/viewer/);
		// the seat stays vacant and the timeline has nothing to show for it
		const after = await manager.call('GET', `/api/v1/incidents/${inc.id}/response`);
		expect(seatOf(after.body, 'customer_service').status).toBe('vacant');
	});

	it('escalation extends the group in the same transaction: the 10th customer adds logistics and a director, media adds leadership, QC, PR and legal', async () => {
		const inc = await declare();
		await manager.call('PUT', `/api/v1/incidents/${inc.id}/response/seats/leader`, { userId: ids['mgr@example.com'] });
		const s = agent.socket();
		sockets.push(s);
		await connected(s);
		const seen: Ev[] = [];
		s.on('event', (e: Ev) => e.incidentId === inc.id && seen.push(e));
		expect((await emitAck(s, 'subscribe', { incidentId: inc.id, after: inc.version + 1 })).ok).toBe(true);
		const rows = Array.from({ length: 10 }, (_, i) => ({ name: `客户${i + 1}` }));
		let r = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, rows);
		expect(r.body.incident.level).toBe(2);
		expect(r.body.incident.seats).toEqual({ total: 4, filled: 0, acknowledged: 0 });
		await waitFor(seen, (l) => l.some((e) => e.type === 'response.extended'), 'response.extended');
		const ext = seen.find((e) => e.type === 'response.extended')!;
		expect(ext.data.added.map((a: any) => a.seat)).toEqual(['logistics']);
		expect(ext.data.leader).toMatchObject({ zh: '客服总监（牵头）', previous: { name: '客服经理 刘' } });
		// the escalation and the extension are consecutive events of one change
		const lvl = seen.find((e) => e.type === 'incident.level_changed')!;
		expect(ext.seq).toBe(lvl.seq + 1);
		r = await agent.call('GET', `/api/v1/incidents/${inc.id}/response`);
		expect(seatOf(r.body, 'leader')).toMatchObject({ status: 'vacant', title: { en: 'Customer-service director (leader)' } });
		expect(r.body.notice.en).toContain('within 1 h');

		const version = (await agent.call('GET', `/api/v1/incidents/${inc.id}`)).body.version;
		r = await manager.call('PATCH', `/api/v1/incidents/${inc.id}`, { version, inputs: { mediaExposure: true } });
		expect(r.status).toBe(200);
		expect(r.body.level).toBe(1);
		r = await agent.call('GET', `/api/v1/incidents/${inc.id}/response`);
		expect(r.body.seats.map((x: any) => x.seat)).toEqual(['leader', 'leadership', 'customer_service', 'tech_support', 'quality_control', 'logistics', 'pr', 'legal']);
		expect(seatOf(r.body, 'leader')).toMatchObject({ group: 'leadership', title: { zh: '总经理（牵头）' } });
		const leaders = seatOf(r.body, 'leader').candidates.map((c: any) => c.name);
		expect(leaders).toContain('总经理 王');
		expect(leaders).not.toContain('客服经理 刘');
		expect(r.body.duties.map((d: any) => d.group)).toContain('pr');
		expect(r.body.notice.zh).toContain('30 分钟');
	});

	it('duty checklists: members of the group and leads tick items; others and bad items are refused', async () => {
		const inc = await declare();
		const url = `/api/v1/incidents/${inc.id}/response/duties`;
		let r = await agent.call('PUT', `${url}/customer_service/0`, { done: true });
		expect(r.status).toBe(200);
		const cs = r.body.duties.find((d: any) => d.group === 'customer_service');
		expect(cs.items[0]).toMatchObject({ done: true, doneBy: { name: '陈客服' } });
		expect((await tech.call('PUT', `${url}/customer_service/1`, { done: true })).status).toBe(403);
		expect((await agent.call('PUT', `${url}/customer_service/99`, { done: true })).status).toBe(400);
		expect((await agent.call('PUT', `${url}/customer_service/x`, { done: true })).status).toBe(400);
		expect((await agent.call('PUT', `${url}/customer_service/0`, { done: 'yes' })).status).toBe(400);
		// PR is not convened at level 3
		expect((await manager.call('PUT', `${url}/pr/0`, { done: true })).status).toBe(409);
		r = await manager.call('PUT', `${url}/customer_service/0`, { done: false });
		expect(r.body.duties.find((d: any) => d.group === 'customer_service').items[0].done).toBe(false);
	});

	it('lowering: only a lead, a level-1 incident only by the leadership group, below the inputs only with override; seats stay', async () => {
		const inc = await declare({ inputs: { mediaExposure: true } });
		expect(inc.level).toBe(1);
		const url = `/api/v1/incidents/${inc.id}/level`;
		expect((await agent.call('POST', url, { level: 2, reason: '舆情已平息' })).status).toBe(403);
		let r = await manager.call('POST', url, { level: 2, reason: '舆情已平息', override: true });
		expect(r.status).toBe(403);
		expect(r.body.error.message).toContain('leadership');
		r = await gm.call('POST', url, { level: 2, reason: '舆情已平息' });
		expect(r.status).toBe(409);
		expect(r.body.error.details.determinedLevel).toBe(1);
		expect((await gm.call('POST', url, { level: 2 })).status).toBe(400);
		r = await gm.call('POST', url, { level: 2, reason: '舆情已平息,转二级处理', override: true });
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({ level: 2, seats: { total: 8 } });
		expect(r.body.levelReason).toContain('舆情已平息');
		const resp = (await agent.call('GET', `/api/v1/incidents/${inc.id}/response`)).body;
		expect(seatOf(resp, 'pr').required).toBe(false);
		expect(seatOf(resp, 'logistics').required).toBe(true);
		// raising back is any lead's call
		r = await manager.call('POST', url, { level: 1, reason: '再次登上热搜' });
		expect(r.status).toBe(200);
		expect(r.body.level).toBe(1);
	});

	it('display tokens read the response group but cannot change it', async () => {
		const inc = await declare();
		const t = await manager.call('POST', '/api/v1/display-tokens', { label: '大屏' });
		const display = new ApiClient(ctx.server.url, t.body.token);
		const r = await display.call('GET', `/api/v1/incidents/${inc.id}/response`);
		expect(r.status).toBe(200);
		expect(r.body.seats).toHaveLength(3);
		expect((await display.call('PUT', `/api/v1/incidents/${inc.id}/response/seats/leader`, { userId: ids['mgr@example.com'] })).status).toBe(403);
	});
	it('My tasks invites to seats only while the incident is live: a follow-up incident leaves the list', async () => {
		const inc = await declare({ title: '跟进中的门店投诉' });
		const invited = async () => ((await agent.call('GET', '/api/v1/me/tasks')).body.seats as any[]).filter((s) => s.incident.id === inc.id).map((s) => [s.seat, s.action]);
		expect(await invited()).toEqual([['customer_service', 'take']]);
		for (const phase of ['containment', 'resolution', 'follow_up']) expect((await manager.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase, overrideReason: 'test setup' })).status).toBe(200);
		expect(await invited()).toEqual([]);
	});
});
