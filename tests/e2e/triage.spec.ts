// Triage: the lead's dashboard puts the most urgent incident first with the time to its next
// deadline, and a responder's My tasks is one list by urgency with its count in the nav.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { DashboardPage } from './pages/dashboard-page';
import { LoginPage } from './pages/login-page';
import { USERS } from './fixtures';
import type { ApiClient } from '../support/client';

const SHOTS = process.env.WARROOM_SHOTS_DIR;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const tag = () => String(Date.now() % 100000);

async function incident(api: ApiClient, title: string, opts: { inputs?: Record<string, unknown>; category?: string; customers?: { name: string; reportedAt: string }[]; phases?: string[] } = {}) {
	const r = await api.call('POST', '/api/v1/incidents', { title, category: opts.category ?? 'product_quality', ...(opts.inputs ? { inputs: opts.inputs } : {}) });
	expect(r.status).toBe(201);
	if (opts.customers) expect((await api.call('POST', `/api/v1/incidents/${r.body.id}/customers`, opts.customers)).status).toBe(201);
	for (const phase of opts.phases ?? []) expect((await api.call('POST', `/api/v1/incidents/${r.body.id}/phase`, { phase, overrideReason: 'test setup' })).status).toBe(200);
	return r.body as { id: string; code: string; title: string };
}

test('the dashboard: most urgent first with time to the next deadline, needs-attention by default, a compact table past 12, the backlog as a tile below, and declaring lands on the incident', async ({
	browser,
	signedIn,
	api
}) => {
	test.setTimeout(90_000); // fifteen incidents, two languages
	const t = tag();
	// urgency beats level: an overdue level 3, a level 2 due soon, a level 1 with time left
	const late = await incident(api, `华北仓维修超时未完成 ${t}`, { category: 'service_failure', customers: [{ name: '赵先生', reportedAt: minutesAgo(200) }] });
	const soon = await incident(api, `华南仓发错货 ${t}`, { category: 'service_failure', inputs: { estimatedAffectedCustomers: 12 }, customers: [{ name: '钱女士', reportedAt: minutesAgo(50) }] });
	const calm = await incident(api, `星耀 X23 手机批量电池鼓包 ${t}`, { inputs: { mediaExposure: true }, customers: [{ name: '孙先生', reportedAt: minutesAgo(1) }] });
	const quiet = await incident(api, `极光 55Q5 电视遥控失灵 ${t}`, { phases: ['containment', 'resolution', 'follow_up'] });
	const due = new Date(Date.now() - 86_400_000).toISOString();
	expect((await api.call('POST', `/api/v1/incidents/${quiet.id}/improvements`, { type: 'training', description: '遥控器出厂检测增加配对测试', dueAt: due })).status).toBe(201);
	const fillers = [
		'冰川 BCD-380WT 冰箱门封漏气',
		'汇净 XQG80 洗衣机脱水异响',
		'青岛暴雨导致物流停运',
		'极光 75E1 电视屏幕出现竖线',
		'华东区域快递网络停滞',
		'门店自提缺货',
		'厦门门店空调批量漏水',
		'售后热线排队超时',
		'安装师傅爽约',
		'配件缺货无法维修',
		'退款到账延迟'
	];
	await Promise.all(fillers.map((f) => incident(api, `${f} ${t}`, { category: 'service_failure' })));

	for (const lang of ['zh-CN', 'en'] as const) {
		const page = await signedIn(browser, 'lead', lang);
		const dash = new DashboardPage(page);
		await dash.open();
		// past 12 incidents: one compact table, most urgent first
		const table = page.getByTestId('incident-table');
		await expect(table).toBeVisible();
		await expect(page.getByTestId('incident-list')).toHaveCount(0);
		const codes = await page.getByTestId('incident-card').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
		expect(codes.indexOf(late.code)).toBeGreaterThanOrEqual(0);
		expect(codes.indexOf(late.code)).toBeLessThan(codes.indexOf(soon.code));
		expect(codes.indexOf(soon.code)).toBeLessThan(codes.indexOf(calm.code));
		await expect(dash.card(late.title)).toHaveAttribute('data-urgency', 'overdue');
		await expect(dash.card(late.title).getByTestId('card-next')).toContainText(lang === 'en' ? 'overdue' : '超时');
		await expect(dash.card(soon.title).getByTestId('card-due-soon')).toHaveText(lang === 'en' ? '1 due soon' : '1 个即将到期');
		await expect(dash.card(soon.title).getByTestId('card-next')).toContainText(lang === 'en' ? 'left' : '还剩');
		// ages, not dates
		await expect(dash.card(calm.title)).toContainText(lang === 'en' ? 'just now' : '刚刚');

		// a quiet follow-up incident waits behind "show all"
		await expect(dash.card(quiet.title)).toHaveCount(0);
		await expect(page.getByTestId('hidden-count')).toBeVisible();

		// the backlog is a tile below the incidents, not a banner above them
		const tile = page.getByTestId('overdue-improvements');
		await expect(tile).toContainText(quiet.code);
		const [tileBox, tableBox] = [await tile.boundingBox(), await table.boundingBox()];
		expect(tileBox!.y).toBeGreaterThanOrEqual(tableBox!.y + tableBox!.height);

		if (SHOTS || !process.env.CI) {
			await page.evaluate(() => window.scrollTo(0, 0));
			const file = lang === 'en' ? 'docs/screenshot-dashboard-en.png' : 'docs/screenshot-dashboard.png';
			await page.screenshot({ path: path.resolve(file) });
			if (SHOTS) fs.copyFileSync(path.resolve(file), path.join(SHOTS, `dash-dashboard-${lang}.png`));
		}

		await page.getByTestId('scope-all').click();
		await expect(dash.card(quiet.title)).toBeVisible();
		if (lang === 'en') {
			const id = await dash.declare({ title: `仓库发错货 ${t}` });
			expect(page.url()).toMatch(new RegExp(`/incidents/${id}$`));
		}
	}
});

