// Deadline alarms across a restart window, and offline detection.
//
// 500 contact deadlines fall due over a few seconds; halfway through, the server is stopped for
// two seconds and started again. From the event log afterwards: how late each overdue alarm was
// (event time − due time), split into deadlines that fell due while the server ran and those
// that fell due while it was down (measured from when it was ready again), and how many
// deadlines alarmed more than once. Baseline in the same run: plain in-process setTimeout
// timers for the same due times (the floor a timer-based scheduler could reach on this machine,
// with no durability).
//
// Offline detection: a client connected with the app's heartbeat settings; the server process is
// frozen (SIGSTOP: no FIN, the connection just goes silent) and the time until the client sees
// the disconnect is measured, beside bare socket.io with its default heartbeat.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { freePort, sleep, startServerProcess, stats, stop } from './util.js';

const ADMIN = { email: 'alarm-bench@example.com', password: 'bench-password-1' };
const startServer = (root, port, dataDir, env = {}) => startServerProcess(root, port, dataDir, { WARROOM_ADMIN_EMAIL: ADMIN.email, WARROOM_ADMIN_PASSWORD: ADMIN.password, ...env });

async function call(url, method, body, token) {
	const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body && JSON.stringify(body) });
	const data = await res.json();
	if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(data).slice(0, 300)}`);
	return data;
}

/** 500 deadlines (5 level-1 incidents × 100 customers) due 3–9 s from now; the server is down from 5.5 s to 7.5 s. */
export async function benchAlarmsAcrossRestart(root, { deadlines = 500, downAtMs = 5500, downForMs = 2000 } = {}) {
	const port = await freePort();
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-alarm-bench-'));
	let server = await startServer(root, port, dataDir);
	const url = `http://127.0.0.1:${port}`;
	try {
		const { token } = await call(`${url}/api/v1/auth/token`, 'POST', ADMIN);
		const perIncident = 100;
		const incidents = [];
		const t0 = Date.now() + 1000;
		const dueTimes = [];
		for (let k = 0; k < deadlines / perIncident; k++) {
			const inc = await call(`${url}/api/v1/incidents`, 'POST', { title: `告警基准 ${k}`, category: 'product_quality' }, token);
			incidents.push(inc.id);
			// level 1 (≥ 100 customers): a 30 min window, so reportedAt = due − 30 min
			const rows = Array.from({ length: perIncident }, (_, i) => {
				const due = t0 + 2000 + ((k * perIncident + i) * 6000) / deadlines;
				dueTimes.push(due);
				return { name: `客户${k}-${i}`, reportedAt: new Date(due - 30 * 60_000).toISOString() };
			});
			await call(`${url}/api/v1/incidents/${inc.id}/customers`, 'POST', rows, token);
		}
		// the baseline: bare timers for the same due times, in this process
		const bare = [];
		const bareDone = Promise.all(
			dueTimes.map(
				(due) =>
					new Promise((resolve) =>
						setTimeout(
							() => {
								bare.push(Date.now() - due);
								resolve();
							},
							Math.max(0, due - Date.now())
						)
					)
			)
		);

		await sleep(Math.max(0, t0 + downAtMs - Date.now()));
		const downAt = Date.now();
		await stop(server.proc);
		await sleep(downForMs);
		server = await startServer(root, port, dataDir);
		const upAt = server.ready;
		await sleep(Math.max(0, Math.max(...dueTimes) - Date.now()) + 1500);
		await bareDone;

		const whileRunning = [];
		const afterRestart = [];
		const seen = new Map();
		for (const id of incidents) {
			const { items } = await call(`${url}/api/v1/incidents/${id}/events`, 'GET', undefined, token);
			for (const e of items.filter((x) => x.type === 'deadline.overdue')) {
				const at = Date.parse(e.at);
				for (const d of e.data.deadlines) {
					seen.set(d.customerId, (seen.get(d.customerId) ?? 0) + 1);
					const due = Date.parse(d.dueAt);
					if (due < downAt - 50 || due > upAt) whileRunning.push(at - due);
					// 0 when it had already fired by the time the restarted server first answered /readyz
					else afterRestart.push(Math.max(0, at - upAt));
				}
			}
		}
		const duplicates = [...seen.values()].filter((n) => n > 1).length;
		return {
			deadlines,
			fired: seen.size,
			duplicates,
			missed: deadlines - seen.size,
			running: stats(whileRunning),
			afterRestart: stats(afterRestart),
			bare: stats(bare),
			downMs: upAt - downAt
		};
	} finally {
		await stop(server.proc);
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

async function timeToNotice(url, opts = {}) {
	const socket = io(url, { transports: ['websocket'], reconnection: false, ...opts });
	await new Promise((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	return {
		socket,
		noticed: () => new Promise((resolve) => socket.once('disconnect', () => resolve(Date.now())))
	};
}

/** Freezes the server process (no FIN: the connection goes silent) and times the client's "offline". */
export async function benchOfflineDetection(root, { rounds = 3, bare: withBare = true } = {}) {
	const warroom = [];
	for (let r = 0; r < rounds; r++) {
		const port = await freePort();
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-offline-bench-'));
		const server = await startServer(root, port, dataDir);
		try {
			const { token } = await call(`http://127.0.0.1:${port}/api/v1/auth/token`, 'POST', ADMIN);
			const c = await timeToNotice(`http://127.0.0.1:${port}`, { auth: { token } });
			await sleep(500 + Math.random() * 1500);
			const wait = c.noticed();
			const frozen = Date.now();
			server.proc.kill('SIGSTOP');
			warroom.push((await wait) - frozen);
			server.proc.kill('SIGCONT');
			c.socket.close();
		} finally {
			server.proc.kill('SIGCONT');
			await stop(server.proc, 'SIGKILL');
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	}
	if (!withBare) return { warroom: stats(warroom), bare: NaN };
	// bare socket.io with its default heartbeat (25 s + 20 s), in a child we can freeze: one round
	const port = await freePort();
	const child = spawn(
		process.execPath,
		[
			'-e',
			`
		const { Server } = require('socket.io');
		const srv = require('http').createServer();
		new Server(srv);
		srv.listen(${port}, '127.0.0.1', () => console.log('ready'));
	`
		],
		{ cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }
	);
	await new Promise((resolve) => child.stdout.once('data', resolve));
	let bare;
	try {
		const c = await timeToNotice(`http://127.0.0.1:${port}`);
		const wait = c.noticed();
		const frozen = Date.now();
		child.kill('SIGSTOP');
		bare = (await Promise.race([wait, sleep(60_000).then(() => NaN)])) - frozen;
		c.socket.close();
	} finally {
		child.kill('SIGCONT');
		child.kill('SIGKILL');
	}
	return { warroom: stats(warroom), bare };
}
