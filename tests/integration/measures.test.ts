// Temporary measures through api.md: the category's catalogue, chosen customers, backup stock
// drawn down in the measure's transaction (never below zero, nothing written when short), low
// stock on the timeline and on the dashboard socket, and the compensation policy offered.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Socket } from 'socket.io-client';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient, connected, emitAck, waitFor } from '../support/client';

describe.each(DRIVERS)('Temporary measures on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let agent: ApiClient;
	const sockets: Socket[] = [];

	async function incidentWithCustomers(category = 'product_quality', n = 3) {
		const inc = (await admin.call('POST', '/api/v1/incidents', { title: '星耀 X5 电池鼓包', category })).body;
		const added = await agent.call(
			'POST',
			`/api/v1/incidents/${inc.id}/customers`,
			Array.from({ length: n }, (_, i) => ({ name: `客户${i + 1}` }))
		);
		expect(added.status).toBe(201);
		return { inc, customers: added.body.items as { id: string; position: number }[] };
	}

	async function spare(stock: number, lowThreshold: number) {
		const r = await admin.call('POST', '/api/v1/resources', { kind: 'spare_product', name: '备用机', model: '星耀 X5', stock, lowThreshold, unit: '台' });
		expect(r.status).toBe(201);
		return r.body;
	}

	beforeAll(async () => {
		ctx = await startServer(driver);
		admin = await ApiClient.login(ctx.server.url);
		expect((await admin.call('POST', '/api/v1/users', { email: 'agent@example.com', name: '陈客服', password: 'password-123', roles: ['responder'], groups: ['customer_service'] })).status).toBe(201);
		agent = await ApiClient.login(ctx.server.url, 'agent@example.com', 'password-123');
	});

	afterAll(async () => {
		sockets.forEach((s) => s.close());
		await ctx?.close();
	});

	it('a spare product for two customers draws the stock down by two and offers the policy; the timeline says so', async () => {
		const { inc, customers } = await incidentWithCustomers();
		const res = await spare(10, 3);
		const policy = (await admin.call('POST', '/api/v1/compensation-policies', { category: 'product_quality', measureKind: 'spare_product', title: '备用机 + 延保', warrantyExtensionMonths: 6 })).body;
		const r = await agent.call('POST', `/api/v1/incidents/${inc.id}/measures`, {
			kind: 'spare_product',
			description: '备用机加急寄出,明日送达',
			customerIds: [customers[0].id, customers[2].id],
			resourceId: res.id,
			policyId: policy.id
		});
		expect(r.status).toBe(201);
		expect(r.body).toMatchObject({ kind: 'spare_product', kindName: { zh: '提供备用产品' }, customerPositions: [1, 3], quantity: 2, policy: { title: '备用机 + 延保', warrantyExtensionMonths: 6 } });
		expect(r.body.stock).toMatchObject({ id: res.id, stock: 8, low: false });
		expect((await agent.call('GET', `/api/v1/resources/${res.id}`)).body?.stock ?? (await agent.call('GET', '/api/v1/resources')).body.items.find((x: any) => x.id === res.id).stock).toBe(8);
		const list = (await agent.call('GET', `/api/v1/incidents/${inc.id}/measures`)).body.items;
		expect(list).toHaveLength(1);
		expect(list[0]).toMatchObject({ description: '备用机加急寄出,明日送达', resource: { name: '备用机' }, createdBy: { name: '陈客服' } });
		const events = (await agent.call('GET', `/api/v1/incidents/${inc.id}/events`)).body.items;
		expect(events.at(-1)).toMatchObject({ type: 'measure.taken', data: { customerCount: 2, quantity: 2, stock: { stock: 8 } } });
	});

	it('the kind must belong to the category; "other" needs a description; customers must be on the incident', async () => {
		const { inc } = await incidentWithCustomers('service_failure', 1);
		let r = await agent.call('POST', `/api/v1/incidents/${inc.id}/measures`, { kind: 'spare_product', description: '' });
		expect(r.status).toBe(400);
		expect(r.body.error.details[0]).toMatchObject({ field: 'kind' });
		expect(r.body.error.message).toContain('apology_compensation');
		r = await agent.call('POST', `/api/v1/incidents/${inc.id}/measures`, { kind: 'other', description: ' ' });
		expect(r.status).toBe(400);
		expect(r.body.error.details[0].field).toBe('description');
		const other = await incidentWithCustomers('service_failure', 1);
		r = await agent.call('POST', `/api/v1/incidents/${inc.id}/measures`, { kind: 'expedited_handling', description: '', customerIds: [other.customers[0].id] });
		expect(r.status).toBe(400);
		expect(r.body.error.details[0].field).toBe('customerIds');
		r = await agent.call('POST', `/api/v1/incidents/${inc.id}/measures`, { kind: 'expedited_handling', description: '优先发货', bogus: 1 });
		expect(r.status).toBe(400);
		r = await agent.call('POST', `/api/v1/incidents/${inc.id}/measures`, { kind: 'expedited_handling', description: '优先发货' });
		expect(r.status).toBe(201);
		// nothing of the refused requests was written
		expect((await agent.call('GET', `/api/v1/incidents/${inc.id}/measures`)).body.items).toHaveLength(1);
	});

	it('short stock refuses the measure with 409 and writes nothing; concurrent draws never go below zero', async () => {
		const { inc, customers } = await incidentWithCustomers('product_quality', 5);
		const res = await spare(3, 1);
		const before = (await agent.call('GET', `/api/v1/incidents/${inc.id}`)).body.version;
		const r = await agent.call('POST', `/api/v1/incidents/${inc.id}/measures`, { kind: 'spare_product', description: '', customerIds: customers.map((c) => c.id), resourceId: res.id });
		expect(r.status).toBe(409);
		expect(r.body.error.code).toBe('insufficient_stock');
		expect((await agent.call('GET', `/api/v1/incidents/${inc.id}`)).body.version).toBe(before);
		expect((await agent.call('GET', `/api/v1/incidents/${inc.id}/measures`)).body.items).toHaveLength(0);
		// five parallel draws of one unit from a stock of three: exactly three succeed
		const results = await Promise.all(
			customers.map((c) => agent.call('POST', `/api/v1/incidents/${inc.id}/measures`, { kind: 'spare_product', description: '', customerIds: [c.id], resourceId: res.id }))
		);
		expect(results.filter((x) => x.status === 201)).toHaveLength(3);
		expect(results.filter((x) => x.status === 409)).toHaveLength(2);
		const after = (await agent.call('GET', '/api/v1/resources')).body.items.find((x: any) => x.id === res.id);
		expect(after.stock).toBe(0);
		expect(after.low).toBe(true);
	});

	it('a draw that leaves the stock low puts resource.low_stock on the timeline and tells dashboards', async () => {
		const { inc, customers } = await incidentWithCustomers('product_quality', 2);
		const res = await spare(4, 2);
		const s = agent.socket();
		sockets.push(s);
		await connected(s);
		const seen: any[] = [];
		const stock: any[] = [];
		s.on('event', (e: any) => e.incidentId === inc.id && seen.push(e));
		s.on('resource.updated', (r: any) => r.id === res.id && stock.push(r));
		expect((await emitAck(s, 'subscribe', { scope: 'dashboard' })).ok).toBe(true);
		const r = await agent.call('POST', `/api/v1/incidents/${inc.id}/measures`, { kind: 'spare_product', description: '', customerIds: customers.map((c) => c.id), resourceId: res.id });
		expect(r.status).toBe(201);
		await waitFor(seen, (l) => l.some((e) => e.type === 'resource.low_stock'), 'resource.low_stock');
		expect(seen.find((e) => e.type === 'resource.low_stock').data.stock).toMatchObject({ stock: 2, lowThreshold: 2, label: '备用机 星耀 X5' });
		await waitFor(stock, (l) => l.some((x) => x.stock === 2 && x.low), 'resource.updated');
	});
});
