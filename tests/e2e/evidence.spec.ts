// Evidence in the browser: authorisation first, then an upload that another screen sees at once;
// a screen without personal-data access sees the file's type, not its name.
import { test, expect } from './fixtures';
import { IncidentPage } from './pages/incident-page';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);

test("a responder records the customer's authorisation and uploads a photo; the lead's screen lists it live", async ({ browser, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: '洗衣机漏水', category: 'product_quality' })).body;
	await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '严海燕', phone: '13912345678' }]);
	const agent = await signedIn(browser, 'agent');
	const lead = await signedIn(browser, 'lead');
	const desk = new IncidentPage(agent);
	const wall = new IncidentPage(lead);
	await desk.open(inc.id);
	await wall.open(inc.id);
	await wall.customerRow('严海燕').getByTestId('evidence-open').click();
	await expect(lead.getByTestId('evidence-panel')).toContainText('authorisation');

	await desk.customerRow('严海燕').getByTestId('evidence-open').click();
	await agent.getByTestId('evidence-channel').selectOption('phone');
	await agent.getByTestId('evidence-authorize').click();
	await agent.getByTestId('evidence-file').setInputFiles({ name: '漏水照片.png', mimeType: 'image/png', buffer: PNG });
	await expect(agent.getByTestId('evidence-item')).toContainText('漏水照片.png');
	await expect(lead.getByTestId('evidence-item')).toContainText('PNG');
	await expect(lead.getByTestId('evidence-panel')).toContainText('authorised');
	// tech support may not see personal data: the file's type in words, not its name (which names the customer's problem, often the customer)
	const tech = await signedIn(browser, 'responder');
	await new IncidentPage(tech).open(inc.id);
	await new IncidentPage(tech).customerRow('严海燕').getByTestId('evidence-open').click();
	await expect(tech.getByTestId('evidence-label')).toHaveText(/^PNG (image|图片)$/);
	await expect(tech.getByTestId('evidence-panel')).not.toContainText('漏水照片');

	// a text file that pretends to be a photo is refused with the reason
	await agent.getByTestId('evidence-file').setInputFiles({ name: 'fake.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo') });
	await expect(agent.getByTestId('evidence-panel').getByRole('alert')).toContainText('JPEG, PNG or PDF');
	await expect(agent.getByTestId('evidence-item')).toHaveCount(1);
});
