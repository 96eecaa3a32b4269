// Every level trigger after declaring: a lead changes the estimate of affected customers and the
// customer loss on the incident page; a second screen sees the level and the determination table
// follow live, and its own change comes back to the first.
import { test, expect } from './fixtures';
import { IncidentPage } from './pages/incident-page';

test('a lead changes the estimate and the customer loss after declaring; the level and the determination table follow on a second screen', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '热水器温控失灵', category: 'product_quality', inputs: { estimatedAffectedCustomers: 3 } })).body;
	expect(inc.level).toBe(3);
	const lead = await signedIn(browser, 'lead');
	const other = await signedIn(browser, 'agent', 'zh-CN');
	const desk = new IncidentPage(lead);
	const wall = new IncidentPage(other);
	await desk.open(inc.id);
	await wall.open(inc.id);
	await expect(other.getByTestId('determination').locator('[data-testid="trigger"][data-key="customers_1_9"]')).toBeVisible();

	// the estimate: 3 → 15 is level 2 by count
	const estimate = lead.getByTestId('input-estimatedAffectedCustomers');
	await estimate.fill('15');
	await estimate.press('Enter');
	await expect(other.getByTestId('level')).toHaveText('二级 · 较大');
	await expect(other.getByTestId('determination').locator('[data-key="customers_10_99"]')).toContainText('15');
	await expect(other.getByTestId('determination').locator('[data-key="customers_1_9"]')).toHaveCount(0);
	await expect(other.getByTestId('input-estimatedAffectedCustomers')).toHaveValue('15');

	// customer loss: serious is level 1
	await lead.getByTestId('input-propertyLoss-serious').check();
	await expect(other.getByTestId('level')).toHaveText('一级 · 重大');
	await expect(other.getByTestId('determination').locator('[data-key="serious_property_loss"]')).toContainText('严重财产损失');
	await expect(other.getByTestId('input-propertyLoss-serious')).toBeChecked();
	await expect(lead.getByTestId('level')).toHaveText('Level 1 · Major');

	// the second screen changes a trigger: the table follows on the first (the level stays raised)
	await other.getByTestId('input-propertyLoss-significant').check();
	await expect(lead.getByTestId('input-propertyLoss-significant')).toBeChecked();
	await expect(lead.getByTestId('determination').locator('[data-key="significant_loss"]')).toContainText('significant customer loss');
	await expect(lead.getByTestId('determination').locator('[data-key="serious_property_loss"]')).toHaveCount(0);

	// a bad estimate is refused in the page, nothing sent
	await estimate.fill('-4');
	await estimate.press('Enter');
	await expect(lead.getByTestId('level-inputs').getByRole('alert')).toContainText('whole number');
	await expect(estimate).toHaveValue('15');
	const after = (await api.call('GET', `/api/v1/incidents/${inc.id}`)).body;
	expect(after.inputs).toMatchObject({ estimatedAffectedCustomers: 15, propertyLoss: 'significant' });
	expect(after.level).toBe(1);
});
