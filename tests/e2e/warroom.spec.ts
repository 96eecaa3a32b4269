// The responder's war room on a phone: seats to take and acknowledge, customers to contact by
// deadline across incidents, updating live as others work.
import { test, expect } from './fixtures';

test('on a phone, a customer-service responder takes a seat, acknowledges it and sees customers by deadline, live', async ({ browser, baseURL, api }) => {
	const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
	// registered days ago: overdue and so first in a list sorted by deadline, ahead of whatever earlier tests left open
	const a = (await api.call('POST', '/api/v1/incidents', { title: `空调漏水 ${Date.now() % 10000}`, category: 'product_quality' })).body;
	const b = (await api.call('POST', '/api/v1/incidents', { title: `配送延误 ${Date.now() % 10000}`, category: 'service_failure' })).body;
	const added = (await api.call('POST', `/api/v1/incidents/${a.id}/customers`, [{ name: '晚一点', reportedAt: minutesAgo(4000) }])).body.items;
	await api.call('POST', `/api/v1/incidents/${b.id}/customers`, [{ name: '最急', reportedAt: minutesAgo(5000) }]);

	const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	await context.addCookies([{ name: 'warroom_lang', value: 'en', url: baseURL }]);
	const page = await context.newPage();
	const { LoginPage } = await import('./pages/login-page');
	const { USERS } = await import('./fixtures');
	await new LoginPage(page).signIn(USERS.agent.email, USERS.agent.password);
	await page.goto('/warroom');
	await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');

	// most urgent first, across incidents
	const names = page.getByTestId('warroom-contact');
	await expect(names.filter({ hasText: '最急' })).toHaveCount(1);
	const order = await names.allTextContents();
	expect(order.findIndex((t) => t.includes('最急'))).toBeLessThan(order.findIndex((t) => t.includes('晚一点')));

	// take the customer-service seat of incident a, then acknowledge it
	const seatRow = page.locator(`[data-testid=seat-incident][data-code="${a.code}"]`);
	// past a few incidents the invitations to take a seat are folded: unfold them
	if (await page.getByTestId('invitations-open').isVisible()) await page.getByTestId('invitations-open').click();
	// no part of the page is wider than the phone
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await seatRow.getByTestId('warroom-take').click();
	await expect(seatRow.getByTestId('warroom-acknowledge')).toBeVisible();
	await seatRow.getByTestId('warroom-acknowledge').click();
	await expect(seatRow).toHaveCount(0);

	// someone else contacts a customer: it leaves my list without reload
	await api.call('POST', `/api/v1/incidents/${a.id}/customers/${added[0].id}/contacts`, { apologized: true, explained: true, needAsked: false });
	await expect(names.filter({ hasText: '晚一点' })).toHaveCount(0);
	await context.close();
});
