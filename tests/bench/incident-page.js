// The incident page with 10,000 affected customers: time in Chromium from navigation to the first
// customer row (or phone card) visible, on the production server with PGlite. The customers are
// imported as one CSV through the API, as a team would.
import { performance } from 'node:perf_hooks';
import { ADMIN, json, startWarroom } from './harness.js';
import { customerCsv } from './import.js';
import { stats } from './util.js';

export const PAGE_CUSTOMERS = 10_000;

/** `url`: measure a server already running (signed in with ADMIN) instead of starting one. */
export async function benchIncidentPage({ runs = 5, customers = PAGE_CUSTOMERS, url } = {}) {
	const server = url ? { url, stop: async () => {} } : await startWarroom(undefined);
	const { chromium } = await import('@playwright/test');
	const browser = await chromium.launch({
		executablePath: process.env.WARROOM_CHROMIUM || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage']
	});
	try {
		const { token } = await json(`${server.url}/api/v1/auth/token`, 'POST', ADMIN);
		const incident = await json(`${server.url}/api/v1/incidents`, 'POST', { title: '星耀 X5 手机电池鼓包 page bench', category: 'product_quality' }, token);
		const res = await fetch(`${server.url}/api/v1/incidents/${incident.id}/customers`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
			body: customerCsv(customers)
		});
		if (res.status !== 201) throw new Error(`import failed: ${res.status}`);
		const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
		await page.goto(`${server.url}/login`);
		await page.fill('input[type=email]', ADMIN.email);
		await page.fill('input[type=password]', ADMIN.password);
		await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
		const samples = [];
		for (let i = 0; i <= runs; i++) {
			const t0 = performance.now();
			await page.goto(`${server.url}/incidents/${incident.id}?tab=customers`, { waitUntil: 'commit' });
			await page.locator('[data-testid="customer-row"], [data-testid="customer-card"]').first().waitFor({ state: 'visible', timeout: 120_000 });
			if (i > 0) samples.push(performance.now() - t0); // the first run warms the server and the browser cache
		}
		return { customers, page: stats(samples) };
	} finally {
		await browser.close();
		await server.stop();
	}
}

// `node tests/bench/incident-page.js <url> [runs]`: this row alone, against a running server.
if (process.argv[1] === import.meta.filename && process.argv[2]) {
	const r = await benchIncidentPage({ url: process.argv[2], runs: Number(process.argv[3] ?? 5) });
	process.stdout.write(`${JSON.stringify(r)}\n`);
}
