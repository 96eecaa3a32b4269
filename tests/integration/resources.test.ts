// Tools and resources through the API: backup stock, the emergency contact list and the
// compensation policy — validation, roles, versions, stock that never goes below zero, live updates.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Socket } from 'socket.io-client';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient, connected, emitAck, waitFor } from '../support/client';

describe.each(DRIVERS)('Resources on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let responder: ApiClient;
	const sockets: Socket[] = [];

	beforeAll(async () => {
		ctx = await startServer(driver);
		admin = await ApiClient.login(ctx.server.url);
		await admin.call('POST', '/api/v1/users', { email: 'r@example.com', name: '物流 小赵', password: 'password-123', roles: ['responder'], groups: ['logistics'] });
		responder = await ApiClient.login(ctx.server.url, 'r@example.com', 'password-123');
	});

	afterAll(async () => {
		sockets.forEach((s) => s.close());
		await ctx?.close();
	});

	it('creates, edits against a version and lists backup resources; bad input names the field', async () => {
		let r = await admin.call('POST', '/api/v1/resources', { kind: 'spare_product', name: '备用冰箱', model: 'BCD-520', stock: 12, lowThreshold: 3, unit: '台', location: '上海仓' });
		expect(r.status).toBe(201);
		const fridge = r.body;
		expect(fridge).toMatchObject({ stock: 12, low: false, version: 1 });
		r = await admin.call('POST', '/api/v1/resources', { kind: 'spaceship', name: '', stock: -1 });
		expect(r.status).toBe(400);
		expect(r.body.error.details.map((d: any) => d.field).sort()).toEqual(['kind', 'name', 'stock']);
		expect((await responder.call('POST', '/api/v1/resources', { kind: 'repair_tool', name: '检测仪', stock: 2 })).status).toBe(403);
		r = await admin.call('PATCH', `/api/v1/resources/${fridge.id}`, { version: 1, lowThreshold: 5 });
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({ lowThreshold: 5, version: 2, stock: 12 });
		r = await admin.call('PATCH', `/api/v1/resources/${fridge.id}`, { version: 1, name: '旧名' });
		expect(r.status).toBe(409);
		expect(r.body.error.details.current).toMatchObject({ version: 2, name: '备用冰箱' });
		expect((await admin.call('PATCH', `/api/v1/resources/${fridge.id}`, { version: 2, stock: 99 })).status).toBe(400);
		expect((await admin.call('GET', '/api/v1/resources/00000000-0000-0000-0000-000000000000')).status).toBe(404);
		expect((await admin.call('GET', '/api/v1/resources/nope')).status).toBe(404);
		const list = (await responder.call('GET', '/api/v1/resources?kind=spare_product')).body.items;
		expect(list.map((x: any) => x.name)).toContain('备用冰箱');
	});

	it('stock adjusts with a reason and never below zero, also under ten concurrent write-offs', async () => {
		const res = (await admin.call('POST', '/api/v1/resources', { kind: 'repair_tool', name: '电池检测仪', stock: 5, lowThreshold: 1 })).body;
		const url = `/api/v1/resources/${res.id}/adjust`;
		expect((await admin.call('POST', url, { delta: 2 })).status).toBe(400);
		expect((await admin.call('POST', url, { delta: 0, reason: 'x' })).status).toBe(400);
		expect((await responder.call('POST', url, { delta: 1, reason: '补货' })).status).toBe(403);
		const results = await Promise.all(Array.from({ length: 10 }, () => admin.call('POST', url, { delta: -1, reason: '报损' })));
		expect(results.filter((x) => x.status === 200)).toHaveLength(5);
		expect(results.filter((x) => x.status === 409).every((x) => x.body.error.code === 'insufficient_stock')).toBe(true);
		const now = (await admin.call('GET', `/api/v1/resources/${res.id}`)).body;
		expect(now).toMatchObject({ stock: 0, low: true, version: 6 });
		const low = (await admin.call('GET', '/api/v1/resources?low=true')).body.items.map((x: any) => x.id);
		expect(low).toContain(res.id);
	});

	it('dashboards and wall displays hear resource.updated', async () => {
		const res = (await admin.call('POST', '/api/v1/resources', { kind: 'emergency_fund', name: '应急资金', stock: 50_000, lowThreshold: 10_000, unit: '元' })).body;
		const display = (await admin.call('POST', '/api/v1/display-tokens', { label: '大屏' })).body.token;
		const a = admin.socket();
		const d = admin.socket(display);
		sockets.push(a, d);
		await Promise.all([connected(a), connected(d)]);
		const got: any[] = [];
		const gotD: any[] = [];
		a.on('resource.updated', (r: any) => got.push(r));
		d.on('resource.updated', (r: any) => gotD.push(r));
		expect((await emitAck(a, 'subscribe', { scope: 'dashboard' })).ok).toBe(true);
		expect((await emitAck(d, 'subscribe', { scope: 'dashboard' })).ok).toBe(true);
		await admin.call('POST', `/api/v1/resources/${res.id}/adjust`, { delta: -45_000, reason: '批量退款' });
		await waitFor(got, (l) => l.some((x) => x.id === res.id && x.stock === 5_000 && x.low), 'dashboard resource.updated');
		await waitFor(gotD, (l) => l.some((x) => x.id === res.id && x.low), 'display resource.updated');
	});

	it('compensation policies belong to a category and one of its measures', async () => {
		let r = await admin.call('POST', '/api/v1/compensation-policies', { category: 'service_failure', measureKind: 'apology_compensation', title: '50 元优惠券', couponYuan: 50 });
		expect(r.status).toBe(201);
		expect(r.body).toMatchObject({ active: true, couponYuan: 50, warrantyExtensionMonths: null });
		const id = r.body.id;
		r = await admin.call('POST', '/api/v1/compensation-policies', { category: 'service_failure', measureKind: 'spare_product', title: '错配' });
		expect(r.status).toBe(400);
		expect(r.body.error.details[0].field).toBe('measureKind');
		expect((await responder.call('POST', '/api/v1/compensation-policies', { category: 'service_failure', title: 'x' })).status).toBe(403);
		r = await admin.call('PATCH', `/api/v1/compensation-policies/${id}`, { active: false });
		expect(r.body).toMatchObject({ active: false, title: '50 元优惠券', couponYuan: 50 });
		const list = (await responder.call('GET', '/api/v1/compensation-policies?category=service_failure&measureKind=apology_compensation')).body.items;
		expect(list.map((p: any) => p.id)).toContain(id);
		expect((await responder.call('GET', '/api/v1/compensation-policies?category=product_quality')).body.items.map((p: any) => p.id)).not.toContain(id);
	});

	it('the emergency contact list: admins edit, people read, display screens do not', async () => {
		let r = await admin.call('POST', '/api/v1/emergency-contacts', { kind: 'supplier', name: '张经理', organization: '电芯供应商', role: '质量负责人', phone: '021-5555-0101' });
		expect(r.status).toBe(201);
		const id = r.body.id;
		r = await admin.call('PATCH', `/api/v1/emergency-contacts/${id}`, { notes: '7×24 小时' });
		expect(r.body).toMatchObject({ name: '张经理', phone: '021-5555-0101', notes: '7×24 小时' });
		expect((await responder.call('GET', '/api/v1/emergency-contacts')).body.items.map((c: any) => c.id)).toContain(id);
		expect((await responder.call('DELETE', `/api/v1/emergency-contacts/${id}`)).status).toBe(403);
		const display = new ApiClient(ctx.server.url, (await admin.call('POST', '/api/v1/display-tokens', { label: 'wall' })).body.token);
		expect((await display.call('GET', '/api/v1/emergency-contacts')).status).toBe(403);
		expect((await admin.call('POST', '/api/v1/emergency-contacts', { kind: 'friend', name: '' })).status).toBe(400);
		expect((await admin.call('DELETE', `/api/v1/emergency-contacts/${id}`)).status).toBe(204);
		expect((await admin.call('DELETE', `/api/v1/emergency-contacts/${id}`)).status).toBe(404);
	});
});
