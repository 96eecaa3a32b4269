// First run: no account yet, so the app offers the setup page (its own server, no admin env).
import { test, expect } from '@playwright/test';
import { TestServer } from '../support/server';

test('a fresh install redirects to setup, and the new admin lands on the dashboard', async ({ page }) => {
	test.skip(test.info().project.name !== 'pglite', 'one driver is enough for the first-run page');
	const server = await new TestServer({ env: { WARROOM_ADMIN_EMAIL: '', WARROOM_ADMIN_PASSWORD: '' } }).start();
	try {
		await page.goto(`${server.url}/`);
		await expect(page).toHaveURL(/\/setup$/);
		await page.locator('input[name=name]').fill('运维管理员');
		await page.locator('input[name=email]').fill('first@example.com');
		await page.locator('input[name=password]').fill('first-admin-pass');
		await page.locator('button[type=submit]').click();
		await expect(page.getByTestId('current-user')).toHaveText('运维管理员');
		// Setup is one-time: once an account exists it is not offered again.
		await page.goto(`${server.url}/setup`);
		await expect(page).not.toHaveURL(/\/setup$/);
		await expect(page.getByTestId('current-user')).toHaveText('运维管理员');
	} finally {
		await server.stop();
		server.cleanup();
	}
});
