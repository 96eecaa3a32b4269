// The app's shell from the keyboard, and the review presenter on a projector: skip link, current
// page, `/` for search, the header folding into a menu when it does not fit (both languages), the
// presenter fitting 1280×720 and 1920×1080 with the code, When and the improvements on screen.
import fs from 'node:fs';
import { test, expect } from './fixtures';
import { ADMIN } from '../support/server';
import { LoginPage } from './pages/login-page';
import { IncidentPage } from './pages/incident-page';

const SHOTS = process.env.WARROOM_SHOTS ?? 'test-results/shots';

test('keyboard: skip link, current page, `/` for search (not while typing), the header folds into a menu in English', async ({ browser, baseURL }) => {
	fs.mkdirSync(SHOTS, { recursive: true });
	const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
	await context.addCookies([{ name: 'warroom_lang', value: 'en', url: baseURL }]);
	const page = await context.newPage();
	await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
	await page.goto('/improvements');
	// the first Tab reaches the skip link, which moves focus to the content
	await page.keyboard.press('Tab');
	await expect(page.getByTestId('skip-link')).toBeFocused();
	await expect(page.getByTestId('skip-link')).toHaveText('Skip to content');
	await page.keyboard.press('Enter');
	await expect(page.locator('main#main')).toBeFocused();
	// an admin's English header does not fit 1280 px: folded, and the page is not wider than the screen
	const header = page.getByTestId('app-header');
	await expect(header).toHaveAttribute('data-collapsed', 'true');
	await page.screenshot({ path: `${SHOTS}/shell-header-1280-en-collapsed.png`, clip: { x: 0, y: 0, width: 1280, height: 120 } });
	await page.getByTestId('menu-toggle').click();
	await expect(page.getByTestId('menu-toggle')).toHaveAttribute('aria-expanded', 'true');
	const current = page.locator('nav a[aria-current="page"]');
	await expect(current).toHaveCount(1);
	await expect(current).toHaveAttribute('href', '/improvements');
	await page.screenshot({ path: `${SHOTS}/shell-header-1280-en-open.png`, clip: { x: 0, y: 0, width: 1280, height: 520 } });
	// Esc closes it and gives focus back to the button
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('search-input')).toBeHidden();
	await expect(page.getByTestId('menu-toggle')).toBeFocused();
	// `/` opens the menu and lands in search; typed into a field, it is just a character
	await page.locator('main').click({ position: { x: 5, y: 5 } });
	await page.keyboard.press('/');
	await expect(page.getByTestId('search-input')).toBeFocused();
	await page.keyboard.type('a/b');
	await expect(page.getByTestId('search-input')).toHaveValue('a/b');
	expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
	// 1440 px: folded in English too for an admin; wide enough, everything on one row
	await page.setViewportSize({ width: 1440, height: 800 });
	await page.screenshot({ path: `${SHOTS}/shell-header-1440-en.png`, clip: { x: 0, y: 0, width: 1440, height: 120 } });
	await page.setViewportSize({ width: 1920, height: 900 });
	await expect(header).toHaveAttribute('data-collapsed', 'false');
	await expect(page.locator('nav a[aria-current="page"]')).toBeVisible();
	await page.screenshot({ path: `${SHOTS}/shell-header-1920-en.png`, clip: { x: 0, y: 0, width: 1920, height: 120 } });
	// the same page in Chinese at 1440: measured again
	await page.setViewportSize({ width: 1440, height: 800 });
	await expect(header).toHaveAttribute('data-collapsed', 'true');
	await page.getByTestId('menu-toggle').click();
	await page.getByTestId('language-switch').click();
	await expect(page.getByTestId('skip-link')).toHaveText('跳到主要内容');
	await page.screenshot({ path: `${SHOTS}/shell-header-1440-zh.png`, clip: { x: 0, y: 0, width: 1440, height: 120 } });
	expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
	await context.close();
});

