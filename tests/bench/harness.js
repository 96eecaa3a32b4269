// Shared by the benchmarks: child processes, the Warroom server, many socket.io clients, fan-out rounds.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { root } from '../../scripts/build-if-needed.js';
import { freePort, sleep, stats } from './util.js';

export const ADMIN = { email: 'bench@example.com', password: 'bench-password-1' };
/** The checkout whose server is measured: this one, or another build (WARROOM_BENCH_SERVER_ROOT, e.g. a baseline commit in a temp clone). */
const serverRoot = process.env.WARROOM_BENCH_SERVER_ROOT ?? root;
/** Every child process started, so the runner can kill what is left on exit. */
export const children = [];

export async function startChild(script, env, readyCheck, args = []) {
	const proc = spawn(process.execPath, [...args, script], { cwd: serverRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	children.push(proc);
	let out = '';
	proc.stdout.on('data', (d) => (out += d));
	proc.stderr.on('data', (d) => (out += d));
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (proc.exitCode !== null) throw new Error(`${script} exited: ${out}`);
		if (await readyCheck(out)) return proc;
		await sleep(100);
	}
	throw new Error(`${script} did not start: ${out}`);
}

/**
 * Starts the production server on a free port with its own data dir (PGlite) or `databaseUrl`.
 * `restart()` stops it (SIGTERM) and starts it again on the same port and data, resolving with
 * the time it answered ready again.
 */
export async function startWarroom(databaseUrl, extraEnv = {}, args = []) {
	const port = await freePort();
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-bench-'));
	const url = `http://127.0.0.1:${port}`;
	const env = {
		NODE_ENV: 'production',
		PORT: String(port),
		HOST: '127.0.0.1',
		WARROOM_DATA_DIR: dataDir,
		DATABASE_URL: databaseUrl ?? '',
		WARROOM_ADMIN_EMAIL: ADMIN.email,
		WARROOM_ADMIN_PASSWORD: ADMIN.password,
		WARROOM_LOG_LEVEL: 'warn',
		ORIGIN: '',
		WARROOM_TOKEN_RATE_LIMIT: '100000',
		WARROOM_API_RATE_LIMIT: '1000000',
		// thousands of simulated screens share one address here; each one's own message limit stays
		WARROOM_SOCKET_ADDRESS_RATE: '1000000',
		WARROOM_SOCKET_ADDRESS_BURST: '1000000',
		WARROOM_SECRET: 'benchmark-instances-share-this-secret',
		...extraEnv
	};
	const ready = async () =>
		fetch(`${url}/readyz`).then(
			(r) => r.ok,
			() => false
		);
	const server = {
		url,
		port,
		proc: await startChild(path.join(serverRoot, 'src', 'server.js'), env, ready, args),
		stats: (gc = false) => fetch(`${url}/_bench/stats${gc ? '?gc=1' : ''}`).then((r) => r.json()),
		async restart() {
			await stopChild(server.proc);
			server.proc = await startChild(path.join(serverRoot, 'src', 'server.js'), env, ready, args);
			return performance.now();
		},
		stop: () => stopChild(server.proc).then(() => fs.rmSync(dataDir, { recursive: true, force: true }))
	};
	return server;
}

export function stopChild(proc) {
	if (proc.exitCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		proc.once('exit', resolve);
		proc.kill('SIGTERM');
	});
}

export async function json(url, method, body, token) {
	const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body && JSON.stringify(body) });
	const data = await res.json();
	if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(data)}`);
	return data;
}

export /** Opens n socket.io clients in batches, running `setup` on each once connected. */
async function connectMany(n, url, opts, setup) {
	const sockets = [];
	for (let i = 0; i < n; i += 100) {
		const batch = [];
		for (let j = i; j < Math.min(n, i + 100); j++) {
			const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...opts });
			sockets.push(s);
			batch.push(
				new Promise((resolve, reject) => {
					s.once('connect', () => Promise.resolve(setup(s)).then(resolve, reject));
					s.once('connect_error', reject);
				})
			);
		}
		await Promise.all(batch);
	}
	return sockets;
}

/** R rounds of: trigger(r) at t0, wait until every socket got the event with seq expectedSeq(r). */
export async function fanOutRounds(sockets, expectedSeq, trigger, matches, ROUNDS) {
	const samples = [];
	let missed = 0;
	for (let r = 0; r < ROUNDS; r++) {
		const pending = new Set(sockets);
		let t0 = 0;
		const round = expectedSeq(r);
		const done = new Promise((resolve) => {
			const timer = setTimeout(resolve, 10_000);
			for (const s of sockets) {
				s.removeAllListeners('event');
				s.on('event', (e) => {
					if (!pending.has(s) || !matches(e, round)) return;
					samples.push(performance.now() - t0);
					pending.delete(s);
					if (pending.size === 0) {
						clearTimeout(timer);
						resolve();
					}
				});
			}
		});
		t0 = performance.now();
		await trigger(r);
		await done;
		missed += pending.size;
		await sleep(100);
	}
	return { ...stats(samples), missed };
}

/** The bare socket.io baseline (bare-server.js) on a free port; `restart()` as for Warroom. */
export async function startBare(args = []) {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const script = path.join(root, 'tests', 'bench', 'bare-server.js');
	const env = { PORT: String(port) };
	const bare = {
		url,
		proc: await startChild(script, env, async (out) => out.includes('ready'), args),
		stats: (gc = false) => fetch(`${url}/_bench/stats${gc ? '?gc=1' : ''}`).then((r) => r.json()),
		emit: (payload) => fetch(`${url}/emit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }),
		async restart() {
			await stopChild(bare.proc);
			bare.proc = await startChild(script, env, async (out) => out.includes('ready'), args);
			return performance.now();
		},
		stop: () => stopChild(bare.proc)
	};
	return bare;
}

export async function benchBare(n, sample, ROUNDS) {
	const bare = await startBare();
	try {
		const sockets = await connectMany(n, bare.url, {}, () => {});
		await sleep(200);
		const result = await fanOutRounds(
			sockets,
			(r) => 1000 + r,
			(r) => bare.emit({ ...sample, seq: 1000 + r }),
			(e, seq) => e.seq === seq,
			ROUNDS
		);
		sockets.forEach((s) => s.close());
		return result;
	} finally {
		await bare.stop();
	}
}
