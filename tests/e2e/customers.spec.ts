// The customer issue sheet in two browsers: contacts, countdowns, imports and phase gates, live.
import path from 'node:path';
import { test, expect } from './fixtures';
import { IncidentPage } from './pages/incident-page';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

test('a responder records a contact and the countdown on another screen turns to "met" without reload', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '暖阳 H2 电暖器无法开机', category: 'product_quality' })).body;
	const added = await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [
		{ name: '任秀兰', phone: '18722818662', reportedAt: minutesAgo(10) },
		{ name: '曹刚', phone: '15004079337', reportedAt: minutesAgo(100) },
		{ name: '罗平', reportedAt: minutesAgo(130) }
	]);
	expect(added.status).toBe(201);

	const lead = await signedIn(browser, 'lead');
	const agent = await signedIn(browser, 'agent');
	const wall = new IncidentPage(lead);
	const desk = new IncidentPage(agent);
	await wall.open(inc.id);
	await desk.open(inc.id);
	let reloads = 0;
	lead.on('load', () => reloads++);

	// level 3: 2 h windows: 10 min in → pending, 100 min in → due soon (≥ 80 %), 130 min in → overdue
	await expect(wall.deadlineStatus('任秀兰')).toHaveAttribute('data-status', 'pending');
	await expect(wall.deadlineStatus('曹刚')).toHaveAttribute('data-status', 'due_soon');
	await expect(wall.deadlineStatus('罗平')).toHaveAttribute('data-status', 'overdue');
	await expect(wall.customerRow('任秀兰')).toContainText('187****8662');
	// the countdown ticks by itself
	const first = await wall.customerRow('任秀兰').getByTestId('countdown').textContent();
	await expect.poll(() => wall.customerRow('任秀兰').getByTestId('countdown').textContent(), { timeout: 5000 }).not.toBe(first);

	await desk.recordContact('任秀兰', { need: 'replacement' });
	await expect(wall.deadlineStatus('任秀兰')).toHaveAttribute('data-status', 'met');
	await expect(wall.deadlineStatus('任秀兰')).toContainText('Met');
	await expect(lead.getByTestId('rollup-met')).toHaveText('1');
	await expect(lead.getByTestId('rollup-overdue')).toHaveText('1');
	await expect(wall.timelineEntry('customer.contacted')).toHaveCount(1);
	expect(reloads).toBe(0);
});

test('an Excel GBK file is previewed with its encoding and imported with a progress bar', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '冰箱批量不制冷', category: 'product_quality' })).body;
	const agent = await signedIn(browser, 'agent', 'zh-CN');
	await new IncidentPage(agent).open(inc.id);
	await agent.getByTestId('import-csv').setInputFiles(path.join(FIXTURES, 'customers-50-excel-gbk.csv'));
	const preview = agent.getByTestId('import-preview');
	await expect(preview).toContainText('GBK');
	await expect(preview).toContainText('50 行');
	await expect(preview.locator('tbody tr')).toHaveCount(5);
	// hold the request a moment so the progress bar is seen while the upload is under way
	await agent.route('**/api/v1/incidents/*/customers', async (route) => {
		await new Promise((r) => setTimeout(r, 800));
		await route.continue();
	});
	await preview.getByTestId('import-upload').click();
	await expect(agent.getByTestId('import-progress')).toBeVisible();
	await expect(agent.getByTestId('customer-row')).toHaveCount(50);
	await expect(agent.getByText('已添加 50 位客户')).toBeVisible();
	await expect(agent.getByTestId('import-progress')).toHaveCount(0);
});

test("a file mixing UTF-8 and GBK rows, or with more than 10,000 rows, is refused with one message in the user's language", async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '名单编码混用', category: 'product_quality' })).body;
	const zhangSanGbk = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]);
	const mixed = Buffer.concat([Buffer.from('name,phone\n'), zhangSanGbk, Buffer.from(',13800000000\n'), Buffer.from('王五,13800000001\n', 'utf8')]);
	const agent = await signedIn(browser, 'agent', 'zh-CN');
	await new IncidentPage(agent).open(inc.id);
	await agent.getByTestId('import-csv').setInputFiles({ name: 'mixed.csv', mimeType: 'text/csv', buffer: mixed });
	await agent.getByTestId('import-preview').getByTestId('import-upload').click();
	await expect(agent.getByRole('alert').filter({ hasText: '文件混用了两种编码：第 3 行（第 2 条数据）' })).toBeVisible();
	await expect(agent.getByTestId('import-valid-only')).toHaveCount(0);

	const many = `name\n${Array.from({ length: 10_001 }, (_, i) => `客户${i + 1}`).join('\n')}`;
	const en = await signedIn(browser, 'agent', 'en');
	await new IncidentPage(en).open(inc.id);
	await en.getByTestId('import-csv').setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(many) });
	await en.getByTestId('import-preview').getByTestId('import-upload').click();
	await expect(en.getByRole('alert').filter({ hasText: 'The file has more than 10000 customers' })).toBeVisible();
	expect((await api.call('GET', `/api/v1/incidents/${inc.id}/customers?limit=1`)).body.total).toBe(0);
});

