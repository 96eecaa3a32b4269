// The live review meeting in real browsers: two people edit the post-mortem at once and see each
// other typing; saves of different fields merge; both changing "Where" makes the later save show
// the conflict instead of overwriting; the presenter screen follows the field being typed in.
import { test, expect } from './fixtures';
import { IncidentPage } from './pages/incident-page';

test('review meeting: A edits What, B edits How, both see both; both edit Where → the later save shows the conflict', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '官网崩溃无法下单', category: 'special_scenario' })).body;
	// the gates wait for outputs this test does not produce (notice, checked solution): the lead records why
	for (const phase of ['containment', 'resolution', 'follow_up'])
		expect((await api.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase, overrideReason: 'test setup: the review is this test’s subject' })).status).toBe(200);
	const a = await signedIn(browser, 'lead');
	const b = await signedIn(browser, 'agent', 'zh-CN');
	await new IncidentPage(a).open(inc.id);
	await new IncidentPage(b).open(inc.id);
	const pa = a.getByTestId('postmortem-panel');
	const pb = b.getByTestId('postmortem-panel');
	await expect(pa).toContainText('When');
	// the meeting-room screen, opened from A's laptop
	const screen = await a.context().newPage();
	await screen.goto(`/review/${inc.id}`);
	await expect(screen.getByTestId('presenter')).toContainText(inc.code);
	// the screen has joined the incident (A is here twice: the laptop and the screen): from now on it hears who types
	await expect(screen.locator('[data-testid="presence-user"][data-connections="2"]')).toHaveCount(1);

	await pa.getByTestId('postmortem-edit').click();
	await pb.getByTestId('postmortem-edit').click();
	// at the same time: A types What, B types How — each sees the other typing, unsaved
	await pa.getByTestId('pm-what').fill('大促期间官网崩溃 2 小时');
	await pb.getByTestId('pm-how.wentWell').fill('客服 10 分钟内统一口径');
	await expect(pb.locator('[data-testid="pm-live"][data-field="what"]')).toContainText('大促期间官网崩溃 2 小时');
	await expect(pb.locator('[data-testid="pm-live"][data-field="what"]')).toContainText('王指挥');
	await expect(pa.locator('[data-testid="pm-live"][data-field="how.wentWell"]')).toContainText('客服 10 分钟内统一口径');
	// the presenter follows the field typed in last, with the words as typed
	await expect(screen.getByTestId('presenter-how.wentWell')).toHaveClass(/current/);
	await expect(screen.getByTestId('presenter-how.wentWell')).toContainText('客服 10 分钟内统一口径');

	// both save: different fields merge, nobody is asked anything
	await pa.getByTestId('postmortem-save').click();
	await expect(pb.getByTestId('pm-what')).toHaveValue('大促期间官网崩溃 2 小时');
	await pb.getByTestId('postmortem-save').click();
	await expect(pb.getByTestId('postmortem-conflict')).toHaveCount(0);
	for (const p of [pa, pb]) {
		await expect(p.getByTestId('pm-what-text')).toHaveText('大促期间官网崩溃 2 小时');
		await expect(p.getByTestId('pm-how-text')).toContainText('客服 10 分钟内统一口径');
	}
	await expect(screen.getByTestId('presenter-what')).toContainText('大促期间官网崩溃 2 小时');

	// both edit Where: A saves first; B's later save shows A's value instead of overwriting it
	await pa.getByTestId('postmortem-edit').click();
	await pb.getByTestId('postmortem-edit').click();
	await pa.getByTestId('pm-where').fill('系统扩容');
	await pb.getByTestId('pm-where').fill('活动流程');
	await pa.getByTestId('postmortem-save').click();
	await expect(pa.getByTestId('pm-where-text')).toHaveText('系统扩容');
	await pb.getByTestId('postmortem-save').click();
	const conflict = pb.locator('[data-testid="postmortem-conflict"][data-field="where"]');
	await expect(conflict).toContainText('系统扩容');
	await expect(conflict).toContainText('活动流程');
	expect((await api.call('GET', `/api/v1/incidents/${inc.id}/postmortem`)).body.where).toBe('系统扩容');
	// B decides explicitly: keep mine, save — A's other fields stand
	await conflict.getByTestId('postmortem-keep-mine').click();
	await pb.getByTestId('postmortem-save').click();
	await expect(pa.getByTestId('pm-where-text')).toHaveText('活动流程');
	await expect(pa.getByTestId('pm-what-text')).toHaveText('大促期间官网崩溃 2 小时');
	await expect(pa.getByTestId('pm-how-text')).toContainText('客服 10 分钟内统一口径');
	await screen.screenshot({ path: 'test-results/presenter.png' });
});

test('an overdue improvement measure shows on the dashboard and is tracked to done on the improvements page', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '快递延误投诉', category: 'service_failure' })).body;
	for (const phase of ['containment', 'resolution', 'follow_up'])
		expect((await api.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase, overrideReason: 'test setup: the improvements are this test’s subject' })).status).toBe(200);
	const due = new Date(Date.now() - 86_400_000).toISOString();
	expect((await api.call('POST', `/api/v1/incidents/${inc.id}/improvements`, { type: 'training', description: '物流异常话术培训', dueAt: due })).status).toBe(201);
	const page = await signedIn(browser, 'lead', 'zh-CN');
	await page.goto('/');
	const tile = page.getByTestId('overdue-improvements');
	await expect(tile).toContainText('物流异常话术培训');
	await expect(tile).toContainText(inc.code);
	await tile.click();
	await expect(page).toHaveURL(/\/improvements\?overdue=true/);
	const row = page.getByTestId('improvement-row').filter({ hasText: '物流异常话术培训' });
	await row.getByRole('combobox').selectOption('done');
	await expect(page.getByTestId('improvement-row').filter({ hasText: '物流异常话术培训' })).toHaveCount(0);
	expect((await api.call('GET', '/api/v1/improvements?status=done')).body.items.map((i: any) => i.description)).toContain('物流异常话术培训');
});
