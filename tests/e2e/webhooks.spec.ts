// An admin adds a webhook pointing at a local receiver, sends a test message and reads the
// delivery log: a delivered test, and a declared incident delivered on the second try.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { LoginPage } from './pages/login-page';
import { ADMIN, freePort } from '../support/server';
import { ApiClient } from '../support/client';

test('admin creates a webhook, sends a test and sees the deliveries', async ({ browser, baseURL, api }) => {
	const received: string[] = [];
	const receiver = http.createServer((req, res) => {
		const event = String(req.headers['x-warroom-event']);
		received.push(event);
		const fail = event === 'incident.declared' && received.filter((e) => e === event).length === 1;
		res.writeHead(fail ? 502 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(fail ? { error: 'bad gateway (first try)' } : { ok: true, received: event }));
	});
	const port = await freePort();
	await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
	const name = `E2E receiver ${test.info().project.name}`;
	const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
	try {
		const page = await context.newPage();
		await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
		// an admin's English header does not fit 1440 px: the nav is behind the menu button
		if (await page.getByTestId('menu-toggle').isVisible()) await page.getByTestId('menu-toggle').click();
		await page.getByRole('link', { name: 'Webhooks' }).click();
		await expect(page).toHaveURL(/\/admin\/webhooks$/);

		const form = page.getByTestId('add-webhook');
		await form.getByLabel('Name').fill(name);
		await form.getByLabel('URL').fill(`http://127.0.0.1:${port}/hook`);
		await form.getByLabel('Format').selectOption('generic');
		await form.getByLabel('Secret (optional)').fill('e2e-secret');
		await form.getByRole('button', { name: 'Add webhook' }).click();
		await expect(form.getByRole('status')).toContainText(name);

		const item = page.getByTestId('webhook').filter({ hasText: name });
		await expect(item).toContainText('signed');
		await item.getByTestId('send-test').click();
		await expect(page.getByTestId('test-result')).toHaveText('Test message: Delivered');
		expect(received).toEqual(['webhook.test']);
		const shots = path.resolve('tests/e2e/artifacts');
		const shoot = async (file: string) => {
			if (test.info().project.name !== 'pglite') return;
			fs.mkdirSync(shots, { recursive: true });
			await page.screenshot({ path: path.join(shots, file), fullPage: true });
		};
		await shoot('webhooks.png');

		// a declared incident: the receiver fails the first try, the retry delivers it
		await api.call('POST', '/api/v1/incidents', { title: 'Webhook e2e: store pickup failure', category: 'service_failure' });
		await item.getByRole('link', { name }).click();
		const rows = page.getByTestId('delivery');
		await expect(rows).toHaveCount(2);
		await expect(rows.filter({ hasText: 'Incident declared' })).toHaveAttribute('data-status', 'delivered', { timeout: 20_000 });
		const test1 = rows.filter({ hasText: 'Test' });
		await expect(test1).toHaveAttribute('data-status', 'delivered');
		await expect(test1).toContainText('200');
		await expect(test1).toContainText('"received":"webhook.test"');
		await expect(rows.filter({ hasText: 'Incident declared' }).locator('td').nth(3)).toHaveText('2');
		await rows.filter({ hasText: 'Incident declared' }).locator('summary').click();
		await shoot('webhook-deliveries.png');
	} finally {
		await context.close();
		const admin = await ApiClient.login(baseURL);
		for (const w of (await admin.call('GET', '/api/v1/webhooks')).body.items) await admin.call('DELETE', `/api/v1/webhooks/${w.id}`);
		await new Promise((resolve) => receiver.close(resolve));
	}
});
