// Integration tokens in the admin page: created with a role, shown once, used by another system
// (last used appears), revoked — its next call is refused.
import { test, expect } from './fixtures';
import { ApiClient } from '../support/client';
import { ADMIN } from '../support/server';
import { LoginPage } from './pages/login-page';

test('an admin creates an integration token, sees it used, and revokes it', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
	await page.goto('/admin/users');
	const panel = page.getByTestId('integration-tokens');
	const name = `Zendesk ${Date.now() % 10000}`;
	await panel.getByTestId('token-name').fill(name);
	await panel.getByTestId('token-create').click();
	const secret = (await panel.getByTestId('token-secret').textContent())!.trim();
	expect(secret.length).toBeGreaterThan(20);
	const row = panel.getByTestId('token-row').filter({ hasText: name });
	await expect(row).toContainText('never');

	const system = new ApiClient(baseURL, secret);
	expect((await system.call('POST', '/api/v1/inbound/alerts', { system: 'zendesk', externalId: `t-${Date.now()}`, title: '工单激增', category: 'service_failure' })).status).toBe(201);
	await page.reload();
	await expect(panel.getByTestId('token-row').filter({ hasText: name })).not.toContainText('never');

	await panel.getByTestId('token-row').filter({ hasText: name }).getByTestId('token-revoke').click();
	await expect(panel.getByTestId('token-row').filter({ hasText: name })).toContainText('revoked');
	expect((await system.call('GET', '/api/v1/incidents')).status).toBe(401);
	await context.close();
});
