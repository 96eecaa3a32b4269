// Axe on the main pages in zh-CN: no serious or critical violation (contrast, names, labels, landmarks).
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import { ADMIN } from '../support/server';
import { LoginPage } from './pages/login-page';
import type { Page } from '@playwright/test';

async function serious(page: Page, what: string) {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	return bad.map((v) => `${what}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
}

test('the main pages have no serious or critical axe violation (zh-CN)', async ({ browser, baseURL, api }) => {
	test.setTimeout(90_000);
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '无障碍巡检', category: 'product_quality', inputs: { estimatedAffectedCustomers: 3 } })).body;
	await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '任秀兰', phone: '13812345678', productModel: '星耀 X5 手机', symptom: '充电时电池鼓包' }]);
	const link = (await api.call('POST', '/api/v1/display-tokens', { label: '无障碍大屏' })).body;
	const context = await browser.newContext({ baseURL });
	await context.addCookies([{ name: 'warroom_lang', value: 'zh-CN', url: baseURL }]);
	const page = await context.newPage();
	const found: string[] = [];
	await page.goto('/login');
	await expect(page.locator('input[name=email]')).toBeVisible();
	found.push(...(await serious(page, '/login')));
	await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
	for (const path of ['/', `/incidents/${inc.id}`, '/warroom', '/improvements', '/metrics', '/search?q=电池', '/resources', '/admin/users', '/api-docs', `/review/${inc.id}`]) {
		await page.goto(path);
		await expect(page.locator('main')).toBeVisible();
		await page.waitForLoadState('networkidle');
		found.push(...(await serious(page, path)));
	}
	const wall = await context.newPage();
	await wall.goto(link.url.replace(/^https?:\/\/[^/]+/, baseURL));
	await expect(wall.getByTestId('connection')).toHaveAttribute('data-state', 'online');
	found.push(...(await serious(wall, '/display')));
	expect(found).toEqual([]);
	await context.close();
});
