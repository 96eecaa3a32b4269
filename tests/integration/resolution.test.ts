// Resolution through the API: the cause analysis by the group that owns the category, versioned
// (two PUTs from the same version: one 200, one 409); solutions from the catalogue, approved only
// by the approver the level requires (403 otherwise); execution progress after approval; the
// quality check by quality control.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient, createUsers } from '../support/client';

describe.each(DRIVERS)('Resolution on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let gm: ApiClient;
	let head: ApiClient;
	let tech: ApiClient;
	let qc: ApiClient;

	beforeAll(async () => {
		ctx = await startServer(driver);
		admin = await ApiClient.login(ctx.server.url);
		[gm, head, tech, qc] = (
			await createUsers(admin, [
				['gm@example.com', '总经理', ['lead'], ['leadership']],
				['head@example.com', '客服主管', ['lead'], ['customer_service']],
				['tech@example.com', '周工程师', ['responder'], ['tech_support']],
				['qc@example.com', '质检 吴', ['responder'], ['quality_control']]
			])
		).clients;
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('the cause of a product-quality incident is analysed by tech support; the later of two saves from one version is 409', async () => {
		const inc = (await head.call('POST', '/api/v1/incidents', { title: '电池鼓包', category: 'product_quality' })).body;
		const url = `/api/v1/incidents/${inc.id}/cause`;
		expect((await tech.call('GET', url)).body).toMatchObject({ version: 0, group: 'tech_support', rootCause: '' });
		expect((await qc.call('PUT', url, { version: 0, rootCause: 'x', directCause: 'y' })).status).toBe(403);
		const [a, b] = await Promise.all([
			tech.call('PUT', url, { version: 0, rootCause: '电芯材料供应商未按标准生产', directCause: '质量检测环节遗漏' }),
			head.call('PUT', url, { version: 0, rootCause: '另一种看法', directCause: '—' })
		]);
		expect([a.status, b.status].sort()).toEqual([200, 409]);
		const loser = a.status === 409 ? a : b;
		expect(loser.body.error.code).toBe('version_conflict');
		expect(loser.body.error.details.current.version).toBe(1);
		const now = (await tech.call('GET', url)).body;
		expect(now.version).toBe(1);
		expect((await tech.call('PUT', url, { version: 1, rootCause: now.rootCause, directCause: '出厂抽检未覆盖该指标' })).body).toMatchObject({
			version: 2,
			directCause: '出厂抽检未覆盖该指标',
			updatedBy: { name: '周工程师' }
		});
		expect((await tech.call('PUT', url, { version: 2, rootCause: 'x' })).status).toBe(400);
		const types = (await tech.call('GET', `/api/v1/incidents/${inc.id}/events`)).body.items.map((e: any) => e.type);
		expect(types.filter((t: string) => t === 'cause.updated')).toHaveLength(2);
	});

	it('a level-1 solution is approved only by the leadership group; then it runs and finishes', async () => {
		const inc = (await head.call('POST', '/api/v1/incidents', { title: '电池鼓包(媒体曝光)', category: 'product_quality', inputs: { mediaExposure: true } })).body;
		expect(inc.level).toBe(1);
		const base = `/api/v1/incidents/${inc.id}/solutions`;
		const bad = await tech.call('POST', base, { kind: 'training', description: '培训' });
		expect(bad.status).toBe(400);
		expect(bad.body.error.details[0].field).toBe('kind');
		const s = await tech.call('POST', base, { kind: 'recall', description: '召回批次 2611 全部产品' });
		expect(s.status).toBe(201);
		expect(s.body).toMatchObject({ status: 'pending_approval', kindName: { zh: '召回' } });
		// not executed before approval
		expect((await tech.call('POST', `${base}/${s.body.id}/progress`, { note: '已出发' })).status).toBe(409);
		// the wrong approvers
		expect((await tech.call('POST', `${base}/${s.body.id}/approve`, {})).status).toBe(403);
		const byHead = await head.call('POST', `${base}/${s.body.id}/approve`, {});
		expect(byHead.status).toBe(403);
		expect(byHead.body.error.message).toContain('leadership');
		const ok = await gm.call('POST', `${base}/${s.body.id}/approve`, { comment: '同意,符合《产品质量法》' });
		expect(ok.status).toBe(200);
		expect(ok.body).toMatchObject({ status: 'approved', decidedBy: { name: '总经理' } });
		expect((await gm.call('POST', `${base}/${s.body.id}/approve`, {})).status).toBe(409);
		await tech.call('POST', `${base}/${s.body.id}/progress`, { note: '召回通知已发出' });
		const done = await tech.call('POST', `${base}/${s.body.id}/progress`, { note: '全部收回', done: true });
		expect(done.body).toMatchObject({ status: 'done' });
		expect(done.body.progress.map((p: any) => p.note)).toEqual(['召回通知已发出', '全部收回']);
		// quality check by quality control: tech support may not; a failed check sends it back to execution
		const qcUrl = `${base}/${s.body.id}/quality-check`;
		expect((await tech.call('POST', qcUrl, { passed: true })).status).toBe(403);
		expect((await qc.call('POST', qcUrl, { passed: 'yes' })).body.error.details[0].field).toBe('passed');
		const failed = await qc.call('POST', qcUrl, { passed: false, note: '仍有 3 台未回收' });
		expect(failed.body).toMatchObject({ status: 'in_progress', qualityCheck: { passed: false, note: '仍有 3 台未回收', by: { name: '质检 吴' } } });
		expect((await qc.call('POST', qcUrl, { passed: true })).status).toBe(409); // not done again yet
		await tech.call('POST', `${base}/${s.body.id}/progress`, { note: '剩余 3 台已回收', done: true });
		expect((await qc.call('POST', qcUrl, { passed: true })).body).toMatchObject({ status: 'done', qualityCheck: { passed: true } });
		expect((await qc.call('POST', qcUrl, { passed: true })).status).toBe(409);
		const types = (await gm.call('GET', `/api/v1/incidents/${inc.id}/events`)).body.items.map((e: any) => e.type);
		expect(types).toEqual(expect.arrayContaining(['solution.proposed', 'solution.approved', 'solution.progress', 'solution.quality_checked']));
	});

	it('levels 2–3 are approved by a department head (any lead); a rejected solution does not run', async () => {
		const inc = (await head.call('POST', '/api/v1/incidents', { title: '门店服务差', category: 'service_failure' })).body;
		const base = `/api/v1/incidents/${inc.id}/solutions`;
		const s = (await qc.call('POST', base, { kind: 'training', description: '客服沟通技巧培训' })).body;
		expect((await qc.call('POST', `${base}/${s.id}/approve`)).status).toBe(403);
		expect((await head.call('POST', `${base}/${s.id}/approve`, { reject: true, comment: '先做流程优化' })).body.status).toBe('rejected');
		expect((await qc.call('POST', `${base}/${s.id}/progress`, { note: 'x' })).status).toBe(409);
		const s2 = (await qc.call('POST', base, { kind: 'process_fix', description: '增加揀货核对环节' })).body;
		expect((await head.call('POST', `${base}/${s2.id}/approve`)).body.status).toBe('approved');
		expect((await head.call('POST', `${base}/nope/approve`)).status).toBe(404);
		expect((await qc.call('GET', base)).body.items.map((x: any) => x.status)).toEqual(['rejected', 'approved']);
	});
});
