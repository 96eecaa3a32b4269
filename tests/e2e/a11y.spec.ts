// Axe on the main pages in zh-CN: no serious or critical violation (contrast, names, labels, landmarks).
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import { ADMIN } from '../support/server';
import { LoginPage } from './pages/login-page';
import type { Browser, Page } from '@playwright/test';
import type { ApiClient } from '../support/client';

async function serious(page: Page) {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map(
			(v) =>
				`${v.id} (${v.impact}) ${v.help} — ${v.nodes
					.map((n) => n.target.join(' '))
					.slice(0, 5)
					.join(' | ')}`
		);
}

async function zhPage(browser: Browser, baseURL: string) {
	const context = await browser.newContext({ baseURL });
	await context.addCookies([{ name: 'warroom_lang', value: 'zh-CN', url: baseURL }]);
	return context.newPage();
}

async function incident(api: ApiClient) {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '无障碍巡检', category: 'product_quality', inputs: { estimatedAffectedCustomers: 3 } })).body;
	await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '任秀兰', phone: '13812345678', productModel: '星耀 X5 手机', symptom: '充电时电池鼓包' }]);
	return inc.id as string;
}

test('axe: the login page (zh-CN)', async ({ browser, baseURL }) => {
	const page = await zhPage(browser, baseURL);
	await page.goto('/login');
	await expect(page.locator('input[name=email]')).toBeVisible();
	expect(await serious(page)).toEqual([]);
	await page.context().close();
});

const pages: [string, (id: string) => string][] = [
	['dashboard', () => '/'],
	['incident page', (id) => `/incidents/${id}`],
	['my tasks', () => '/warroom'],
	['improvements', () => '/improvements'],
	['metrics', () => '/metrics'],
	['search', () => '/search?q=电池'],
	['resources', () => '/resources'],
	['admin users', () => '/admin/users'],
	['api docs', () => '/api-docs'],
	['review presenter', (id) => `/review/${id}`]
];
for (const [name, path] of pages) {
	test(`axe: ${name} (zh-CN)`, async ({ browser, baseURL, api }) => {
		// the API reference lists ~90 operations with their schemas: axe needs longer there
		if (name === 'api docs') test.slow();
		const id = path('x').includes('x') ? await incident(api) : '';
		const page = await zhPage(browser, baseURL);
		await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
		await page.goto(path(id));
		// live: the socket is up (the presenter screen has no indicator, it shows who is here)
		if (name === 'review presenter') await expect(page.getByTestId('presence-user')).toHaveCount(1);
		else if (name === 'api docs') await expect(page.getByTestId('api-op').first()).toBeVisible();
		else await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');
		expect(await serious(page)).toEqual([]);
		await page.context().close();
	});
}

test('axe: the wall display (zh-CN)', async ({ browser, baseURL, api }) => {
	const link = (await api.call('POST', '/api/v1/display-tokens', { label: '无障碍大屏' })).body;
	const page = await zhPage(browser, baseURL);
	await page.goto(link.url.replace(/^https?:\/\/[^/]+/, baseURL));
	await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');
	expect(await serious(page)).toEqual([]);
	await page.context().close();
});
