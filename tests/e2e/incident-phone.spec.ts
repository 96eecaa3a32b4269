// The incident page on a phone (issue #18): a customer-service responder lands on the customers,
// as cards sorted by deadline, within the first two screens, and records a contact with taps only;
// nothing scrolls sideways at 390 and 360 px. A closed incident is read-only with its ribbon.
import type { Browser } from '@playwright/test';
import { test, expect, USERS } from './fixtures';
import { LoginPage } from './pages/login-page';
import type { ApiClient } from '../support/client';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function onPhone(browser: Browser, baseURL: string, viewport: { width: number; height: number }) {
	const context = await browser.newContext({ baseURL, viewport, isMobile: true, hasTouch: true });
	await context.addCookies([{ name: 'warroom_lang', value: 'zh-CN', url: baseURL }]);
	const page = await context.newPage();
	await new LoginPage(page).signIn(USERS.agent.email, USERS.agent.password);
	return { page, context };
}

/** A live incident with customers at every stage of their deadline (level 3: 2 h windows) and a long timeline. */
async function liveIncident(api: ApiClient) {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: `星耀 X5 手机充电时电池鼓包，多地用户反映无法开机 ${Date.now() % 10000}`, category: 'product_quality' })).body;
	const rows = [
		{ name: '远期客户', phone: '13800000001', productModel: '星耀 X5 Pro Max 512GB 曜石黑', symptom: '充电时电池鼓包，后盖翘起', reportedAt: minutesAgo(5) },
		{ name: '超时客户', phone: '13800000002', productModel: '星耀 X5', symptom: '无法开机', reportedAt: minutesAgo(130) },
		{ name: '临期客户', phone: '13800000003', productModel: '星耀 X5', symptom: '发热', reportedAt: minutesAgo(100) }
	];
	expect((await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, rows)).status).toBe(201);
	return inc as { id: string; code: string };
}

const noSideScroll = (page: import('@playwright/test').Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));

for (const viewport of [
	{ width: 390, height: 844 },
	{ width: 360, height: 740 }
]) {
	test(`at ${viewport.width}×${viewport.height} a customer-service responder leads with the customers by deadline and records a contact with taps only`, async ({ browser, baseURL, api }) => {
		const inc = await liveIncident(api);
		const { page, context } = await onPhone(browser, baseURL, viewport);
		await page.goto(`/incidents/${inc.id}`);
		await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');

		const cards = page.getByTestId('customer-card');
		await expect(cards).toHaveCount(3);
		// by deadline: overdue first, then due soon, then the one with time left
		await expect(cards.nth(0)).toContainText('超时客户');
		await expect(cards.nth(1)).toContainText('临期客户');
		await expect(cards.nth(2)).toContainText('远期客户');
		await expect(page.getByTestId('customers-shown')).toHaveText('显示 3 / 3');
		await expect(page.getByTestId('tab-customers')).toHaveAttribute('aria-current', 'true');

		// the first card and its 记录联系 are within the first two screens
		const first = cards.first();
		const button = first.getByTestId('contact-open');
		for (const box of [await first.boundingBox(), await button.boundingBox()]) expect(box!.y + box!.height).toBeLessThanOrEqual(2 * viewport.height);
		await expect(first.locator('a[href^="tel:"], [data-testid="call"]')).toHaveCount(1);
		let size = await noSideScroll(page);
		expect(size.scroll, 'the page scrolls sideways').toBeLessThanOrEqual(size.inner);

		// thumbs only: open the sheet, tick the checklist, save
		await button.tap();
		const sheet = page.getByTestId('contact-sheet');
		await expect(sheet).toBeVisible();
		const sheetBox = (await sheet.boundingBox())!;
		expect(sheetBox.x).toBeGreaterThanOrEqual(0);
		expect(sheetBox.x + sheetBox.width).toBeLessThanOrEqual(viewport.width);
		await sheet.getByTestId('contact-apologized').tap();
		await sheet.getByTestId('contact-explained').tap();
		const saved = page.waitForResponse((r) => r.url().includes('/contacts') && r.request().method() === 'POST');
		await sheet.getByTestId('contact-save').tap();
		expect((await saved).status()).toBe(201);
		await expect(sheet).toBeHidden();
		// the reached customer drops behind the open ones, and the roll-up counts it
		await expect(page.getByTestId('rollup-met')).toHaveText('1');
		await expect(cards.nth(2)).toContainText('超时客户');
		await expect(cards.nth(2).getByTestId('deadline-status')).toHaveAttribute('data-status', 'met_late');

		// the timeline, further down, does not widen the page either
		await page.getByTestId('tab-timeline').tap();
		await expect(page.getByTestId('timeline').locator('li[data-type="customer.contacted"]')).toHaveCount(1);
		size = await noSideScroll(page);
		expect(size.scroll, 'the timeline widens the page').toBeLessThanOrEqual(size.inner);
		await expect(page).toHaveURL(/tab=timeline/);
		await context.close();
	});
}

test('a closed incident is read-only with the archived ribbon: no edit, measure or assign buttons', async ({ browser, baseURL, api }) => {
	const inc = await liveIncident(api);
	for (const phase of ['containment', 'resolution', 'follow_up', 'closed']) {
		const r = await api.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase, overrideReason: '演练：直接归档' });
		expect(r.status, JSON.stringify(r.body)).toBe(200);
	}
	const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
	await context.addCookies([{ name: 'warroom_lang', value: 'zh-CN', url: baseURL }]);
	const page = await context.newPage();
	await new LoginPage(page).signIn(USERS.lead.email, USERS.lead.password);
	await page.goto(`/incidents/${inc.id}`);
	await expect(page.getByTestId('archived-ribbon')).toHaveText('已归档 · 只读');
	await expect(page.getByTestId('tab-review')).toHaveAttribute('aria-current', 'true');
	await expect(page.getByTestId('customer-row')).toHaveCount(3);
	for (const id of ['edit', 'measure-new', 'contact-open', 'add-customer', 'cause-edit', 'postmortem-edit', 'import-csv']) await expect(page.getByTestId(id)).toHaveCount(0);
	await expect(page.locator('[data-testid^="assign-"], [data-testid^="take-"], [data-testid^="release-"]')).toHaveCount(0);
	await expect(page.getByText('版本')).toHaveCount(0);
	await context.close();
});
