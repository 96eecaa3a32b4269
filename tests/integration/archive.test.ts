// The archive through the API: an incident taken from declared to closed gets its seven documents
// (Markdown and print-ready HTML, both languages) in the closing transaction, with customers'
// personal data masked; before close there is no archive (409); search finds closed incidents by
// Chinese substrings of their causes, and treats % and _ as plain characters.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient, createUsers } from '../support/client';
import { formatTime } from '../../src/lib/server/services/archive-render';

const KINDS = ['level_determination', 'customer_list', 'cause_analysis', 'solution_approval', 'confirmations', 'postmortem', 'improvements'];
const ZH = { 'accept-language': 'zh-CN' };
const TZ = process.env.WARROOM_TIMEZONE || 'Asia/Shanghai';

describe.each(DRIVERS)('Archive and search on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let agent: ApiClient;
	let tech: ApiClient;
	let inc: any;
	const docs = (path = '') => `/api/v1/incidents/${inc.id}/documents${path}`;

	beforeAll(async () => {
		ctx = await startServer(driver);
		admin = await ApiClient.login(ctx.server.url);
		[agent, tech] = (
			await createUsers(admin, [
				['agent@example.com', '陈客服', ['responder'], ['customer_service']],
				['tech@example.com', '技术 周', ['responder'], ['tech_support']]
			])
		).clients;
		inc = (await admin.call('POST', '/api/v1/incidents', { title: '星耀X5手机批次鼓包投诉', category: 'product_quality', description: '充电时后盖翘起' })).body;
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('declared → closed: seven documents in both languages, personal data masked, When on the post-mortem', async () => {
		const id = inc.id;
		const [c, c2] = (
			await agent.call('POST', `/api/v1/incidents/${id}/customers`, [
				{ name: '任秀兰', phone: '13812345678', orderNo: 'DD2025010188', productModel: 'X5-Pro', symptom: '后盖翘起' },
				{ name: '孙丽', productModel: 'X5-Pro', symptom: '充电发烫' }
			])
		).body.items;
		expect(c.phone).toBe('138****5678');
		expect((await admin.call('POST', `/api/v1/incidents/${id}/level`, { level: 2, reason: '微博出现相关讨论' })).status).toBe(200);

		// no archive before close
		const early = await agent.call('GET', docs());
		expect(early.status).toBe(409);
		expect(early.body.error).toMatchObject({ code: 'conflict', message: 'The archive is generated when the incident is closed' });
		expect((await agent.call('GET', docs('/postmortem?format=html'))).status).toBe(409);

		// the notice is published outside this test: the lead moves on with a recorded reason
		expect((await admin.call('POST', `/api/v1/incidents/${id}/phase`, { phase: 'containment', overrideReason: '通知已在启动会上宣读' })).status).toBe(200);
		for (const x of [c, c2]) await agent.call('POST', `/api/v1/incidents/${id}/customers/${x.id}/contacts`, { apologized: true, explained: true, needAsked: true, need: 'replacement' });
		expect((await tech.call('PUT', `/api/v1/incidents/${id}/cause`, { version: 0, rootCause: '供应商锂电池鼓包', directCause: '来料检验抽检比例过低' })).status).toBe(200);
		expect((await admin.call('POST', `/api/v1/incidents/${id}/phase`, { phase: 'resolution' })).status).toBe(200);
		const sol = (await tech.call('POST', `/api/v1/incidents/${id}/solutions`, { kind: 'replacement', description: '为受影响用户更换整机' })).body;
		expect((await admin.call('POST', `/api/v1/incidents/${id}/solutions/${sol.id}/approve`, { comment: '同意,优先处理' })).status).toBe(200);
		expect((await tech.call('POST', `/api/v1/incidents/${id}/solutions/${sol.id}/progress`, { note: '备机已寄出', done: true })).status).toBe(200);
		expect((await admin.call('POST', `/api/v1/incidents/${id}/solutions/${sol.id}/quality-check`, { passed: true })).status).toBe(200);
		expect((await agent.call('POST', `/api/v1/incidents/${id}/customers/${c.id}/confirmation`, { result: 'satisfied', method: 'phone' })).status).toBe(201);
		expect((await agent.call('POST', `/api/v1/incidents/${id}/customers/${c.id}/survey`, { speed: 5, result: 4, attitude: 5, suggestion: '希望更快' })).status).toBe(201);
		expect((await agent.call('POST', `/api/v1/incidents/${id}/customers/${c2.id}/confirmation-waiver`, { reason: '客户出国,电话中口头确认已修复' })).status).toBe(201);
		// approved, executed, checked, and the customer's confirmation: the gate is open without a reason
		expect((await admin.call('POST', `/api/v1/incidents/${id}/phase`, { phase: 'follow_up' })).status).toBe(200);
		const pmUrl = `/api/v1/incidents/${id}/postmortem`;
		const saved = await agent.call('PUT', pmUrl, {
			version: 0,
			what: '批次 2611 电池鼓包 | 12 起投诉',
			who: '客服组、技术组',
			where: '生产',
			how: { wentWell: '30 分钟内联系客户', wentBadly: '来料检验不足 | 抽检 1%' },
			improvementPoints: '加强来料检验',
			when: [{ key: 'first_contact', annotation: '按时' }]
		});
		expect(saved.status).toBe(200);
		expect((await agent.call('POST', `/api/v1/incidents/${id}/improvements`, { type: 'product', description: '电芯来料全检' })).status).toBe(201);
		const closed = await admin.call('POST', `/api/v1/incidents/${id}/phase`, { phase: 'closed' });
		expect(closed.status).toBe(200);

		// the list, titles in the caller's language
		const list = await agent.call('GET', docs());
		expect(list.status).toBe(200);
		expect(list.body.items.map((i: any) => i.kind)).toEqual(KINDS);
		expect(list.body.items[0]).toEqual({
			kind: 'level_determination',
			title: 'Level determination',
			url: docs('/level_determination?format=html'),
			markdownUrl: docs('/level_determination?format=md')
		});
		expect((await agent.call('GET', docs(), undefined, ZH)).body.items.map((i: any) => i.title)).toContain('《复盘报告》');

		// every document, both formats and both languages: the code in it, no plain personal data
		for (const kind of KINDS) {
			for (const lang of ['en', 'zh']) {
				const md = await agent.call('GET', docs(`/${kind}?lang=${lang}`));
				const html = await agent.call('GET', docs(`/${kind}?format=html&lang=${lang}`));
				expect(md.status).toBe(200);
				expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
				expect(md.headers.get('content-disposition')).toBe(`inline; filename="${inc.code}-${kind}.md"`);
				expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
				for (const body of [md.body, html.body]) {
					expect(body).toContain(inc.code);
					for (const plain of ['任秀兰', '13812345678', 'DD2025010188']) expect(body).not.toContain(plain);
				}
				expect(html.body).toMatch(/^<!doctype html>/);
				expect(html.body).toContain('@page { size: A4; margin: 18mm 16mm 20mm;');
				expect(html.body).toContain('counter(page) " / " counter(pages)');
			}
		}

		const customers = (await agent.call('GET', docs('/customer_list?lang=zh'))).body;
		expect(customers).toContain('| 1 | 任** | 138****5678 | DD****0188 | X5-Pro | 后盖翘起 |');
		const level = (await agent.call('GET', docs('/level_determination?lang=zh'))).body;
		expect(level).toContain('微博出现相关讨论');
		expect(level).toContain('二级 · 较大');
		const cause = (await agent.call('GET', docs('/cause_analysis?lang=zh'))).body;
		expect(cause).toContain('供应商锂电池鼓包');
		expect(cause).toContain('技术 周');
		const solution = (await agent.call('GET', docs('/solution_approval?lang=zh'))).body;
		expect(solution).toContain('为受影响用户更换整机');
		expect(solution).toContain('同意,优先处理');
		expect(solution).toContain('备机已寄出');
		const confirm = (await agent.call('GET', docs('/confirmations?lang=zh'))).body;
		expect(confirm).toContain('| 1. 任** | 满意 | 电话确认 | 陈客服 |');
		expect(confirm).toContain('希望更快');
		// the reached customer without a confirmation: the recorded reason stands in the document
		expect(confirm).toMatch(/\| 2\. 孙\S* \| 免确认（已记录原因） \| — \| 陈客服 \| [^|]+ \| 客户出国,电话中口头确认已修复 \|/);

		// the post-mortem: When's timestamps, a pipe in What that does not break the table
		const pm = (await agent.call('GET', docs('/postmortem?lang=zh'))).body;
		const when = (await agent.call('GET', pmUrl, undefined, ZH)).body.when;
		expect(when.filter((x: any) => x.at).length).toBeGreaterThanOrEqual(3);
		for (const w of when.filter((x: any) => x.at)) expect(pm).toContain(`| ${w.label} | ${formatTime(w.at, TZ)} |`);
		expect(pm).toContain('批次 2611 电池鼓包 \\| 12 起投诉');
		expect(pm).toContain('| 来料检验不足 \\| 抽检 1% |');
		expect(pm).toContain('电芯来料全检');
		const pmHtml = (await agent.call('GET', docs('/postmortem?format=html&lang=zh'))).body;
		expect(pmHtml).toContain(formatTime(saved.body.when[0].at, TZ));
		expect(pmHtml).toContain('《复盘报告》');
		expect((await agent.call('GET', docs('/improvements?lang=en'))).body).toContain('| 1 | Product | 电芯来料全检 |');

		// the bundle: all seven in one file
		const bundle = await agent.call('GET', docs('/bundle?format=html&lang=zh'));
		expect(bundle.status).toBe(200);
		expect(bundle.body.match(/<article /g)).toHaveLength(7);
		expect(bundle.headers.get('content-disposition')).toBe(`inline; filename="${inc.code}-archive.html"`);
		const bundleMd = (await agent.call('GET', docs('/bundle?lang=zh'))).body;
		for (const title of ['《事件等级判定表》', '《客户问题信息表》', '《原因分析报告》', '《解决方案审批表》', '《问题解决确认单》', '《复盘报告》', '《改进措施清单》'])
			expect(bundleMd).toContain(`# ${title}`);

		const unknown = await agent.call('GET', docs('/minutes'));
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.details.kinds).toEqual(KINDS);
		expect((await agent.call('GET', docs('/postmortem?format=pdf'))).status).toBe(400);

		// closed stays read-only
		const late = await agent.call('PUT', pmUrl, { version: saved.body.version, what: 'x' });
		expect(late.status).toBe(409);
		expect((await agent.call('POST', `/api/v1/incidents/${id}/customers`, [{ name: '新客户' }])).status).toBe(409);
	});

	it('search: Chinese substrings of causes and titles find closed incidents; % and _ are literal; q is required', async () => {
		const other = (await admin.call('POST', '/api/v1/incidents', { title: '门店自提延误', category: 'service_failure' })).body;
		const ids = async (q: string) => {
			const r = await agent.call('GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
			expect(r.status).toBe(200);
			return r.body.items.map((i: any) => i.id);
		};
		expect(await ids('电池')).toEqual([inc.id]);
		expect(await ids('批次鼓包')).toEqual([inc.id]);
		expect(await ids(inc.code.slice(0, -1))).toContain(inc.id);
		expect(await ids('来料全检')).toEqual([inc.id]);
		expect(await ids('x5-PRO')).toEqual([inc.id]);
		expect(await ids('自提')).toEqual([other.id]);
		const found = (await agent.call('GET', '/api/v1/search?q=电池')).body.items[0];
		expect(found).toMatchObject({ code: inc.code, phase: 'closed', level: 2 });
		expect(await ids('%')).toEqual([inc.id]); // only the literal % in its post-mortem, not everything
		expect(await ids('_')).toEqual([]);
		for (const q of ['', '%20%20', 'x'.repeat(201)]) {
			const r = await agent.call('GET', `/api/v1/search?q=${q}`);
			expect(r.status).toBe(400);
			expect(r.body.error.details[0].field).toBe('q');
		}
		expect((await agent.call('GET', '/api/v1/search')).body.error.details[0].field).toBe('q');
	});
});
