// The phase gates in real browsers: the lead's checklist of what the next phase still waits for,
// filled live as a customer-service agent on a phone records why a customer gives no
// confirmation; then the move needs no reason. On another incident the lead overrides with one.
import fs from 'node:fs';
import { test, expect } from './fixtures';
import { IncidentPage } from './pages/incident-page';

const SHOTS = process.env.WARROOM_SHOTS_DIR;
const shot = async (page: import('@playwright/test').Page, name: string) => {
	if (!SHOTS) return;
	fs.mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: `${SHOTS}/j-gates-${name}.png`, fullPage: false });
};

test('the follow-up checklist fills live from a waiver recorded on a phone; the lead then moves without a reason', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '冰箱不制冷(批次 2611)', category: 'product_quality' })).body;
	const I = `/api/v1/incidents/${inc.id}`;
	const [c1, c2] = (await api.call('POST', `${I}/customers`, [{ name: '任秀兰' }, { name: '曹刚' }])).body.items;
	expect((await api.call('POST', `${I}/phase`, { phase: 'containment', overrideReason: 'test setup: the notice is not this test’s subject' })).status).toBe(200);
	for (const c of [c1, c2]) await api.call('POST', `${I}/customers/${c.id}/contacts`, { apologized: true, explained: true, needAsked: false });
	expect((await api.call('POST', `${I}/phase`, { phase: 'resolution' })).status).toBe(200);
	const sol = (await api.call('POST', `${I}/solutions`, { kind: 'repair', description: '上门更换压缩机' })).body;
	await api.call('POST', `${I}/solutions/${sol.id}/approve`, {});
	await api.call('POST', `${I}/solutions/${sol.id}/progress`, { note: '已更换', done: true });
	expect((await api.call('POST', `${I}/solutions/${sol.id}/quality-check`, { passed: true })).status).toBe(200);
	await api.call('POST', `${I}/customers/${c1.id}/confirmation`, { result: 'satisfied', method: 'phone' });

	const leads = [];
	for (const lang of ['en', 'zh-CN'] as const) {
		const lead = await signedIn(browser, 'lead', lang);
		await new IncidentPage(lead).open(inc.id);
		const gate = lead.getByTestId('gate');
		await expect(gate.locator('[data-key="solution_not_checked"]')).toHaveAttribute('data-met', 'true');
		await expect(gate.locator('[data-key="confirmations_missing"]')).toHaveAttribute('data-met', 'false');
		await shot(lead, `laptop-follow-up-gate-${lang}`);
		leads.push(lead);
	}
	const agent = await signedIn(browser, 'agent', 'zh-CN');
	await agent.setViewportSize({ width: 390, height: 844 });
	await new IncidentPage(agent).open(inc.id);
	const row = agent.locator('[data-testid="reached-customer"][data-position="2"]');
	await expect(row).toHaveAttribute('data-state', 'awaiting');
	await row.scrollIntoViewIfNeeded();
	await row.getByTestId('waiver-reason').fill('客户已出国,拒绝签字');
	await shot(agent, 'phone-waiver-zh-CN');
	await row.getByTestId('waiver-save').click();
	await expect(row).toHaveAttribute('data-state', 'waived');
	await shot(agent, 'phone-waived-zh-CN');
	// both leads' checklists turn without a reload
	for (const lead of leads) await expect(lead.getByTestId('gate')).toHaveAttribute('data-unmet', '0');
	const [lead] = leads;
	await lead.getByTestId('gate').scrollIntoViewIfNeeded();
	await shot(lead, 'laptop-follow-up-gate-open-en');
	await lead.getByTestId('phase-advance').click();
	await expect(lead.locator('[data-phase="follow_up"]')).toHaveClass(/current/);
	await expect(lead.getByTestId('gate').locator('[data-key="satisfaction_below_target"]')).toHaveAttribute('data-met', 'false');
	const moved = (await api.call('GET', `${I}/events`)).body.items.at(-1);
	expect(moved).toMatchObject({ type: 'incident.phase_changed', data: { from: 'resolution', to: 'follow_up' } });
	expect(moved.data.override).toBeUndefined();
});

test('a lead overrides the containment gate with a reason; the refused move lists every condition', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '官网崩溃无法下单', category: 'special_scenario' })).body;
	const lead = await signedIn(browser, 'lead', 'zh-CN');
	await lead.setViewportSize({ width: 390, height: 844 });
	await new IncidentPage(lead).open(inc.id);
	const gate = lead.getByTestId('gate');
	await expect(gate.getByTestId('gate-condition')).toHaveCount(2);
	await expect(gate).toHaveAttribute('data-unmet', '2');
	await lead.getByTestId('phase-advance').click();
	await expect(lead.getByTestId('override-reason')).toBeVisible();
	await lead.getByTestId('override-reason').fill('通知已在启动会上口头宣读');
	await shot(lead, 'phone-containment-override-zh-CN');
	await lead.getByTestId('override').click();
	await expect(lead.locator('[data-phase="containment"]')).toHaveClass(/current/);
	await expect(gate.locator('[data-key="customers_not_contacted"]')).toHaveAttribute('data-met', 'true');
	const last = (await api.call('GET', `/api/v1/incidents/${inc.id}/events`)).body.items.at(-1);
	expect(last.data.override).toMatchObject({ reason: '通知已在启动会上口头宣读', unmet: [{ key: 'leader_not_acknowledged' }, { key: 'notice_not_published' }] });
});
