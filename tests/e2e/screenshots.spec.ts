// Screenshots for the README and for looking at the pages (tests/e2e/artifacts, docs/).
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { DashboardPage } from './pages/dashboard-page';

const ARTIFACTS = path.resolve('tests/e2e/artifacts');

test('dashboard and incident page look like a command centre', async ({ browser, signedIn, api }) => {
	test.skip(test.info().project.name !== 'pglite', 'screenshots once');
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	const seeded = [
		{
			title: '星耀 X5 手机电池鼓包(批次 2611)',
			category: 'product_quality',
			description: '多地用户反馈充电时电池鼓包,微博已有曝光。',
			inputs: { estimatedAffectedCustomers: 137, mediaExposure: true }
		},
		{ title: '华东区域快递网络停滞', category: 'special_scenario', description: '暴雨导致华东三省物流停运,订单延迟。', inputs: { estimatedAffectedCustomers: 46, regionalInterruption: true } },
		{ title: '南京新街口门店 200 单自提失败', category: 'service_failure', inputs: { estimatedAffectedCustomers: 8, compensationDemanded: true } }
	];
	let first = '';
	for (const s of seeded) {
		const r = await api.call('POST', '/api/v1/incidents', s);
		first ||= r.body.id;
	}
	const names = ['任秀兰', '曹刚', '罗平', '田芳', '赵敏', '孙伟', '周婷', '吴磊', '郑洁', '王强', '冯雪', '陈晨'];
	const models = ['星耀 X5 手机', '星耀 X5 Pro 手机'];
	const symptoms = ['充电时电池鼓包', '后盖翘起', '充电发烫后无法开机'];
	const rows = names.map((name, i) => ({
		name,
		phone: `1${38 + (i % 3)}${String(10_000_000 + i * 7_654_321).slice(-8)}`,
		productModel: models[i % 2],
		symptom: symptoms[i % 3],
		reportedAt: new Date(Date.now() - (4 + i * 3.5) * 60_000).toISOString()
	}));
	const added = await api.call('POST', `/api/v1/incidents/${first}/customers`, rows);
	for (const c of added.body.items.slice(0, 3)) {
		await api.call('POST', `/api/v1/incidents/${first}/customers/${c.id}/contacts`, { apologized: true, explained: true, needAsked: true, need: 'replacement' });
	}
	// the response group half seated, a spare phone drawn from a stock that is now low
	const resp = (await api.call('GET', `/api/v1/incidents/${first}/response`)).body;
	const cs = resp.seats.find((x: { seat: string }) => x.seat === 'customer_service');
	const agentId = cs.candidates.find((c: { name: string }) => c.name === '陈客服')?.id;
	if (agentId) await api.call('PUT', `/api/v1/incidents/${first}/response/seats/customer_service`, { userId: agentId });
	const { ApiClient } = await import('../support/client');
	const admin = await ApiClient.login(api.base);
	const spare = (await admin.call('POST', '/api/v1/resources', { kind: 'spare_product', name: '备用机', model: '星耀 X5', stock: 5, lowThreshold: 3, unit: '台', location: '上海仓' })).body;
	const policy = (await admin.call('POST', '/api/v1/compensation-policies', { category: 'product_quality', measureKind: 'spare_product', title: '备用机 + 延保 6 个月', warrantyExtensionMonths: 6 }))
		.body;
	await api.call('POST', `/api/v1/incidents/${first}/measures`, {
		kind: 'spare_product',
		description: '备用机顺丰加急寄出,明日送达',
		customerIds: added.body.items.slice(0, 2).map((c: { id: string }) => c.id),
		resourceId: spare.id,
		policyId: policy.id
	});
	const page = await signedIn(browser, 'lead', 'zh-CN');
	await new DashboardPage(page).open();
	await expect(page.getByTestId('incident-card').first()).toBeVisible();
	await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-zh.png'), fullPage: false });
	await page.goto(`/incidents/${first}`);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');
	await expect(page.getByTestId('customer-row')).toHaveCount(names.length);
	await page.screenshot({ path: path.join(ARTIFACTS, 'incident-zh.png') });
	// the same incident in English, and on a phone (390×844) in both languages: the customer-service worklist
	const en = await signedIn(browser, 'lead', 'en');
	await en.goto(`/incidents/${first}`);
	await expect(en.getByTestId('customer-row')).toHaveCount(names.length);
	await en.screenshot({ path: path.join(ARTIFACTS, 'incident-en.png') });
	for (const lang of ['zh-CN', 'en'] as const) {
		const phone = await signedIn(browser, 'agent', lang);
		await phone.setViewportSize({ width: 390, height: 844 });
		await phone.goto(`/incidents/${first}`);
		await expect(phone.getByTestId('customer-card').first()).toBeVisible();
		await phone.screenshot({ path: path.join(ARTIFACTS, `phone-${lang}.png`) });
	}
	if (!process.env.CI) {
		fs.mkdirSync('docs', { recursive: true });
		fs.copyFileSync(path.join(ARTIFACTS, 'incident-zh.png'), 'docs/screenshot-incident.png');
		fs.copyFileSync(path.join(ARTIFACTS, 'incident-en.png'), 'docs/screenshot-incident-en.png');
		fs.copyFileSync(path.join(ARTIFACTS, 'phone-zh-CN.png'), 'docs/screenshot-phone.png');
		fs.copyFileSync(path.join(ARTIFACTS, 'phone-en.png'), 'docs/screenshot-phone-en.png');
	}
});
