// The API reference page: reached from the app's top nav, filters to the post-mortem endpoints,
// shows PUT …/postmortem with its request body's `version` field; public and bilingual.
import { test, expect } from './fixtures';

test('API reference: nav link, filter "postmortem", PUT post-mortem with its version field, in both languages', async ({ browser, signedIn }) => {
	const page = await signedIn(browser, 'lead');
	await page.getByRole('link', { name: 'API', exact: true }).click();
	await expect(page).toHaveURL(/\/api-docs$/);
	await expect(page.getByRole('heading', { name: /Warroom API/ })).toBeVisible();
	const all = await page.getByTestId('api-op').count();
	expect(all).toBeGreaterThan(60);

	await page.getByTestId('api-filter').fill('postmortem');
	const ops = page.getByTestId('api-op');
	await expect(ops).toHaveCount(2);
	const put = page.locator('[data-op="PUT /api/v1/incidents/{id}/postmortem"]');
	await expect(put).toBeVisible();
	await expect(put.locator('.method')).toHaveText('PUT');
	const version = put.locator('.media [data-field="version"]').first();
	await expect(version).toBeVisible();
	await expect(version).toContainText('integer');
	await expect(version).toContainText('required');
	await expect(put.getByText('409', { exact: true })).toBeVisible();
	await page.screenshot({ path: 'test-results/api-docs-postmortem.png', fullPage: true });

	// bilingual chrome; and public: a browser with no session reads it too
	await page.getByTestId('language-switch').click();
	await expect(page.getByText('API 参考').first()).toBeVisible();
	const anonymous = await browser.newPage({ baseURL: new URL(page.url()).origin });
	await anonymous.goto('/api-docs');
	await expect(anonymous.getByTestId('api-op').first()).toBeVisible();
	await anonymous.close();
});
