// The post-mortem in two browsers: a save from a stale version shows the other person's text
// instead of overwriting it; When lists the incident's own timestamps.
import { test, expect } from './fixtures';
import { IncidentPage } from './pages/incident-page';

test('two people edit the post-mortem: the later save shows the conflict, then re-applies on request', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '官网崩溃无法下单', category: 'special_scenario' })).body;
	for (const phase of ['containment', 'resolution', 'follow_up']) expect((await api.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase })).status).toBe(200);
	const a = await signedIn(browser, 'lead');
	const b = await signedIn(browser, 'agent', 'zh-CN');
	await new IncidentPage(a).open(inc.id);
	await new IncidentPage(b).open(inc.id);
	const pa = a.getByTestId('postmortem-panel');
	const pb = b.getByTestId('postmortem-panel');
	await expect(pa).toContainText('When');
	await pa.getByTestId('postmortem-edit').click();
	await pb.getByTestId('postmortem-edit').click();
	await pa.getByTestId('pm-what').fill('大促期间官网崩溃 2 小时');
	await pa.getByTestId('postmortem-save').click();
	await expect(pb.getByTestId('pm-where')).toBeVisible();
	await pb.getByTestId('pm-where').fill('系统');
	await pb.getByTestId('postmortem-save').click();
	await expect(pb.getByTestId('postmortem-conflict')).toContainText('大促期间官网崩溃 2 小时');
	await pb.getByTestId('postmortem-conflict').getByRole('button', { name: '重新应用我的修改' }).click();
	// both edits stand: A's What was not reverted by B's re-apply
	await expect(pa).toContainText('系统');
	await expect(pa.getByTestId('pm-what-text')).toHaveText('大促期间官网崩溃 2 小时');
	await expect(pb.getByTestId('pm-what-text')).toHaveText('大促期间官网崩溃 2 小时');
});