for (const lang of ['zh-CN', 'en'] as const) {
	test(`the review presenter fits 1280×720 and 1920×1080 (${lang})`, async ({ browser, baseURL, api }) => {
		fs.mkdirSync(SHOTS, { recursive: true });
		const zh = lang === 'zh-CN';
		const inc = (await api.call('POST', '/api/v1/incidents', { title: zh ? '大促期间官网崩溃无法下单' : 'Web shop down during the sale', category: 'special_scenario' })).body;
		for (const phase of ['containment', 'resolution', 'follow_up'])
			await api.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase, overrideReason: zh ? '测试准备：复盘会是本测试的主题' : 'test setup: the review is this test’s subject' });
		const { version } = (await api.call('GET', `/api/v1/incidents/${inc.id}/postmortem`)).body;
		const saved = await api.call('PUT', `/api/v1/incidents/${inc.id}/postmortem`, {
			version,
			what: zh ? '大促开始后 2 小时官网无法下单，约 1,200 名客户受影响。' : 'For 2 hours after the sale opened the shop took no orders; about 1,200 customers affected.',
			why: { rootCause: zh ? '数据库连接池上限过低，未做压测。' : 'Database pool limit too low; no load test.', directCause: zh ? '流量是平时的 8 倍。' : 'Traffic 8× the usual.' },
			who: zh ? '技术支持 10 分钟内到场；客服统一口径。' : 'Tech support on site within 10 minutes; customer service used one script.',
			where: zh ? '活动上线流程' : 'Launch process',
			how: { wentWell: zh ? '客服 10 分钟内统一口径' : 'One script within 10 minutes', wentBadly: zh ? '扩容审批耗时 40 分钟' : 'Scaling approval took 40 minutes' },
			improvementPoints: zh ? '上线前压测；扩容预授权。' : 'Load test before launch; pre-approved scaling.'
		});
		expect(saved.status).toBe(200);
		for (const description of zh
			? ['大促前 3 天完成全链路压测', '扩容预授权写入应急预案', '客服话术模板入库']
			: ['Full load test 3 days before a sale', 'Pre-approved scaling in the plan', 'Script templates in the library'])
			await api.call('POST', `/api/v1/incidents/${inc.id}/improvements`, { type: 'process', description, dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
		const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 720 } });
		await context.addCookies([{ name: 'warroom_lang', value: lang, url: baseURL }]);
		const page = await context.newPage();
		await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
		await page.goto(`/review/${inc.id}`);
		await expect(page.getByTestId('presence-user')).toHaveCount(1);
		for (const size of [
			{ width: 1280, height: 720 },
			{ width: 1920, height: 1080 }
		]) {
			await page.setViewportSize(size);
			const { w, h } = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
			expect(w, 'no sideways scroll').toBeLessThanOrEqual(size.width);
			expect(h, 'no vertical scroll').toBeLessThanOrEqual(size.height);
			for (const id of ['presenter-code', 'presenter-what', 'presenter-improvementPoints', 'presenter-when', 'presenter-improvements']) await expect(page.getByTestId(id)).toBeInViewport({ ratio: 1 });
			await expect(page.getByTestId('presenter-code')).toContainText(inc.code);
			const file = `${SHOTS}/shell-presenter-${lang}-${size.width}.png`;
			await page.screenshot({ path: file });
			if (size.width === 1920 && process.env.WARROOM_SHOTS) fs.copyFileSync(file, zh ? 'docs/screenshot-presenter.png' : 'docs/screenshot-presenter-en.png');
		}
		await context.close();
	});
}

test('forms that open over the page: focus moves in, Esc closes, focus goes back to what opened them', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '键盘操作测试', category: 'service_failure' })).body;
	await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '键盘客户' }]);
	const page = await signedIn(browser, 'lead', 'zh-CN');
	// declaring from the dashboard: the title field takes focus, Esc closes, the declare button has it back
	await page.goto('/');
	await page.getByTestId('declare-button').focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('declare-form').locator('input[name="title"]')).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('declare-form')).toHaveCount(0);
	await expect(page.getByTestId('declare-button')).toBeFocused();
	// recording a contact on the desk: the first field takes focus, Esc closes, 记录联系 has it back
	const incident = new IncidentPage(page);
	await incident.open(inc.id);
	const open = incident.customerRow('键盘客户').getByTestId('contact-open');
	await open.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('contact-channel')).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('contact-form')).toHaveCount(0);
	await expect(open).toBeFocused();
});
