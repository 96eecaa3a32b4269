// The admin's user list: change a user's roles and groups, disable and enable them; the last
// active admin cannot disable themselves. A disabled user's token stops working at once.
import { test, expect } from './fixtures';
import { ApiClient } from '../support/client';
import { ADMIN } from '../support/server';
import { LoginPage } from './pages/login-page';

test('an admin edits roles and groups, disables and enables a user, and cannot disable the last admin', async ({ browser, baseURL }) => {
	const admin = await ApiClient.login(baseURL);
	const email = `temp-${Date.now() % 100000}@example.com`;
	expect((await admin.call('POST', '/api/v1/users', { email, name: 'Temp Agent', password: 'temp-password-1', roles: ['viewer'], groups: [] })).status).toBe(201);
	const user = await ApiClient.login(baseURL, email, 'temp-password-1');

	const context = await browser.newContext({ baseURL });
	await context.addCookies([{ name: 'warroom_lang', value: 'en', url: baseURL }]);
	const page = await context.newPage();
	await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
	await page.goto('/admin/users');
	const row = page.getByTestId('user-row').filter({ hasText: email });
	await expect(row).toContainText('Viewer');

	await row.getByTestId('user-edit').click();
	const form = page.getByTestId('user-edit-form');
	await form.getByRole('checkbox', { name: 'Viewer' }).uncheck();
	await form.getByRole('checkbox', { name: 'Responder' }).check();
	await form.getByRole('checkbox', { name: 'Customer service' }).check();
	await form.getByRole('button', { name: 'Save' }).click();
	await expect(form).toHaveCount(0);
	await expect(row).toContainText('Responder');
	await expect(row).toContainText('Customer service');
	expect((await user.call('GET', '/api/v1/me')).body).toMatchObject({ roles: ['responder'], groups: ['customer_service'] });

	await row.getByTestId('user-toggle').click();
	await expect(row.getByTestId('user-disabled')).toBeVisible();
	expect((await user.call('GET', '/api/v1/me')).status).toBe(401);
	await row.getByTestId('user-toggle').click();
	await expect(row.getByTestId('user-disabled')).toHaveCount(0);

	const self = page.getByTestId('user-row').filter({ hasText: ADMIN.email });
	await self.getByTestId('user-toggle').click();
	await expect(page.getByTestId('user-error')).toContainText('last active admin');
	expect((await admin.call('GET', '/api/v1/me')).status).toBe(200);
	await context.close();
});