test('My tasks on a phone: overdue before seats, one seat row per live incident, the badge counts the list, a contact recorded in place', async ({ browser, baseURL, api }) => {
	const t = tag();
	const a = await incident(api, `空调漏水 ${t}`, { customers: [{ name: `逾期客户${t}`, reportedAt: minutesAgo(200) }] });
	const b = await incident(api, `配送延误 ${t}`, { category: 'service_failure' });
	const followUp = await incident(api, `遥控失灵 ${t}`, { phases: ['containment', 'resolution', 'follow_up'] });

	const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	await context.addCookies([{ name: 'warroom_lang', value: 'zh-CN', url: baseURL }]);
	const page = await context.newPage();
	await new LoginPage(page).signIn(USERS.agent.email, USERS.agent.password);
	await page.goto('/warroom');
	await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');

	const rows = page.getByTestId('task-row');
	const overdue = rows.filter({ hasText: `逾期客户${t}` });
	await expect(overdue).toHaveAttribute('data-band', 'overdue');
	// seats: one entry per live incident (folded into one row past a few), none for a follow-up incident
	const seatOf = (code: string) => page.locator(`[data-testid=seat-incident][data-code="${code}"]`);
	await expect(seatOf(b.code)).toHaveCount(1);
	await expect(seatOf(a.code)).toHaveCount(1);
	await expect(seatOf(followUp.code)).toHaveCount(0);
	const seatCodes = await page.getByTestId('seat-incident').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
	expect(new Set(seatCodes).size).toBe(seatCodes.length);
	// every overdue row before the first seat
	const listed = await rows.evaluateAll((els) => els.map((e) => ({ kind: e.getAttribute('data-kind'), band: e.getAttribute('data-band') })));
	const firstSeat = listed.findIndex((r) => r.kind === 'seats' || r.kind === 'invitations');
	expect(firstSeat).toBeGreaterThan(0);
	expect(listed.findLastIndex((r) => r.band === 'overdue')).toBeLessThan(firstSeat);

	// the nav badge counts exactly this list
	const badge = page.getByTestId('tasks-badge');
	// (read together: a live event may refresh the list between two separate reads)
	const badgeMatchesList = async () => Number(await badge.getAttribute('data-count')) === (await rows.count());
	await expect.poll(badgeMatchesList).toBe(true);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'dash-mytasks-zh.png') });

	// record the overdue contact in place, with thumbs only: it leaves the list and the badge
	await overdue.getByTestId('task-record').tap();
	await expect(overdue.getByTestId('task-contact-form')).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'dash-mytasks-record-zh.png') });
	await overdue.getByTestId('task-need-repair').tap();
	await overdue.getByTestId('task-contact-save').tap();
	await expect(overdue).toHaveCount(0);
	await expect.poll(badgeMatchesList).toBe(true);
	// one row fewer; unless the contact list is cut at its 200 most urgent, where the next customer moves up
	const capped = await page.getByTestId('contacts-capped').isVisible();
	await expect(rows).toHaveCount(capped ? listed.length : listed.length - 1);
	await context.close();
});
