// The server owns time: a browser whose clock is 5 minutes wrong still counts down correctly.
import { test, expect } from './fixtures';
import { IncidentPage } from './pages/incident-page';

test('a laptop whose clock is 5 minutes fast shows the same countdown as the server', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '时钟偏差测试', category: 'service_failure' })).body;
	// level 3: 2 h to contact; registered 10 minutes ago → 1:50:00 left by the server's clock
	await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '钟表', reportedAt: new Date(Date.now() - 10 * 60_000).toISOString() }]);
	const page = await signedIn(browser, 'lead');
	await page.clock.setSystemTime(new Date(Date.now() + 5 * 60_000));
	const incident = new IncidentPage(page);
	await incident.open(inc.id);
	const left = incident.customerRow('钟表').getByTestId('countdown');
	expect((await page.evaluate(() => Date.now())) - Date.now()).toBeGreaterThan(4 * 60_000);
	await expect(left).toHaveText(/^1:(49|50):\d\d/);
});
