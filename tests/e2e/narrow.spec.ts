// Phones: no page scrolls sideways at 390 and 360 px (the document is never wider than the screen).
import { test, expect } from './fixtures';
import { ADMIN } from '../support/server';
import { LoginPage } from './pages/login-page';

for (const viewport of [
	{ width: 390, height: 844 },
	{ width: 360, height: 740 }
]) {
	test(`no page scrolls sideways at ${viewport.width}×${viewport.height}`, async ({ browser, baseURL, api }) => {
		test.setTimeout(90_000);
		const inc = (await api.call('POST', '/api/v1/incidents', { title: `窄屏巡检 ${viewport.width}`, category: 'product_quality', inputs: { estimatedAffectedCustomers: 3 } })).body;
		await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '任秀兰', phone: '13812345678', productModel: '星耀 X5 Pro 手机（512 GB 星空黑）', symptom: '充电时电池鼓包，后盖翘起' }]);
		const link = (await api.call('POST', '/api/v1/display-tokens', { label: '窄屏大屏' })).body;
		const context = await browser.newContext({ baseURL, viewport, isMobile: true, hasTouch: true });
		await context.addCookies([{ name: 'warroom_lang', value: 'zh-CN', url: baseURL }]);
		const page = await context.newPage();
		const wide: string[] = [];
		const check = async (what: string) => {
			const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
			if (scroll > inner) wide.push(`${what}: ${scroll} > ${inner}`);
		};
		await page.goto('/login');
		await expect(page.locator('input[name=email]')).toBeVisible();
		await check('/login');
		await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
		for (const path of [
			'/',
			'/warroom',
			`/incidents/${inc.id}`,
			'/improvements',
			'/metrics',
			'/metrics/report',
			'/search?q=电池',
			'/resources',
			'/admin/users',
			'/admin/webhooks',
			'/api-docs',
			`/review/${inc.id}`
		]) {
			await page.goto(path);
			await expect(page.locator('main')).toBeVisible();
			await page.waitForLoadState('networkidle');
			await check(path);
		}
		// English words are longer: the pages a responder works on, again in English
		await context.addCookies([{ name: 'warroom_lang', value: 'en', url: baseURL }]);
		for (const path of ['/', '/warroom', `/incidents/${inc.id}`, '/improvements']) {
			await page.goto(path);
			await expect(page.locator('main')).toBeVisible();
			await page.waitForLoadState('networkidle');
			await check(`${path} (en)`);
		}
		await context.addCookies([{ name: 'warroom_lang', value: 'zh-CN', url: baseURL }]);
		// the folded menu, open, fits too
		await page.goto('/resources');
		await page.getByTestId('menu-toggle').click();
		await expect(page.getByTestId('search-input')).toBeVisible();
		await check('/resources with the menu open');
		await page.goto(link.url.replace(/^https?:\/\/[^/]+/, baseURL));
		await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');
		await check('/display');
		expect(wide).toEqual([]);
		await context.close();
	});
}