test('a Chinese Excel file is previewed in local time, warns that its rows are overdue at once, and imports', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '星耀 X5 批量发热', category: 'product_quality' })).body;
	const agent = await signedIn(browser, 'agent', 'zh-CN');
	await new IncidentPage(agent).open(inc.id);
	await expect(agent.getByTestId('import-template')).toHaveAttribute('href', '/api/v1/customers/template.csv');
	await agent.getByTestId('import-csv').setInputFiles(path.join(FIXTURES, 'customers-50-excel-cn-dates.csv'));
	const preview = agent.getByTestId('import-preview');
	await expect(preview).toContainText('时间按 Asia/Shanghai');
	await expect(preview.locator('tbody tr').first()).toContainText('2026-11-23 13:51');
	// registered on 2026-11-23: every row is past its 2-hour window already
	await expect(agent.getByTestId('import-overdue')).toContainText(/^50 行登记时间早于 \d+ 天前/);
	await expect(agent.getByTestId('import-bad-times')).toHaveCount(0);
	await preview.getByTestId('import-upload').click();
	await expect(agent.getByTestId('customer-row')).toHaveCount(50);
	const stored = (await api.call('GET', `/api/v1/incidents/${inc.id}/customers`)).body.items;
	expect(stored[0].reportedAt).toBe('2026-11-23T05:51:00.000Z');
});

test('a CSV with two bad rows is refused row by row; "valid rows only" adds 48 and escalates on every screen', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '华东区域配送延误', category: 'service_failure' })).body;
	const lead = await signedIn(browser, 'lead', 'zh-CN');
	const agent = await signedIn(browser, 'agent');
	const wall = new IncidentPage(lead);
	const desk = new IncidentPage(agent);
	await wall.open(inc.id);
	await desk.open(inc.id);
	await expect(lead.getByTestId('level')).toHaveText('三级 · 一般');

	await desk.importCsv(path.join(FIXTURES, 'customers-50-two-bad-rows.csv'), 50);
	const errors = agent.getByTestId('import-errors');
	await expect(errors).toBeVisible();
	await expect(errors).toContainText('2 of 50 rows');
	await expect(errors.locator('tbody tr')).toHaveCount(2);
	await expect(errors.locator('tbody tr').nth(0)).toContainText('17');
	await expect(errors.locator('tbody tr').nth(0)).toContainText('name');
	await expect(errors.locator('tbody tr').nth(1)).toContainText('34');
	await expect(errors.locator('tbody tr').nth(1)).toContainText('reportedAt');
	await expect(errors.locator('tbody tr').nth(1)).toContainText('昨天下午');
	await expect(errors.locator('tbody tr').nth(1)).toContainText('not a date and time');
	await expect(agent.getByTestId('customer-row')).toHaveCount(0);
	await expect(agent.getByTestId('import-valid-only')).toHaveText('Import only the 48 valid rows');

	await agent.getByTestId('import-valid-only').click();
	await expect(agent.getByTestId('customer-row')).toHaveCount(48);
	await expect(lead.getByTestId('customer-row')).toHaveCount(48);
	await expect(lead.getByTestId('level')).toHaveText('二级 · 较大');
	await expect(lead.getByTestId('level-reason')).toContainText('受影响客户 48 人');
});

test('a lead meets the resolution gate, sees what is unmet, and overrides it with a reason', async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '门店自提缺货', category: 'special_scenario' })).body;
	await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '田芳' }, { name: '曹刚' }]);
	// containment's own gate (leader on duty, notice published) is not this test's subject
	expect((await api.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase: 'containment', overrideReason: 'test setup' })).status).toBe(200);
	const lead = await signedIn(browser, 'lead');
	const page = new IncidentPage(lead);
	await page.open(inc.id);
	await expect(lead.locator('[data-phase="containment"]')).toHaveClass(/current/);
	await lead.getByTestId('phase-advance').click();
	const gate = lead.getByTestId('gate');
	await expect(gate).toContainText('2 affected customer(s) not yet contacted or marked unreachable');
	await page.recordContact('田芳');
	await lead.getByTestId('override-reason').fill('Customer abroad, unreachable until next week');
	await lead.getByTestId('override').click();
	await expect(lead.locator('[data-phase="resolution"]')).toHaveClass(/current/);
	await expect(page.timelineEntry('incident.phase_changed').first()).toContainText('gate overridden');
});
