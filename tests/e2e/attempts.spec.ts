// Contact attempts on a phone (issue #17): a responder records failed calls and then a reach; the
// lead's countdown, on the lead's own laptop page, keeps running through the failed calls and turns
// to "met" with the reach. After enough failed attempts on enough channels, the responder decides
// the customer unreachable with a reason, and the lead sees the decision.
import type { Browser } from '@playwright/test';
import { test, expect, USERS } from './fixtures';
import { IncidentPage } from './pages/incident-page';
import { LoginPage } from './pages/login-page';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** The customer-service responder on a 390×844 phone. */
async function onPhone(browser: Browser, baseURL: string) {
	const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	await context.addCookies([{ name: 'warroom_lang', value: 'en', url: baseURL }]);
	const page = await context.newPage();
	await new LoginPage(page).signIn(USERS.agent.email, USERS.agent.password);
	return { page, context };
}

test('on a phone, a responder records two failed calls and then a reach; the lead’s countdown runs until the reach, then turns to met', async ({ browser, baseURL, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: `净水器漏水 ${Date.now() % 10000}`, category: 'product_quality' })).body;
	await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '孙丽', phone: '13712345678', reportedAt: minutesAgo(5) }]);

	const lead = await signedIn(browser, 'lead');
	const wall = new IncidentPage(lead);
	await wall.open(inc.id);
	await expect(wall.deadlineStatus('孙丽')).toHaveAttribute('data-status', 'pending');

	const { page, context } = await onPhone(browser, baseURL);
	const phone = new IncidentPage(page);
	await phone.open(inc.id);
	const row = phone.customerRow('孙丽');
	const form = page.getByTestId('contact-form');

	for (const [n, channel] of [
		[1, 'phone'],
		[2, 'sms']
	] as const) {
		await row.getByTestId('contact-open').click();
		await form.getByTestId('contact-channel').selectOption(channel);
		await form.getByTestId('contact-outcome').selectOption('no_answer');
		// a failed attempt asks for no checklist
		await expect(form.getByTestId('contact-apologized')).toHaveCount(0);
		await form.getByTestId('contact-attempt-save').click();
		await expect(form).toBeHidden();
		await expect(row.getByTestId('customer-attempts')).toHaveAttribute('data-failed', String(n));
		// the lead's countdown keeps running: still pending, still counting down
		await expect(wall.customerRow('孙丽').getByTestId('customer-attempts')).toHaveAttribute('data-failed', String(n));
		await expect(wall.deadlineStatus('孙丽')).toHaveAttribute('data-status', 'pending');
		const shown = await wall.customerRow('孙丽').getByTestId('countdown').textContent();
		await expect.poll(() => wall.customerRow('孙丽').getByTestId('countdown').textContent(), { timeout: 5000 }).not.toBe(shown);
	}
	await expect(row.getByTestId('customer-attempts')).toContainText('Phone, SMS');
	await expect(wall.timelineEntry('customer.contact_attempted')).toHaveCount(2);
	// two failed attempts are not enough to decide the customer unreachable
	await expect(row.getByTestId('unreachable-open')).toHaveCount(0);
	// the phone shows the whole customer without sideways scrolling
	const box = await row.boundingBox();
	expect(box!.x + box!.width).toBeLessThanOrEqual(390);

	// the reach: the checklist, then "met" on the lead's page
	await row.getByTestId('contact-open').click();
	await form.getByTestId('contact-channel').selectOption('phone');
	await form.getByTestId('contact-outcome').selectOption('reached');
	await form.getByTestId('contact-apologized').check();
	await form.getByTestId('contact-explained').check();
	await form.getByTestId('contact-save').click();
	await expect(form).toBeHidden();
	await expect(wall.deadlineStatus('孙丽')).toHaveAttribute('data-status', 'met');
	await expect(wall.customerRow('孙丽').getByTestId('countdown')).toHaveCount(0);
	await expect(wall.timelineEntry('customer.contacted')).toHaveCount(1);
	await expect(row.getByTestId('customer-attempts')).toHaveAttribute('data-attempts', '3');
	await context.close();
});

test('on a phone, after three failed attempts on two channels, the responder decides the customer unreachable with a reason; the lead sees the decision', async ({
	browser,
	baseURL,
	signedIn,
	api
}) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: `热水器漏电 ${Date.now() % 10000}`, category: 'product_quality' })).body;
	const c = (await api.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '钱多多', reportedAt: minutesAgo(30) }])).body.items[0];
	for (const outcome of ['no_answer', 'switched_off']) expect((await api.call('POST', `/api/v1/incidents/${inc.id}/customers/${c.id}/contacts`, { channel: 'phone', outcome })).status).toBe(201);

	const lead = await signedIn(browser, 'lead', 'zh-CN');
	const wall = new IncidentPage(lead);
	await wall.open(inc.id);
	const { page, context } = await onPhone(browser, baseURL);
	const phone = new IncidentPage(page);
	await phone.open(inc.id);
	const row = phone.customerRow('钱多多');
	await expect(row.getByTestId('unreachable-open')).toHaveCount(0);

	// the third failed attempt, on a second channel, opens the decision
	await row.getByTestId('contact-open').click();
	const form = page.getByTestId('contact-form');
	await form.getByTestId('contact-channel').selectOption('sms');
	await form.getByTestId('contact-outcome').selectOption('no_answer');
	await form.getByTestId('contact-note').fill('短信未回复');
	await form.getByTestId('contact-attempt-save').click();
	await expect(form).toBeHidden();
	await row.getByTestId('unreachable-open').click();
	const decide = page.getByTestId('unreachable-form');
	await decide.getByTestId('unreachable-reason').fill('电话关机、短信未回复,客户出国');
	await decide.getByTestId('unreachable-confirm').click();
	await expect(decide).toBeHidden();
	await expect(row.getByTestId('deadline-status')).toHaveAttribute('data-status', 'unreachable');
	await expect(row.getByTestId('unreachable-decision')).toContainText('电话关机、短信未回复,客户出国');

	// the lead, in Chinese: the decision with its author and reason, the countdown stopped
	await expect(wall.deadlineStatus('钱多多')).toHaveAttribute('data-status', 'unreachable');
	await expect(wall.customerRow('钱多多').getByTestId('unreachable-decision')).toContainText('由 陈客服 认定无法联系');
	await expect(wall.customerRow('钱多多').getByTestId('unreachable-decision')).toContainText('客户出国');
	await expect(wall.customerRow('钱多多').getByTestId('countdown')).toHaveCount(0);
	await expect(wall.timelineEntry('customer.unreachable')).toHaveCount(1);
	await context.close();
});
