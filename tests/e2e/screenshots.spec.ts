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
	const page = await signedIn(browser, 'lead', 'zh-CN');
	await new DashboardPage(page).open();
	await expect(page.getByTestId('incident-card').first()).toBeVisible();
	await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-zh.png'), fullPage: false });
	await page.goto(`/incidents/${first}`);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');
	await page.screenshot({ path: path.join(ARTIFACTS, 'incident-zh.png'), fullPage: false });
	if (!process.env.CI) {
		fs.mkdirSync('docs', { recursive: true });
		fs.copyFileSync(path.join(ARTIFACTS, 'dashboard-zh.png'), 'docs/screenshot-dashboard.png');
		fs.copyFileSync(path.join(ARTIFACTS, 'incident-zh.png'), 'docs/screenshot-incident.png');
	}
});
