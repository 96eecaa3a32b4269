import { test as base, expect, type Page, type Browser } from '@playwright/test';
import { ApiClient } from '../support/client';
import { LoginPage } from './pages/login-page';

export const USERS = {
	lead: { email: 'lead@example.com', name: '王指挥', password: 'lead-password-1', roles: ['lead'], groups: ['customer_service'] },
	responder: { email: 'responder@example.com', name: 'Li Responder', password: 'responder-pass-1', roles: ['responder'], groups: ['tech_support'] },
	agent: { email: 'agent@example.com', name: '陈客服', password: 'agent-password-1', roles: ['responder'], groups: ['customer_service'] }
} as const;

type Fixtures = {
	baseURL: string;
	api: ApiClient;
	signedIn: (browser: Browser, who: keyof typeof USERS, lang?: 'en' | 'zh-CN') => Promise<Page>;
	cspViolations: string[];
};

/** Content Security Policy violations reported by any page of any context a test opens. */
const violations: string[] = [];

export const test = base.extend<Fixtures, { cspWatch: void }>({
	/** Every context gets a listener: a page that breaks the CSP (blocked script, style, connection) is reported. */
	cspWatch: [
		async ({ browser }, use) => {
			const newContext = browser.newContext.bind(browser);
			browser.newContext = async (options) => {
				const context = await newContext(options);
				context.on('console', (msg) => {
					if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(msg.text())) violations.push(`${msg.location().url}: ${msg.text()}`);
				});
				return context;
			};
			await use();
			browser.newContext = newContext;
		},
		{ scope: 'worker', auto: true }
	],
	/** Fails the test when a page reported a CSP violation during it. */
	cspViolations: [
		// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from the pattern
		async ({}, use) => {
			violations.length = 0;
			await use(violations);
			expect(violations, 'Content Security Policy violations in the browser console').toEqual([]);
		},
		{ auto: true }
	],
	// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from the pattern
	baseURL: async ({}, use, testInfo) => {
		const url = process.env[`WARROOM_E2E_URL_${testInfo.project.name}`];
		if (!url) throw new Error(`no server for project ${testInfo.project.name}`);
		await use(url);
	},
	api: async ({ baseURL }, use) => {
		await use(await ApiClient.login(baseURL, USERS.lead.email, USERS.lead.password));
	},
	/** A fresh browser context signed in as one of the users, in the given language. */
	signedIn: async ({ baseURL }, use) => {
		const contexts: import('@playwright/test').BrowserContext[] = [];
		await use(async (browser, who, lang = 'en') => {
			const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
			contexts.push(context);
			await context.addCookies([{ name: 'warroom_lang', value: lang, url: baseURL }]);
			const page = await context.newPage();
			await new LoginPage(page).signIn(USERS[who].email, USERS[who].password);
			return page;
		});
		for (const c of contexts) await c.close();
	}
});

export { expect };
