// Two people, two browsers: what one does appears on the other's screen without reload.
import { test, expect } from './fixtures';
import { DashboardPage } from './pages/dashboard-page';
import { IncidentPage } from './pages/incident-page';

test('a declaration and a title edit reach another screen live, without reload', async ({ browser, signedIn }) => {
	const lead = await signedIn(browser, 'lead');
	const responder = await signedIn(browser, 'responder');
	const leadDash = new DashboardPage(lead);
	const watcher = new DashboardPage(responder);
	await leadDash.open();
	await watcher.open();
	let reloads = 0;
	responder.on('load', () => reloads++);

	const title = `星耀 X5 手机电池鼓包 ${test.info().project.name} ${Date.now() % 100000}`;
	await leadDash.declare({ title, estimated: 137 });
	await expect(watcher.card(title)).toBeVisible();
	await expect(watcher.card(title)).toContainText('Level 1');

	const incident = new IncidentPage(lead);
	await expect(incident.title()).toHaveText(title);
	await expect(lead.getByTestId('connection')).toHaveAttribute('data-state', 'online');
	await incident.startEdit();
	await incident.setTitle(`${title}(已扩大)`);
	await incident.save();
	await expect(incident.title()).toHaveText(`${title}(已扩大)`);

	await expect(watcher.card(`${title}(已扩大)`)).toBeVisible();
	expect(reloads).toBe(0);
});

test('the incident page timeline grows live while someone else works the incident', async ({ browser, signedIn, api }) => {
	const declared = await api.call('POST', '/api/v1/incidents', { title: '华东区域快递网络停滞', category: 'special_scenario', inputs: { estimatedAffectedCustomers: 12 } });
	const page = await signedIn(browser, 'responder');
	const incident = new IncidentPage(page);
	await incident.open(declared.body.id);
	await expect(page.getByTestId('level')).toContainText('Level 2');
	await expect(incident.timelineEntry('incident.declared')).toHaveCount(1);

	const patched = await api.call('PATCH', `/api/v1/incidents/${declared.body.id}`, { version: 1, inputs: { mediaExposure: true } });
	expect(patched.status).toBe(200);
	await expect(incident.timelineEntry('incident.level_changed')).toHaveCount(1);
	await expect(page.getByTestId('level')).toContainText('Level 1');
	await expect(page.getByTestId('level-reason')).toContainText('media');
	await expect(page.getByTestId('input-mediaExposure')).toBeChecked();
	// update, escalation, and the response group extended to level 1's groups
	await expect(incident.timelineEntry('response.extended')).toHaveCount(1);
	await expect(page.getByTestId('version')).toHaveText('4');
});

test('a save against a newer version shows the conflict and re-applies on request', async ({ browser, signedIn, api }) => {
	const declared = await api.call('POST', '/api/v1/incidents', { title: '门店自提缺货', category: 'service_failure' });
	const a = new IncidentPage(await signedIn(browser, 'lead'));
	const b = new IncidentPage(await signedIn(browser, 'responder'));
	await a.open(declared.body.id);
	await b.open(declared.body.id);
	await a.startEdit();
	await b.startEdit();
	await a.setTitle('门店自提缺货(A 的标题)');
	await b.setTitle('门店自提缺货(B 的标题)');
	await a.save();
	await expect(a.title()).toHaveText('门店自提缺货(A 的标题)');
	await b.save();
	const conflict = b.page.getByTestId('conflict');
	await expect(conflict).toBeVisible();
	await expect(conflict).toContainText('门店自提缺货(A 的标题)');
	await expect(conflict).toContainText('门店自提缺货(B 的标题)');
	await conflict.getByRole('button', { name: 'Re-apply mine' }).click();
	await expect(b.title()).toHaveText('门店自提缺货(B 的标题)');
	await expect(b.page.getByTestId('version')).toHaveText('3');
	await expect(a.title()).toHaveText('门店自提缺货(B 的标题)');
});

test("re-applying after a conflict keeps the other person's edit of a field I did not touch; a field both changed is chosen explicitly", async ({ browser, signedIn, api }) => {
	const declared = await api.call('POST', '/api/v1/incidents', { title: '仓库发错货', category: 'service_failure', description: '初始说明' });
	const a = new IncidentPage(await signedIn(browser, 'lead'));
	const b = new IncidentPage(await signedIn(browser, 'responder'));
	await a.open(declared.body.id);
	await b.open(declared.body.id);
	await a.startEdit();
	await b.startEdit();
	// A changes only the description; B changes only the title
	await a.page.locator('textarea').fill('A 补充:涉及 3 个仓库');
	await a.save();
	await b.setTitle('仓库发错货(B 改)');
	await b.save();
	const conflict = b.page.getByTestId('conflict');
	await expect(conflict).toBeVisible();
	// it shows what A changed; nothing to choose, as nobody changed the same field
	await expect(conflict.locator('tr[data-field="description"]')).toContainText('A 补充:涉及 3 个仓库');
	await expect(conflict.locator('tr[data-conflict]')).toHaveCount(0);
	await conflict.getByRole('button', { name: 'Re-apply mine' }).click();
	await expect(b.title()).toHaveText('仓库发错货(B 改)');
	await expect(a.title()).toHaveText('仓库发错货(B 改)');
	await expect(a.page.locator('.desc')).toHaveText('A 补充:涉及 3 个仓库');
	await expect(b.page.locator('.desc')).toHaveText('A 补充:涉及 3 个仓库');
});
