// Times are shown in the server's zone (WARROOM_TIMEZONE, Asia/Shanghai on the test server), never
// the browser's: a browser in New York renders the search page itself (a client-side navigation)
// and shows an incident identified at 16:05 UTC as 00:05 the next day, Beijing time.
import { test, expect } from './fixtures';
import { USERS } from './fixtures';
import { LoginPage } from './pages/login-page';

test('a browser in New York shows times in Beijing time, labelled', async ({ browser, baseURL, api }) => {
	const title = `时区核对 ${Date.now()}`;
	const inc = (await api.call('POST', '/api/v1/incidents', { title, category: 'service_failure', identifiedAt: '2026-11-30T16:05:00.000Z' })).body;
	expect(inc.identifiedAt).toBe('2026-11-30T16:05:00.000Z');

	const context = await browser.newContext({ baseURL, timezoneId: 'America/New_York', viewport: { width: 1440, height: 900 } });
	await context.addCookies([{ name: 'warroom_lang', value: 'zh-CN', url: baseURL }]);
	const page = await context.newPage();
	await new LoginPage(page).signIn(USERS.lead.email, USERS.lead.password);
	// the browser really is in New York: formatting there by itself would say 11:05 on 30 November
	expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
	expect(await page.evaluate((iso) => new Date(iso).getHours(), inc.identifiedAt)).toBe(11);

	// the header's search is a client-side navigation: the browser renders the results from the data
	const data = page.waitForResponse((r) => r.url().includes('/search/__data.json'));
	await page.getByTestId('search-input').fill(title);
	await page.getByTestId('search-input').press('Enter');
	await data;
	const row = page.getByTestId('search-result').filter({ hasText: inc.code });
	await expect(row).toContainText('2026-12-01 00:05');
	await expect(row).not.toContainText('11:05');
	await expect(page.getByRole('columnheader', { name: '识别时间' })).toHaveAttribute('title', '时间均为北京时间');
	await context.close();
});
