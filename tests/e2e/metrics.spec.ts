// The metrics page in Chromium: KPI tiles and charts drawn with data (canvases not blank),
// switching month/quarter redraws them, the monthly report renders; both screenshotted. The tiles
// report the last complete month (incidents identified in it count there), the running month is
// named apart with its count so far.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

/** Non-transparent pixels on a canvas, and a fingerprint of what is drawn. */
const drawn = (page: Page, id: string) =>
	page.getByTestId(id).evaluate((c: HTMLCanvasElement) => {
		const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
		let ink = 0;
		for (let i = 3; i < px.length; i += 4) if (px[i] > 0) ink++;
		return { ink, print: c.toDataURL().length + ':' + c.toDataURL().slice(-64) };
	});

test('metrics page: tiles and charts with data, month/quarter switch redraws them, monthly report', async ({ browser, signedIn, api }) => {
	for (const [title, category] of [
		['星耀X20 电池鼓包', 'product_quality'],
		['星耀X20 屏幕闪烁', 'product_quality'],
		['华东仓发错货', 'service_failure'],
		['暴雨导致快递停运', 'special_scenario']
	]) {
		const inc = (await api.call('POST', '/api/v1/incidents', { title, category })).body;
		await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '王芳', productModel: '星耀X20' }]);
	}
	// three more identified in the last complete month (the server says which, cut in its time zone)
	const reported = (await api.call('GET', '/api/v1/metrics?months=2')).body.reported as { start: string; end: string };
	for (const title of ['上月 A', '上月 B', '上月 C'])
		await api.call('POST', '/api/v1/incidents', { title, category: 'service_failure', identifiedAt: new Date(Date.parse(reported.start) + 14 * 24 * 3600_000).toISOString() });
	const page = await signedIn(browser, 'lead', 'zh-CN');
	await page.goto('/metrics');
	await expect(page.getByTestId('kpi-incidents')).toBeVisible();
	expect(Number(await page.getByTestId('kpi-incidents').locator('.value').textContent())).toBeGreaterThanOrEqual(3);
	await expect(page.getByTestId('metrics-period')).toContainText('最近一个完整月');
	// the running month: named apart, with the four incidents declared just now
	await expect(page.getByTestId('running-period')).toContainText('仍在进行中');
	expect(Number(/共 (\d+) 起/.exec((await page.getByTestId('running-period').textContent())!)![1])).toBeGreaterThanOrEqual(4);
	// drawn once the 250 ms entry animation has run: wait for the ink, not for a fixed time
	for (const id of ['chart-volume', 'chart-times', 'chart-rates', 'chart-levels', 'chart-categories']) await expect.poll(async () => (await drawn(page, id)).ink, { message: id }).toBeGreaterThan(500);
	const monthly = await drawn(page, 'chart-volume');
	await page.screenshot({ path: 'test-results/metrics-month.png', fullPage: true });

	await page.getByTestId('granularity').selectOption('quarter');
	await expect(page).toHaveURL(/granularity=quarter/);
	await expect.poll(async () => (await drawn(page, 'chart-volume')).print).not.toBe(monthly.print);
	expect((await drawn(page, 'chart-volume')).ink).toBeGreaterThan(500);

	// the CSV button downloads the same numbers
	const csv = await page.request.get((await page.getByTestId('csv').getAttribute('href'))!);
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect((await csv.text()).split('\r\n')[0]).toContain('start,incidents');

	const now = new Date();
	const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
	await page.goto(`/metrics/report?month=${month}`);
	await expect(page.getByTestId('monthly-report')).toContainText('售后应急月度报告');
	expect(Number(await page.getByTestId('report-incidents').textContent())).toBeGreaterThanOrEqual(3);
	await expect(page.getByTestId('report-models')).toContainText('星耀X20');
	await page.emulateMedia({ media: 'print' });
	await page.screenshot({ path: 'test-results/monthly-report.png', fullPage: true });
});
