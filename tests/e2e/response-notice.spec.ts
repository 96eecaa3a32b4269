// The response notice published: the lead publishes it on a laptop, a seat holder sees it on a
// phone with the time in Beijing time and marks it read, and the lead sees who has read it live.
import fs from 'node:fs';
import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures';
import { IncidentPage } from './pages/incident-page';
import { LoginPage } from './pages/login-page';
import { USERS } from './fixtures';
import { ApiClient } from '../support/client';

const SHOTS = '/work/notes/shots';
/** The notice box and everything in it lie within the phone's 390 px. */
const fitsPhone = (box: Locator) => box.evaluate((el) => [el, ...el.querySelectorAll('*')].every((e) => e.getBoundingClientRect().right <= 390.5));

test('a lead publishes the response notice; a seat holder reads it on a phone; the lead sees the read live', async ({ browser, baseURL, signedIn, api }) => {
	const inc = (await api.call('POST', '/api/v1/incidents', { title: `门店集中投诉 ${Date.now() % 10000}`, category: 'service_failure' })).body;
	const agentApi = await ApiClient.login(baseURL, USERS.agent.email, USERS.agent.password);
	const me = (await api.call('GET', '/api/v1/me')).body;
	const agentMe = (await agentApi.call('GET', '/api/v1/me')).body;
	expect((await api.call('PUT', `/api/v1/incidents/${inc.id}/response/seats/leader`, { userId: me.id })).status).toBe(200);
	expect((await agentApi.call('PUT', `/api/v1/incidents/${inc.id}/response/seats/customer_service`, { userId: agentMe.id })).status).toBe(200);

	const lead = await signedIn(browser, 'lead');
	const laptop = new IncidentPage(lead);
	await laptop.open(inc.id);
	const leadBox = lead.getByTestId('notice-box');
	await expect(lead.getByTestId('notice-none')).toBeVisible();

	const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	await context.addCookies([{ name: 'warroom_lang', value: 'zh-CN', url: baseURL! }]);
	const phone = await context.newPage();
	await new LoginPage(phone).signIn(USERS.agent.email, USERS.agent.password);
	await new IncidentPage(phone).open(inc.id);
	const phoneBox = phone.getByTestId('notice-box');
	await expect(phone.getByTestId('notice-none')).toBeVisible();
	// a responder neither publishes nor reads a notice that does not exist
	await expect(phone.getByTestId('notice-publish')).toHaveCount(0);
	await expect(phone.getByTestId('notice-read')).toHaveCount(0);

	// the lead publishes: version 1, with its time in the configured zone
	await lead.getByTestId('notice-publish').click();
	await expect(lead.getByTestId('notice-version')).toHaveText('Response notice · version 1');
	await expect(lead.getByTestId('notice-published')).toContainText('(Beijing time) by 王指挥');
	await expect(lead.getByTestId('notice-unread')).toHaveText('陈客服');
	// the publisher (who holds the leader seat) has read it
	await expect(lead.getByTestId('notice-read-by')).toHaveText('王指挥');
	await expect(lead.getByTestId('notice-you-read')).toBeVisible();

	// the seat holder's phone shows it at once, opened, with the read button
	await expect(phone.getByTestId('notice-version')).toHaveText('应急响应通知 · 第 1 版');
	await expect(phone.getByTestId('notice-unread-banner')).toBeVisible();
	await expect(phone.getByTestId('published-notice')).toContainText('（北京时间），发布人：王指挥');
	await expect(phone.getByTestId('published-notice')).toContainText(inc.code);
	await phone.getByTestId('notice-read').scrollIntoViewIfNeeded();
	expect(await fitsPhone(phoneBox)).toBe(true);
	fs.mkdirSync(SHOTS, { recursive: true });
	await phoneBox.screenshot({ path: `${SHOTS}/j-notice-phone-zh-unread.png` });

	await phone.getByTestId('notice-read').click();
	await expect(phone.getByTestId('notice-you-read')).toHaveText('您已阅读');
	await expect(phone.getByTestId('notice-read')).toHaveCount(0);
	await phoneBox.screenshot({ path: `${SHOTS}/j-notice-phone-zh-read.png` });

	// the lead sees the read without reloading
	await expect(lead.getByTestId('notice-read-by')).toHaveText('王指挥, 陈客服');
	await expect(lead.getByTestId('notice-unread')).toHaveCount(0);
	await expect(laptop.timelineEntry('response.notice_read')).toHaveCount(1);
	await lead.getByTestId('notice-show').click();
	await expect(lead.getByTestId('published-notice')).toContainText('Published');
	await leadBox.screenshot({ path: `${SHOTS}/j-notice-laptop-en.png` });

	// a new version asks the holder again; the earlier one stays listed
	await lead.getByTestId('notice-publish').click();
	await expect(lead.getByTestId('notice-version')).toHaveText('Response notice · version 2');
	await expect(lead.getByTestId('notice-earlier')).toContainText('Earlier versions (1)');
	await expect(phone.getByTestId('notice-read')).toBeVisible();
	await expect(lead.getByTestId('notice-unread')).toHaveText('陈客服');

	// the same screens in the other language, for the record
	const enPhone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	await enPhone.addCookies([{ name: 'warroom_lang', value: 'en', url: baseURL! }]);
	const phoneEn = await enPhone.newPage();
	await new LoginPage(phoneEn).signIn(USERS.agent.email, USERS.agent.password);
	await new IncidentPage(phoneEn).open(inc.id);
	await expect(phoneEn.getByTestId('notice-read')).toHaveText('I have read it');
	await expect(phoneEn.getByTestId('published-notice')).toContainText('(Beijing time) by 王指挥');
	expect(await fitsPhone(phoneEn.getByTestId('notice-box'))).toBe(true);
	await phoneEn.getByTestId('notice-box').screenshot({ path: `${SHOTS}/j-notice-phone-en-unread.png` });
	const leadZh = await signedIn(browser, 'lead', 'zh-CN');
	await new IncidentPage(leadZh).open(inc.id);
	await expect(leadZh.getByTestId('notice-version')).toHaveText('应急响应通知 · 第 2 版');
	await leadZh.getByTestId('notice-earlier').locator('summary').first().click();
	await leadZh.getByTestId('notice-box').screenshot({ path: `${SHOTS}/j-notice-laptop-zh.png` });
	await leadZh.screenshot({ path: `${SHOTS}/j-notice-laptop-zh-page.png`, fullPage: false });
	await enPhone.close();
	await context.close();
});
