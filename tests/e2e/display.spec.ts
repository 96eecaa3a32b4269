import { test, expect } from './fixtures';

test('a wall screen opened with a display link drops the token from the address bar and shows new incidents live', async ({ browser, baseURL, api }) => {
	const link = await api.call('POST', '/api/v1/display-tokens', { label: 'Wall e2e' });
	expect(link.status).toBe(201);
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const page = await context.newPage();
	await page.goto(link.body.url.replace(/^https?:\/\/[^/]+/, baseURL));
	await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');
	expect(page.url()).not.toContain('token');
	const title = `冰箱不制冷 批次 ${Date.now() % 100000}`;
	await api.call('POST', '/api/v1/incidents', { title, category: 'product_quality', inputs: { estimatedAffectedCustomers: 40 } });
	await expect(page.getByTestId('display-incident').filter({ hasText: title })).toBeVisible();
	await context.close();
});
