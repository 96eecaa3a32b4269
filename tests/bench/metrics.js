// Metrics on the demo history: the demo loader fills a database (5,000 incidents / 200,000
// customers by default), the real server answers GET /api/v1/metrics for two years by month
// (and by quarter), and Chromium loads the metrics page until its charts are drawn. Baseline in
// the same run: the plainest aggregate over the same data through the same server (the
// incident list API) — what any request on this database costs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, startServerProcess, stats, stop } from './util.js';

const ADMIN = { email: 'metrics-bench@example.com', password: 'bench-password-1' };

async function timed(fn, runs) {
	await fn(); // warm-up
	const samples = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		await fn();
		samples.push(performance.now() - t0);
	}
	return stats(samples);
}

/** How long until the metrics page shows drawn charts, in a fresh Chromium page each time. */
async function pageInteractive(url, runs) {
	const { chromium } = await import('@playwright/test');
	const browser = await chromium.launch({
		executablePath: process.env.WARROOM_CHROMIUM || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage']
	});
	try {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const page = await context.newPage();
		await page.goto(`${url}/login`);
		await page.fill('input[type=email]', ADMIN.email);
		await page.fill('input[type=password]', ADMIN.password);
		await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
		const samples = [];
		for (let i = 0; i <= runs; i++) {
			const t0 = performance.now();
			await page.goto(`${url}/metrics?months=24`);
			// interactive: the filters respond and the trend chart has ink on it
			await page.waitForFunction(
				() => {
					const c = document.querySelector('[data-testid="chart-volume"]');
					if (!c || !document.querySelector('[data-testid="granularity"]')) return false;
					const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
					for (let k = 3; k < px.length; k += 16) if (px[k] > 0) return true;
					return false;
				},
				null,
				{ polling: 10 }
			);
			if (i > 0) samples.push(performance.now() - t0);
		}
		return stats(samples);
	} finally {
		await browser.close();
	}
}

export async function benchMetrics(root, { driver, databaseUrl, incidents, customers, runs }) {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-metrics-bench-'));
	const env = { ...process.env, WARROOM_DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', WARROOM_LOG_LEVEL: 'warn' };
	const t0 = performance.now();
	const demo = spawnSync(process.execPath, [path.join(root, 'scripts', 'demo.js'), `--incidents=${incidents}`, `--customers=${customers}`], { cwd: root, env, encoding: 'utf8' });
	if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr || demo.stdout}`);
	const loadMs = performance.now() - t0;
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const server = await startServerProcess(root, port, dataDir, { DATABASE_URL: databaseUrl ?? '', WARROOM_ADMIN_EMAIL: ADMIN.email, WARROOM_ADMIN_PASSWORD: ADMIN.password });
	try {
		const login = await fetch(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) }).then((r) => r.json());
		const get = (p) => async () => {
			const r = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${login.token}` } });
			if (!r.ok) throw new Error(`${p}: ${r.status}`);
			return r.json();
		};
		const sample = await get('/api/v1/metrics?granularity=month&months=24')();
		const total = sample.buckets.reduce((n, b) => n + b.incidents, 0);
		return {
			driver,
			incidents,
			customers,
			loadMs,
			inRange: total,
			month: await timed(get('/api/v1/metrics?granularity=month&months=24'), runs),
			quarter: await timed(get('/api/v1/metrics?granularity=quarter&months=24'), runs),
			baseline: await timed(get('/api/v1/incidents'), runs),
			page: await pageInteractive(url, Math.max(3, Math.round(runs / 3)))
		};
	} finally {
		await stop(server.proc);
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}
