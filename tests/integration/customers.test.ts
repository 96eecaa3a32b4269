// The emergency guide through api.md alone: affected customers, contact deadlines, escalation by
// count, phases with gates, and personal data that never leaves unmasked. Real server, both drivers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient, connected, emitAck } from '../support/client';

/** Customer lists as teams export them (tests/fixtures/README.md). */
const sample = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', name));
const MIN = 60_000;

type Ev = { incidentId: string; seq: number; type: string; data: any };

function phoneOf(i: number) {
	return `139${String(10_000_000 + i).slice(-8)}`;
}

function walk(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

describe.each(DRIVERS)('Affected customers and the emergency guide on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let lead: ApiClient;
	let agent: ApiClient;
	let tech: ApiClient;
	const sockets: Socket[] = [];

	async function declare(body: Record<string, unknown> = {}) {
		const r = await lead.call('POST', '/api/v1/incidents', { title: '星耀 X5 电池鼓包', category: 'product_quality', ...body });
		expect(r.status).toBe(201);
		return r.body;
	}

	beforeAll(async () => {
		ctx = await startServer(driver, { env: { WARROOM_LOG_LEVEL: 'debug', WARROOM_TIMEZONE: 'Asia/Shanghai' } });
		admin = await ApiClient.login(ctx.server.url);
		const users = [
			['lead2@example.com', '李总监', ['lead'], ['leadership']],
			['agent@example.com', '陈客服', ['responder'], ['customer_service']],
			['tech@example.com', '周工程师', ['responder'], ['tech_support']]
		] as const;
		for (const [email, name, roles, groups] of users) {
			const r = await admin.call('POST', '/api/v1/users', { email, name, password: 'password-123', roles, groups });
			expect(r.status).toBe(201);
		}
		lead = await ApiClient.login(ctx.server.url, 'lead2@example.com', 'password-123');
		agent = await ApiClient.login(ctx.server.url, 'agent@example.com', 'password-123');
		tech = await ApiClient.login(ctx.server.url, 'tech@example.com', 'password-123');
	});

	afterAll(async () => {
		sockets.forEach((s) => s.close());
		await ctx?.close();
	});

	it('137 customers + media exposure → level 1 with both reasons', async () => {
		const inc = await declare({ inputs: { mediaExposure: true } });
		const rows = Array.from({ length: 137 }, (_, i) => ({ name: `客户${i + 1}`, phone: phoneOf(i) }));
		const r = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, rows);
		expect(r.status).toBe(201);
		expect(r.body.created).toBe(137);
		const got = (await lead.call('GET', `/api/v1/incidents/${inc.id}`)).body;
		expect(got.level).toBe(1);
		expect(got.affectedCustomers).toBe(137);
		expect(got.levelReason).toContain('137 affected customers');
		expect(got.levelReason).toContain('media');
		expect(
			got.levelTriggers
				.filter((t: any) => t.level === 1)
				.map((t: any) => t.key)
				.sort()
		).toEqual(['customers_100_plus', 'media_exposure']);
		expect(got.contact).toMatchObject({ total: 137, met: 0, pending: 137, overdue: 0 });
		// level 1: every deadline is 30 min after its reportedAt
		const list = (await agent.call('GET', `/api/v1/incidents/${inc.id}/customers`)).body.items;
		expect(list).toHaveLength(137);
		for (const c of list) expect(Date.parse(c.contactDeadline.dueAt) - Date.parse(c.reportedAt)).toBe(30 * MIN);
	});

	it('the 10th customer escalates a level-3 incident at once and pending deadlines move from 120 to 60 min', async () => {
		const inc = await declare({ category: 'service_failure' });
		expect(inc.level).toBe(3);
		const s = agent.socket();
		sockets.push(s);
		await connected(s);
		const events: Ev[] = [];
		s.on('event', (e: Ev) => e.incidentId === inc.id && events.push(e));
		await emitAck(s, 'subscribe', { incidentId: inc.id, after: inc.version });

		const reported = new Date(Date.now() - 10 * MIN).toISOString();
		const nine = Array.from({ length: 9 }, (_, i) => ({ name: `门店客户${i + 1}`, phone: phoneOf(1000 + i), reportedAt: reported }));
		let r = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, nine);
		expect(r.status).toBe(201);
		expect(r.body.incident.level).toBe(3);
		for (const c of r.body.items) expect(Date.parse(c.contactDeadline.dueAt) - Date.parse(reported)).toBe(120 * MIN);
		// one of them is contacted before the escalation: its deadline must not move
		const early = r.body.items[0];
		const contacted = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${early.id}/contacts`, { apologized: true, explained: true, needAsked: true, need: 'refund' });
		expect(contacted.status).toBe(201);
		expect(contacted.body.customer.contactDeadline.status).toBe('met');

		r = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '第十位客户', phone: phoneOf(1009), reportedAt: reported }]);
		expect(r.status).toBe(201);
		expect(r.body.incident.level).toBe(2);
		expect(r.body.incident.levelReason).toContain('10 affected customers');
		const list = (await agent.call('GET', `/api/v1/incidents/${inc.id}/customers`)).body.items;
		for (const c of list) {
			const window = Date.parse(c.contactDeadline.dueAt) - Date.parse(c.reportedAt);
			expect(window).toBe(c.id === early.id ? 120 * MIN : 60 * MIN);
		}
		// the live stream shows the addition, the escalation and the extended response group, in seq order
		await until(() => events.some((e) => e.type === 'response.extended'), 'response.extended event');
		const types = events.map((e) => e.type);
		expect(types).toEqual(['customer.added', 'customer.contacted', 'customer.added', 'incident.level_changed', 'response.extended']);
		const change = events[3];
		expect(change.data).toMatchObject({ from: 3, to: 2, automatic: true });
		expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5].map((n) => inc.version + n));
		// text that looks like array syntax survives the bulk insert unchanged
		const odd = 'Wang "Lao" \\ {王}, NULL';
		const added = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: odd, symptom: '', productModel: 'X,Y' }]);
		expect(added.status).toBe(201);
		const back = (await agent.call('GET', `/api/v1/incidents/${inc.id}/customers/${added.body.items[0].id}`)).body;
		expect(back.customer).toMatchObject({ name: odd, productModel: 'X,Y', symptom: '' });
	});

	it('a level change recomputes deadlines from their original start: some become overdue at once', async () => {
		const inc = await declare({ category: 'special_scenario' });
		const reportedAt = new Date(Date.now() - 45 * MIN).toISOString();
		const r = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '赵敏', reportedAt }]);
		expect(r.body.items[0].contactDeadline.status).toBe('pending');
		const raised = await lead.call('POST', `/api/v1/incidents/${inc.id}/level`, { level: 1, reason: '微博热搜' });
		expect(raised.status).toBe(200);
		expect(raised.body.contact).toMatchObject({ total: 1, overdue: 1, pending: 0 });
		const overdue = (await agent.call('GET', `/api/v1/incidents/${inc.id}/customers?status=overdue`)).body.items;
		expect(overdue.map((c: any) => c.name)).toEqual(['赵敏']);
		expect(Date.parse(overdue[0].contactDeadline.dueAt)).toBe(Date.parse(reportedAt) + 30 * MIN);
	});

	it('a late first contact is met_late; a failed attempt leaves the deadline running', async () => {
		const inc = await declare();
		const r = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, [
			{ name: '迟到的客户', reportedAt: new Date(Date.now() - 3 * 60 * MIN).toISOString() },
			{ name: '联系不上', reportedAt: new Date().toISOString() }
		]);
		const [late, gone] = r.body.items;
		expect(late.contactDeadline.status).toBe('overdue');
		const c1 = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${late.id}/contacts`, {
			apologized: true,
			explained: true,
			needAsked: false,
			commitment: '明天上门检修',
			commitmentDueAt: new Date(Date.now() + 86_400_000).toISOString()
		});
		expect(c1.status).toBe(201);
		expect(c1.body.customer.contactDeadline.status).toBe('met_late');
		const c2 = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${gone.id}/contacts`, { reached: false, note: '电话无人接听' });
		expect(c2.body.customer.contactDeadline.status).toBe('pending');
		expect(c2.body.customer).toMatchObject({ attempts: 1, failedAttempts: 1, unreachable: null });
		expect(c2.body.incident.contact).toMatchObject({ total: 2, met: 1, metLate: 1, unreachable: 0, pending: 1, overdue: 0 });
		const detail = (await agent.call('GET', `/api/v1/incidents/${inc.id}/customers/${late.id}`)).body;
		expect(detail.contacts[0]).toMatchObject({ reached: true, apologized: true, explained: true, commitment: '明天上门检修', by: { name: '陈客服' } });
		// a checklist that is not filled in is a 400 naming the fields
		const bad = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${late.id}/contacts`, { needAsked: true });
		expect(bad.status).toBe(400);
		expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(['apologized', 'explained', 'need']);
	});

	it('a CSV with one bad row among 500 inserts none and names the row and field', async () => {
		const inc = await declare();
		const header = 'name,phone,reportedAt';
		const lines = Array.from({ length: 500 }, (_, i) => `客户${i + 1},${phoneOf(2000 + i)},${new Date().toISOString()}`);
		lines[316] = `客户317,${phoneOf(2316)},昨天下午`;
		const r = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, [header, ...lines].join('\r\n'), { 'content-type': 'text/csv' });
		expect(r.status).toBe(400);
		expect(r.body.error.details).toEqual([{ row: 317, field: 'reportedAt', value: '昨天下午', message: expect.stringContaining('"昨天下午" is not a date and time'), code: 'invalid_date' }]);
		expect(r.body.error.message).toContain('row 317 reportedAt: "昨天下午"');
		const after = (await agent.call('GET', `/api/v1/incidents/${inc.id}`)).body;
		expect(after.affectedCustomers).toBe(0);
		expect(after.version).toBe(inc.version);
	});

	it('imports a Chinese Excel CSV: Chinese column titles, local times read in WARROOM_TIMEZONE (Asia/Shanghai)', async () => {
		const inc = await declare();
		const csv = [
			'姓名,联系电话,购买时间,发生时间,登记时间',
			'任秀兰,18722818662,2026/6/14,2026/11/21 23:07,2026/11/23 13:51',
			'曹刚,15004079337,2026-08-26,2026-11-21 16:23:30,2026-11-23 12:41',
			'刘超,17844420567,2026年9月28日,2026年11月22日 16:48,2026年11月23日 12:42:05',
			'余桂英,16782602416,,,2026-11-23T04:27:00Z'
		].join('\r\n');
		const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]);
		const r = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, bom as unknown as string, { 'content-type': 'text/csv' });
		expect(r.status, JSON.stringify(r.body)).toBe(201);
		expect(r.body.items.map((c: any) => [c.name, c.purchasedAt, c.occurredAt, c.reportedAt])).toEqual([
			['任秀兰', '2026-06-13T16:00:00.000Z', '2026-11-21T15:07:00.000Z', '2026-11-23T05:51:00.000Z'],
			['曹刚', '2026-08-25T16:00:00.000Z', '2026-11-21T08:23:30.000Z', '2026-11-23T04:41:00.000Z'],
			['刘超', '2026-09-27T16:00:00.000Z', '2026-11-22T08:48:00.000Z', '2026-11-23T04:42:05.000Z'],
			['余桂英', null, null, '2026-11-23T04:27:00.000Z']
		]);
		// the deadline counts from the instant read in the zone: 2 h at level 3
		expect(r.body.items[0].contactDeadline.dueAt).toBe('2026-11-23T07:51:00.000Z');
		const stored = (await agent.call('GET', `/api/v1/incidents/${inc.id}/customers`)).body.items;
		expect(stored.map((c: any) => c.reportedAt)).toEqual(['2026-11-23T05:51:00.000Z', '2026-11-23T04:41:00.000Z', '2026-11-23T04:42:05.000Z', '2026-11-23T04:27:00.000Z']);
		// the sample export as Chinese Excel writes it: the same 50 customers, the same instants
		const excel = await declare();
		const cn = await agent.call('POST', `/api/v1/incidents/${excel.id}/customers`, sample('customers-50-excel-cn-dates.csv') as unknown as string, { 'content-type': 'text/csv' });
		expect(cn.status, JSON.stringify(cn.body)).toBe(201);
		expect(cn.body.created).toBe(50);
		expect(cn.body.items[0]).toMatchObject({ name: '任秀兰', purchasedAt: '2026-06-14T11:00:00.000Z', occurredAt: '2026-11-21T23:07:00.000Z', reportedAt: '2026-11-23T05:51:00.000Z' });
	});

	it('JSON rows take the same local times; a bad date names row, field and value, a bad e-mail gets an e-mail message', async () => {
		const inc = await declare();
		const url = `/api/v1/incidents/${inc.id}/customers`;
		const ok = await agent.call('POST', url, [{ name: '甲', reportedAt: '2026/12/1 0:05' }]);
		expect(ok.status).toBe(201);
		expect(ok.body.items[0].reportedAt).toBe('2026-11-30T16:05:00.000Z');
		const bad = await agent.call('POST', url, 'name,email,reportedAt\r\n乙,yi@example.cn,2026/11/30 9:00\r\n丙,not-mail,2026/13/45\r\n丁,,12/1/2026 9:00', { 'content-type': 'text/csv' });
		expect(bad.status).toBe(400);
		expect(bad.body.error.details).toEqual([
			{ row: 2, field: 'email', value: 'not-mail', code: 'invalid_email', message: 'expected an e-mail address such as name@example.com' },
			{ row: 2, field: 'reportedAt', value: '2026/13/45', code: 'date_out_of_range', message: expect.stringContaining('"2026/13/45" is not a real date and time') },
			{ row: 3, field: 'reportedAt', value: '12/1/2026 9:00', code: 'date_ambiguous', message: expect.stringContaining('write the year first') }
		]);
		expect(bad.body.error.message).toContain('row 2 reportedAt: "2026/13/45"');
		expect((await agent.call('GET', `/api/v1/incidents/${inc.id}`)).body.affectedCustomers).toBe(1);
	});

	it('serves the CSV template: Chinese column titles, UTF-8 with a BOM, for signed-in callers', async () => {
		const res = await fetch(`${ctx.server.url}/api/v1/customers/template.csv`, { headers: { authorization: `Bearer ${agent.token}` } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toContain('attachment');
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const header = new TextDecoder().decode(bytes).trim();
		expect(header).toBe('姓名,联系电话,邮箱,订单号,购买时间,产品型号,问题描述,发生时间,影响程度,登记时间,授权保留证据');
		expect((await fetch(`${ctx.server.url}/api/v1/customers/template.csv`)).status).toBe(401);
		// the template, filled in, imports
		const inc = await declare();
		const filled = Buffer.concat([Buffer.from(bytes), Buffer.from('张三,13812345678,,,,星耀 X5,,,,2026/11/30 9:00,是\r\n')]);
		const r = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, filled as unknown as string, { 'content-type': 'text/csv' });
		expect(r.status, JSON.stringify(r.body)).toBe(201);
		expect(r.body.items[0]).toMatchObject({ name: '张三', productModel: '星耀 X5', reportedAt: '2026-11-30T01:00:00.000Z', evidenceAuthorized: true });
	});

	it('reads the sample exports: UTF-8, Excel BOM and GBK; two bad rows are named, "valid rows only" adds 48', async () => {
		for (const file of ['customers-50.csv', 'customers-50-excel-bom.csv', 'customers-50-excel-gbk.csv']) {
			const inc = await declare();
			const r = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, sample(file) as unknown as string, { 'content-type': 'text/csv' });
			expect(r.status, file).toBe(201);
			expect(r.body.created).toBe(50);
			expect(r.body.items[0].name).toBe('任秀兰');
			expect(r.body.items[0].productModel).toBe('星耀 X5 手机');
			expect(r.body.incident.level).toBe(2);
		}
		const inc = await declare();
		const bad = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, sample('customers-50-two-bad-rows.csv') as unknown as string, { 'content-type': 'text/csv' });
		expect(bad.status).toBe(400);
		expect(bad.body.error.details.map((d: any) => [d.row, d.field])).toEqual([
			[17, 'name'],
			[34, 'reportedAt']
		]);
		const partial = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers?validRowsOnly=true`, sample('customers-50-two-bad-rows.csv') as unknown as string, { 'content-type': 'text/csv' });
		expect(partial.status).toBe(201);
		expect(partial.body.created).toBe(48);
		expect(partial.body.skipped.map((d: any) => d.row)).toEqual([17, 34]);
	});

	it('rejects malformed bodies and unknown columns with 400, and more than 10,000 rows with 413', async () => {
		const inc = await declare();
		const url = `/api/v1/incidents/${inc.id}/customers`;
		expect((await agent.call('POST', url, { name: 'not an array' })).status).toBe(400);
		expect((await agent.call('POST', url, '{oops', { 'content-type': 'application/json' })).status).toBe(400);
		const unknownCol = await agent.call('POST', url, 'name,wechat\n张三,zs', { 'content-type': 'text/csv' });
		expect(unknownCol.status).toBe(400);
		expect(unknownCol.body.error.details[0]).toMatchObject({ row: 0, field: 'wechat' });
		const tooMany = await agent.call(
			'POST',
			url,
			Array.from({ length: 10_001 }, (_, i) => ({ name: `c${i}` }))
		);
		expect(tooMany.status).toBe(413);
		const badEmail = await agent.call('POST', url, [{ name: 'ok' }, { name: 'x', email: 'not-mail', extra: 1 }]);
		expect(badEmail.status).toBe(400);
		expect(badEmail.body.error.details.map((d: any) => [d.row, d.field])).toEqual(
			expect.arrayContaining([
				[2, 'extra'],
				[2, 'email']
			])
		);
		expect((await agent.call('GET', `/api/v1/incidents/${inc.id}`)).body.affectedCustomers).toBe(0);
		const viewerless = await new ApiClient(ctx.server.url).call('POST', url, [{ name: 'anon' }]);
		expect(viewerless.status).toBe(401);
	});

	it('phases: resolution waits for every customer to be contacted or unreachable; a lead may override with a reason', async () => {
		const inc = await declare();
		const r = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '甲' }, { name: '乙' }]);
		const [a, b] = r.body.items;
		expect((await lead.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase: 'resolution' })).body.error.code).toBe('conflict');
		expect((await tech.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase: 'containment' })).status).toBe(403);
		// containment's own gate (leader, notice) is not this test's subject: the lead records why it moves on
		const toContain = await lead.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase: 'containment', overrideReason: 'test setup: the notice is not this test’s subject' });
		expect(toContain.status).toBe(200);
		expect(toContain.body.phase).toBe('containment');
		const blocked = await lead.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase: 'resolution' });
		expect(blocked.status).toBe(409);
		expect(blocked.body.error.code).toBe('gate_not_met');
		expect(blocked.body.error.details.unmet).toEqual(['2 affected customer(s) not yet contacted or marked unreachable']);
		await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${a.id}/contacts`, { apologized: true, explained: true, needAsked: false });
		const still = await lead.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase: 'resolution' });
		expect(still.body.error.details.unmet[0]).toMatch(/^1 /);
		const overridden = await lead.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase: 'resolution', overrideReason: '客户已出国,无法联系' });
		expect(overridden.status).toBe(200);
		expect(overridden.body.phase).toBe('resolution');
		const events = (await lead.call('GET', `/api/v1/incidents/${inc.id}/events?after=0`)).body.items;
		const last = events[events.length - 1];
		expect(last).toMatchObject({ type: 'incident.phase_changed', data: { from: 'containment', to: 'resolution', override: { reason: '客户已出国,无法联系' } } });
		void b;
	});

	it('never lets a phone number out unmasked, except an audited reveal to customer service and leads', async () => {
		const inc = await declare();
		const phone = '13812345678';
		const email = 'zhang.san@example.cn';
		const orderNo = 'SO20261123987654';
		const display = (await lead.call('POST', '/api/v1/display-tokens', { label: 'wall' })).body.token;
		const ds = agent.socket(display);
		const as = agent.socket();
		sockets.push(ds, as);
		await Promise.all([connected(ds), connected(as)]);
		const seen: string[] = [];
		for (const s of [ds, as]) s.on('event', (e: Ev) => seen.push(JSON.stringify(e)));
		await emitAck(ds, 'subscribe', { incidentId: inc.id, after: 0 });
		await emitAck(as, 'subscribe', { incidentId: inc.id, after: 0 });

		const responses: string[] = [];
		const keep = (r: { body: unknown }) => (responses.push(JSON.stringify(r.body)), r);
		const added = keep(await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '张三', phone, email, orderNo }]));
		const c = added.body as any;
		expect(c.items[0]).toMatchObject({ phone: '138****5678', masked: true });
		expect(c.items[0].email).toBe('z***@example.cn');
		expect(c.items[0].orderNo).toBe('SO****7654');
		keep(await agent.call('GET', `/api/v1/incidents/${inc.id}/customers`));
		keep(await agent.call('GET', `/api/v1/incidents/${inc.id}/customers/${c.items[0].id}`));
		keep(await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${c.items[0].id}/contacts`, { apologized: true, explained: true, needAsked: false, note: '已致歉' }));
		keep(await lead.call('GET', `/api/v1/incidents/${inc.id}/events?after=0`));

		// a tech-support responder may not reveal; a customer-service agent may, and it is audited
		expect((await tech.call('POST', `/api/v1/incidents/${inc.id}/customers/${c.items[0].id}/reveal`)).status).toBe(403);
		const revealed = await agent.call('POST', `/api/v1/incidents/${inc.id}/customers/${c.items[0].id}/reveal`);
		expect(revealed.status).toBe(200);
		expect(revealed.body).toMatchObject({ phone, email, orderNo, masked: false });
		const events = (await lead.call('GET', `/api/v1/incidents/${inc.id}/events?after=0`)).body.items;
		const audit = events.find((e: any) => e.type === 'customer.revealed');
		expect(audit).toMatchObject({ actor: { name: '陈客服' }, data: { customerId: c.items[0].id, fields: ['phone', 'email', 'orderNo'] } });
		keep({ body: events });

		await until(() => seen.length >= 6, 'socket events');
		for (const text of [...responses, ...seen, ctx.server.output]) {
			expect(text).not.toContain(phone);
			expect(text).not.toContain(email);
			expect(text).not.toContain(orderNo);
		}
		// the display screen got the events with no customer data at all
		const displayEvents = seen.map((s) => JSON.parse(s)).filter((e) => e.type === 'customer.added');
		expect(displayEvents.some((e) => e.data.customers === undefined)).toBe(true);
		if (driver === 'pglite') {
			const needles = [phone, email, orderNo].map((s) => Buffer.from(s));
			for (const file of walk(ctx.server.dataDir)) {
				const bytes = fs.readFileSync(file);
				for (const n of needles) expect(bytes.includes(n), `${n} in ${path.relative(ctx.server.dataDir, file)}`).toBe(false);
			}
		}
	});
});

async function until(cond: () => boolean, what: string, ms = 10_000) {
	const start = Date.now();
	while (!cond()) {
		if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}
