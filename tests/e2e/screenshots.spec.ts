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
		{ title: '星耀 X5 手机电池鼓包(批次 2611)', category: 'product_quality', description: '多地用户反馈充电时电池鼓包,微博已有曝光。', inputs: { estimatedAffectedCustomers: 137, mediaExposure: true } },
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
	const page = await signedIn(browser, 'lead', 'zh-CN');
	await new DashboardPage(page).open();
	await expect(page.getByTestId('incident-card').first()).toBeVisible();
	await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-zh.png'), fullPage: false });
	await page.goto(`/incidents/${first}`);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');
	await expect(page.getByTestId('customer-row')).toHaveCount(names.length);
	await page.screenshot({ path: path.join(ARTIFACTS, 'incident-zh.png'), fullPage: true });
	if (!process.env.CI) {
		fs.mkdirSync('docs', { recursive: true });
		fs.copyFileSync(path.join(ARTIFACTS, 'dashboard-zh.png'), 'docs/screenshot-dashboard.png');
		fs.copyFileSync(path.join(ARTIFACTS, 'incident-zh.png'), 'docs/screenshot-incident.png');
	}
});
