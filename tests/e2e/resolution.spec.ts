// Resolution in two browsers: tech support proposes, a lead approves, progress follows live; two
// people saving the cause analysis from the same version never silently overwrite each other.
import { test, expect } from './fixtures';
import { IncidentPage } from './pages/incident-page';

test('a solution proposed by tech support is approved by a lead and its progress shows live; a stale cause save shows the conflict', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '冰箱不制冷(批次 B7)', category: 'product_quality' })).body;
	const tech = await signedIn(browser, 'responder');
	const lead = await signedIn(browser, 'lead', 'zh-CN');
	await new IncidentPage(tech).open(inc.id);
	await new IncidentPage(lead).open(inc.id);
	const techPanel = tech.getByTestId('resolution-panel');
	const leadPanel = lead.getByTestId('resolution-panel');

	await techPanel.getByTestId('solution-kind').selectOption('repair');
	await techPanel.getByTestId('solution-description').fill('更换压缩机继电器');
	await techPanel.getByTestId('solution-propose').click();
	await expect(leadPanel.getByTestId('solution')).toHaveAttribute('data-status', 'pending_approval');
	await expect(techPanel.getByTestId('approve')).toHaveCount(0); // a responder cannot approve
	await leadPanel.getByTestId('approve').click();
	await expect(techPanel.getByTestId('solution')).toHaveAttribute('data-status', 'approved');
	await techPanel.getByTestId('progress-note').fill('维修人员已出发');
	await techPanel.getByTestId('progress-add').click();
	await expect(leadPanel.getByTestId('solution')).toContainText('维修人员已出发');
	// execution done: tech support waits for the quality check, the lead performs it
	await techPanel.getByRole('button', { name: 'Done', exact: true }).click();
	await expect(techPanel.getByTestId('solution')).toContainText('Waiting for the quality check');
	await expect(techPanel.getByTestId('qc-pass')).toHaveCount(0);
	await leadPanel.getByTestId('qc-pass').click();
	await expect(techPanel.getByTestId('qc-result')).toContainText('Quality check passed');

	// both open the cause analysis; the lead saves first, tech's later save shows the lead's text
	await techPanel.getByTestId('cause-edit').click();
	await leadPanel.getByTestId('cause-edit').click();
	await leadPanel.getByTestId('root-cause').fill('继电器供应商批次缺陷');
	await leadPanel.getByTestId('cause-save').click();
	await expect(techPanel.getByTestId('root-cause')).toBeVisible();
	await techPanel.getByTestId('root-cause').fill('温控器老化');
	await techPanel.getByTestId('cause-save').click();
	await expect(techPanel.getByTestId('cause-conflict')).toContainText('继电器供应商批次缺陷');
	await expect(leadPanel.getByTestId('root-cause-text')).toHaveText('继电器供应商批次缺陷');
});

test('a survey below target opens a re-follow-up task that the other screen sees at once', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '送装延误', category: 'service_failure' })).body;
	const items = (await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '满意的' }, { name: '不满意的' }])).body.items;
	expect((await api.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase: 'containment', overrideReason: 'test setup: the notice is not this test’s subject' })).status).toBe(200);
	for (const c of items) await api.call('POST', `/api/v1/incidents/${inc.id}/customers/${c.id}/contacts`, { apologized: true, explained: true, needAsked: false });
	expect((await api.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase: 'resolution' })).status).toBe(200);
	const agent = await signedIn(browser, 'agent');
	const lead = await signedIn(browser, 'lead');
	await new IncidentPage(agent).open(inc.id);
	await new IncidentPage(lead).open(inc.id);
	const form = agent.getByTestId('survey-form');
	await form.getByTestId('survey-customer').selectOption({ label: '#2 不满意的' });
	await form.getByTestId('survey-speed').selectOption('2');
	await form.getByTestId('survey-result').selectOption('2');
	await form.getByTestId('survey-attitude').selectOption('3');
	await form.getByTestId('survey-save').click();
	await expect(lead.getByTestId('satisfaction-rate')).toHaveText('0%');
	await expect(lead.getByTestId('followup')).toHaveAttribute('data-status', 'open');
	await expect(lead.getByTestId('followup')).toContainText('#2');
});
