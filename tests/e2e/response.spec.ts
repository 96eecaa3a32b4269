// The response group in two browsers: a member takes and acknowledges a seat, a lead fills
// another, escalation adds seats, duties are ticked — every screen follows without reload.
import { test, expect } from './fixtures';
import { IncidentPage } from './pages/incident-page';

test('seats and duties are worked from two screens and an escalation extends the group live', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '旗舰店售后集中投诉', category: 'service_failure' })).body;
	const lead = await signedIn(browser, 'lead');
	const agent = await signedIn(browser, 'agent', 'zh-CN');
	const wall = new IncidentPage(lead);
	const desk = new IncidentPage(agent);
	await wall.open(inc.id);
	await desk.open(inc.id);
	let reloads = 0;
	lead.on('load', () => reloads++);

	// each screen shows who else is on the incident
	await expect(lead.getByTestId('presence')).toContainText('陈客服');
	await expect(agent.getByTestId('presence')).toContainText('王指挥');

	const wallSeat = (seat: string) => lead.getByTestId('response-panel').locator(`tr[data-seat="${seat}"]`);
	await expect(wallSeat('customer_service')).toHaveAttribute('data-status', 'vacant');
	await expect(lead.getByTestId('seat-summary')).toContainText('0/3');

	// the agent takes the customer-service seat and acknowledges it
	await agent.getByTestId('take-customer_service').click();
	await expect(wallSeat('customer_service')).toHaveAttribute('data-status', 'assigned');
	await expect(wallSeat('customer_service')).toContainText('陈客服');
	await agent.getByTestId('ack-customer_service').click();
	await expect(wallSeat('customer_service')).toHaveAttribute('data-status', 'acknowledged');
	await expect(wallSeat('customer_service')).toContainText('On it');

	// the lead seats himself as leader from the candidates
	await lead.getByTestId('assign-leader').click();
	await lead.getByTestId('pick-leader').selectOption({ label: '王指挥' });
	await expect(agent.getByTestId('response-panel').locator('tr[data-seat="leader"]')).toContainText('王指挥');

	// a duty ticked on one screen is ticked on the other
	const duty = agent.getByTestId('duties-customer_service').locator('input[type=checkbox]').first();
	await duty.check();
	await expect(lead.getByTestId('duties-customer_service').locator('input[type=checkbox]').first()).toBeChecked();

	// the notice is there in the reader's language
	await agent.getByTestId('notice-toggle').click();
	await expect(agent.getByTestId('response-notice')).toContainText('应急响应通知');
	await expect(agent.getByTestId('response-notice')).toContainText(inc.code);

	// the 10th customer escalates: logistics is convened and the director's seat opens on both screens
	await api.call(
		'POST',
		`/api/v1/incidents/${inc.id}/customers`,
		Array.from({ length: 10 }, (_, i) => ({ name: `顾客${i + 1}` }))
	);
	await expect(wallSeat('logistics')).toHaveAttribute('data-status', 'vacant');
	await expect(wallSeat('leader')).toContainText('director');
	await expect(wallSeat('leader')).toHaveAttribute('data-status', 'vacant');
	await expect(agent.getByTestId('response-panel').locator('tr[data-seat="leader"]')).toContainText('客服总监');
	await expect(lead.getByTestId('seat-summary')).toContainText('1/4');
	await expect(wall.timelineEntry('response.extended')).toHaveCount(1);
	expect(reloads).toBe(0);
});

test('a lead lowers the level with a reason; below the inputs the override is asked for', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '区域物流停运', category: 'special_scenario', inputs: { regionalInterruption: true } })).body;
	expect(inc.level).toBe(2);
	const lead = await signedIn(browser, 'lead');
	const page = new IncidentPage(lead);
	await page.open(inc.id);
	await lead.getByTestId('level-change').click();
	await lead.getByTestId('level-select').selectOption('3');
	await lead.getByTestId('level-reason-input').fill('Only one depot is affected');
	await lead.getByTestId('level-apply').click();
	await expect(lead.getByTestId('level-control').getByRole('alert')).toContainText('override');
	await lead.getByTestId('level-override').check();
	await lead.getByTestId('level-apply').click();
	await expect(lead.getByTestId('level')).toContainText('3');
	await expect(lead.getByTestId('level-reason')).toContainText('Only one depot is affected');
});
