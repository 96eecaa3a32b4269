// A temporary measure taken on the incident page draws the backup stock down: the resources page
// and the dashboard's low-stock strip on other screens follow without reload.
import { test, expect } from './fixtures';
import { IncidentPage } from './pages/incident-page';

test('a spare product for two customers: stock drops on the resources page and low stock shows on the dashboard, live', async ({ browser, signedIn, api, baseURL }) => {
	const { ApiClient } = await import('../support/client');
	const admin = await ApiClient.login(baseURL);
	const model = `星耀 X${Date.now() % 10_000}`;
	const res = (await admin.call('POST', '/api/v1/resources', { kind: 'spare_product', name: '备用机', model, stock: 4, lowThreshold: 2, unit: '台' })).body;
	await admin.call('POST', '/api/v1/compensation-policies', { category: 'product_quality', measureKind: 'spare_product', title: '备用机 + 延保 6 个月', warrantyExtensionMonths: 6 });
	const inc = (await api.call('POST', '/api/v1/incidents', { title: `${model} 电池鼓包`, category: 'product_quality' })).body;
	await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '任秀兰' }, { name: '曹刚' }, { name: '罗平' }]);

	const agent = await signedIn(browser, 'agent');
	const lead = await signedIn(browser, 'lead');
	const dashboard = await signedIn(browser, 'lead', 'zh-CN');
	await lead.goto('/resources');
	await dashboard.goto('/');
	await expect(dashboard.getByTestId('connection')).toHaveAttribute('data-state', 'online');
	const row = lead.locator(`tr[data-testid="resource-row"]`).filter({ hasText: model });
	await expect(row.getByTestId('resource-stock')).toHaveText('4');
	await expect(dashboard.getByTestId('low-stock-item').filter({ hasText: model })).toHaveCount(0);

	const desk = new IncidentPage(agent);
	await desk.open(inc.id);
	await agent.getByTestId('measure-new').click();
	await agent.getByTestId('measure-kind').selectOption('spare_product');
	await agent.getByTestId('measure-resource').selectOption({ index: [...(await agent.getByTestId('measure-resource').locator('option').allTextContents())].findIndex((t) => t.includes(model)) });
	await expect(agent.getByTestId('measure-policy')).toContainText('延保');
	await agent.getByTestId('measure-description').fill('备用机加急寄出');
	const form = agent.getByTestId('measure-form');
	await form.getByLabel('#1 任秀兰').check();
	await form.getByLabel('#2 曹刚').check();
	await agent.getByTestId('measure-submit').click();

	await expect(agent.getByTestId('measure-row')).toHaveCount(1);
	await expect(agent.getByTestId('measure-row')).toContainText('#1 #2');
	await expect(row.getByTestId('resource-stock')).toHaveText('2');
	await expect(dashboard.getByTestId('low-stock-item').filter({ hasText: model })).toContainText('2/2');
	await expect(desk.timelineEntry('resource.low_stock')).toHaveCount(1);
	expect(res.id).toBeTruthy();
});
