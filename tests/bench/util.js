// Small helpers shared by the benchmarks.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
	return new Promise((resolve) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

/** p50/p99/max of a list of samples (nearest rank). */
export function stats(samples) {
	const s = samples.slice().sort((a, b) => a - b);
	const q = (p) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
	return { n: s.length, p50: q(50), p99: q(99), max: s[s.length - 1] ?? NaN };
}

/** Starts the production server (src/server.js) on `port` with `dataDir`; resolves when /readyz answers. */
export async function startServerProcess(root, port, dataDir, env = {}) {
	const proc = spawn(process.execPath, [path.join(root, 'src', 'server.js')], {
		cwd: root,
		env: {
			...process.env,
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			WARROOM_DATA_DIR: dataDir,
			DATABASE_URL: '',
			WARROOM_LOG_LEVEL: 'warn',
			ORIGIN: '',
			WARROOM_TOKEN_RATE_LIMIT: '100000',
			WARROOM_API_RATE_LIMIT: '1000000',
			// thousands of simulated screens share one address here; each one's own message limit stays
			WARROOM_SOCKET_ADDRESS_RATE: '1000000',
			WARROOM_SOCKET_ADDRESS_BURST: '1000000',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	proc.stdout.on('data', (d) => (out += d));
	proc.stderr.on('data', (d) => (out += d));
	const until = Date.now() + 60_000;
	while (Date.now() < until) {
		if (proc.exitCode !== null) throw new Error(`server exited: ${out}`);
		const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
			(r) => r.ok,
			() => false
		);
		if (ok) return { proc, ready: Date.now() };
		await sleep(20);
	}
	throw new Error(`server did not start: ${out}`);
}

export function stop(proc, signal = 'SIGTERM') {
	if (proc.exitCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		proc.once('exit', resolve);
		proc.kill(signal);
	});
}
