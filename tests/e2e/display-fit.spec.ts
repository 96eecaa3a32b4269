// The wall fits its wall: with 30 open incidents the display never scrolls at 1920×1080, 3840×2160
// and 1366×768 — the list shows what fits and says how many more, the KPI strip and the low-stock
// bar stay on screen — and a new incident declared while the wall watches is announced exactly
// once (a later change to it is not a second announcement). One seeding for the three sizes.
// Screenshots: the README's wall (zh-CN and en at 1920×1080) and the other two sizes.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ApiClient } from '../support/client';

const SHOTS = process.env.WARROOM_SHOTS_DIR ?? path.resolve('tests/e2e/artifacts');
const SIZES = [
	{ width: 1920, height: 1080 },
	{ width: 3840, height: 2160 },
	{ width: 1366, height: 768 }
];
const TITLES = [
	'星耀 X5 电池鼓包',
	'华东区域快递网络停滞',
	'冰箱不制冷 批次',
	'空调外机异响',
	'Washer door seal leak',
	'售后热线排队超时',
	'洗碗机漏水 批次',
	'Dryer overheating reports',
	'电视屏幕闪烁',
	'安装师傅爽约'
];

/** Whether the document fits the viewport, and where the pinned parts are. */
async function fit(page: Page) {
	return page.evaluate(() => ({
		scrollHeight: document.documentElement.scrollHeight,
		scrollWidth: document.documentElement.scrollWidth,
		width: window.innerWidth,
		height: window.innerHeight
	}));
}

test('the wall fits 1080p, 4K and 1366×768 with 30 open incidents and announces a new incident once', async ({ browser, baseURL, api }) => {
	test.setTimeout(90_000);
	const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
	// 30 open incidents, some with customers overdue or due soon, and one spare part running low
	for (let i = 0; i < 30; i++) {
		const inputs = i % 10 === 0 ? { mediaExposure: true } : { estimatedAffectedCustomers: 5 + i * 3 };
		const inc = (await api.call('POST', '/api/v1/incidents', { title: `${TITLES[i % TITLES.length]} ${i + 1}`, category: i % 3 ? 'product_quality' : 'service_failure', inputs })).body;
		if (i % 4 === 0)
			await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [
				{ name: `客户${i}甲`, reportedAt: minutesAgo(200 + i) },
				{ name: `客户${i}乙`, reportedAt: minutesAgo(50) },
				{ name: `客户${i}丙`, reportedAt: minutesAgo(2) }
			]);
	}
	const admin = await ApiClient.login(baseURL);
	expect((await admin.call('POST', '/api/v1/resources', { kind: 'spare_product', name: 'X5 电池', model: 'BT-5000', stock: 3, lowThreshold: 20, unit: '个' })).status).toBe(201);
	const link = (await api.call('POST', '/api/v1/display-tokens', { label: '大屏 e2e' })).body;
	// the wall lists every live incident (follow-up ones are only counted): ours, and any earlier tests left open
	const open = (await api.call('GET', '/api/v1/incidents')).body.items as { phase: string }[];
	const live = open.filter((i) => ['initiation', 'containment', 'resolution'].includes(i.phase)).length;
	expect(live).toBeGreaterThanOrEqual(30);

	const context = await browser.newContext({ viewport: SIZES[0] });
	await context.addCookies([{ name: 'warroom_lang', value: 'zh-CN', url: baseURL }]);
	const page = await context.newPage();
	await page.goto(link.url.replace(/^https?:\/\/[^/]+/, baseURL));
	await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');
	fs.mkdirSync(SHOTS, { recursive: true });

	for (const size of SIZES) {
		await page.setViewportSize(size);
		const list = page.getByTestId('display-list');
		// the list has measured itself for this size: its cards fill the box and the rest are counted
		await expect(page.getByTestId('display-incident').last()).toBeInViewport({ ratio: 1 });
		// as many cards as fit: the room left under the last card is less than one more card
		await expect
			.poll(() =>
				list.evaluate((ul) => {
					const cards = [...ul.children] as HTMLElement[];
					const last = cards[cards.length - 1].getBoundingClientRect();
					return ul.getBoundingClientRect().bottom - last.bottom < last.height + 1;
				})
			)
			.toBe(true);
		const f = await fit(page);
		expect(f.scrollHeight, `${size.width}×${size.height} height`).toBeLessThanOrEqual(f.height);
		expect(f.scrollWidth, `${size.width}×${size.height} width`).toBeLessThanOrEqual(f.width);
		await expect(page.getByTestId('display-kpis')).toBeInViewport({ ratio: 1 });
		await expect(page.getByTestId('display-low-stock')).toBeInViewport({ ratio: 1 });
		await expect(page.getByTestId('display-low-stock')).toContainText('X5 电池');
		// what did not fit is counted
		const perPage = await page.getByTestId('display-incident').count();
		expect(Number(await page.getByTestId('display-more').getAttribute('data-hidden'))).toBe(live - perPage);
		await expect(page.getByTestId('display-more')).toContainText(`另有 ${live - perPage} 个`);
		if (size.width !== 1920) await page.screenshot({ path: path.join(SHOTS, `wall-${size.width}x${size.height}.png`) });
	}

	// a new incident declared while the wall watches: announced once, a later change to it is not announced again
	await page.setViewportSize(SIZES[0]);
	await page.evaluate(() => {
		const seen: string[] = ((window as unknown as { __alarms: string[] }).__alarms = []);
		let last = '';
		new MutationObserver(() => {
			const el = document.querySelector('[data-testid="display-alarm"]');
			const now = el ? `${el.getAttribute('data-kind')}:${el.getAttribute('data-incident')}` : '';
			if (now && now !== last) seen.push(now);
			last = now;
		}).observe(document.body, { subtree: true, childList: true, attributes: true });
	});
	const fresh = (await api.call('POST', '/api/v1/incidents', { title: '新品首发 物流延误', category: 'service_failure', inputs: { estimatedAffectedCustomers: 30 } })).body;
	await expect(page.getByTestId('display-alarm')).toHaveAttribute('data-incident', fresh.id);
	await expect(page.getByTestId('display-alarm')).toHaveAttribute('data-kind', 'declared');
	await expect(page.getByTestId('display')).toHaveAttribute('data-frame', 'alarm');
	await expect(page.getByTestId('display-focus')).toHaveAttribute('data-code', fresh.code);
	// and the list turns to the page that shows it: a new incident never lands off-screen
	await expect(page.getByTestId('display-incident').filter({ hasText: '新品首发 物流延误' })).toBeInViewport({ ratio: 1 });
	await page.screenshot({ path: 'docs/screenshot-display.png' });
	await api.call('PATCH', `/api/v1/incidents/${fresh.id}`, { version: fresh.version, title: '新品首发 物流延误（华东）' });
	await expect(page.getByTestId('display-focus-title')).toHaveText('新品首发 物流延误（华东）');
	const alarms = await page.evaluate(() => (window as unknown as { __alarms: string[] }).__alarms);
	expect(alarms.filter((a) => a.endsWith(`:${fresh.id}`))).toEqual([`declared:${fresh.id}`]);

	// the same wall in English (a screen reloaded in another language)
	await context.addCookies([{ name: 'warroom_lang', value: 'en', url: baseURL }]);
	await page.reload();
	await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');
	await expect(page.getByTestId('display-more')).toContainText('more');
	await page.screenshot({ path: 'docs/screenshot-display-en.png' });
	await context.close();
});
