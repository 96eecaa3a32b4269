// A 24 MB CSV upload (`name` + 12 million rows of `a`) sent by one responder, while the rest of the
// war room keeps working: how long `GET /api/v1/time` takes during the upload, whether connected
// socket.io clients drop, how far the server's RSS rises. Run on its own with
// `node tests/bench/csv-flood.js` (WARROOM_BENCH_SERVER_ROOT=<another checkout with a build> measures
// that one, e.g. a baseline commit), or as part of `npm run bench -- --only=csv-flood`.
import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { sleep, stats } from './util.js';

/** `name\n` then `rows` lines of `a\n`: 24 MB at the default 12 million rows. */
export function floodCsv(rows = 12_000_000) {
	const body = Buffer.alloc(5 + rows * 2, 'a\n');
	body.write('name\n', 0);
	return body;
}

/** The server process's resident memory (VmRSS) in bytes, read from outside, so a blocked event loop does not delay the reading. */
export function rssOf(pid) {
	const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) * 1024 : NaN;
}

/**
 * POSTs `body` (text/csv unless `type` says otherwise) through node's http client, with a Content-Length or chunked (none),
 * in 64 kB writes. Resolves once the answer has arrived (it then stops sending, as curl and browsers
 * do) or the connection failed: `{ status, body }`, status 0 with `error` when it was reset instead.
 */
export function postBody(url, token, body, { chunked = false, type = 'text/csv', timeoutMs = 60_000 } = {}) {
	return new Promise((resolve) => {
		const headers = { 'content-type': type, authorization: `Bearer ${token}`, ...(chunked ? {} : { 'content-length': String(body.length) }) };
		const req = http.request(url, { method: 'POST', headers });
		let answer = null;
		let written = false;
		const timer = setTimeout(() => {
			answer ??= { status: 0, error: 'timeout' };
			written = true;
			req.destroy();
			done();
		}, timeoutMs);
		const done = () => {
			if (!answer || !written) return;
			clearTimeout(timer);
			resolve(answer);
		};
		req.on('response', (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString();
				let json = null;
				try {
					json = JSON.parse(text);
				} catch {
					/* not JSON */
				}
				answer = { status: res.statusCode, body: json ?? text };
				// like curl and browsers, stop sending a body the server has already answered
				if (!written) {
					written = true;
					req.destroy();
				}
				done();
			});
		});
		req.on('error', (err) => {
			if (!answer) answer = { status: 0, error: err.code ?? err.message };
			written = true;
			done();
		});
		(async () => {
			for (let at = 0; at < body.length && !req.destroyed; at += 65_536) {
				// the client's own event loop turns between writes, so its probes are not delayed by it
				if (req.write(body.subarray(at, at + 65_536))) {
					await new Promise((resolve) => setImmediate(resolve));
					continue;
				}
				await new Promise((resolve) => {
					const go = () => (req.off('drain', go), req.off('close', go), resolve());
					req.on('drain', go);
					req.on('close', go);
				});
			}
			if (!req.destroyed) req.end(() => ((written = true), done()));
		})();
	});
}

/**
 * Uploads `body` to `uploadUrl` while probing `GET /api/v1/time` — a new probe every `probeEveryMs`,
 * not waiting for the previous one, so a held server shows as probes piling up — and watching
 * `sockets` and the server's RSS (from /proc, outside the server). `probes` are those started
 * while the upload ran (until its answer, and for at least `minProbeMs`). After the answer waits `settleMs` (longer than the
 * socket.io ping interval + timeout) so a starved socket has time to drop.
 */
export async function uploadWhileProbing({ baseUrl, uploadUrl, token, pid, body, chunked, sockets, settleMs = 4500, probeEveryMs = 10, minProbeMs = 1000, timeoutMs = 60_000 }) {
	let disconnects = 0;
	const onDisconnect = () => disconnects++;
	for (const s of sockets) s.on('disconnect', onDisconnect);
	const probe = async () => {
		const t0 = performance.now();
		const ok = await fetch(`${baseUrl}/api/v1/time`).then(
			(r) => r.arrayBuffer().then(() => r.ok),
			() => false
		);
		return { ok, ms: performance.now() - t0 };
	};
	await probe(); // the route's first answer loads its module: not what is measured
	await fetch(`${baseUrl}/_bench/stats`).catch(() => null); // starts a new measuring window
	const rssBefore = rssOf(pid);
	let rssPeak = rssBefore;
	const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(pid))), 20);
	const pending = [];
	let inFlight = 0;
	const launch = () => {
		if (inFlight >= 50) return; // a held server: enough probes are already waiting
		inFlight++;
		pending.push(probe().finally(() => inFlight--));
	};
	const started = performance.now();
	launch();
	const probeTimer = setInterval(launch, probeEveryMs);
	const answer = await postBody(uploadUrl, token, body, { chunked, timeoutMs });
	const uploadMs = performance.now() - started;
	await sleep(minProbeMs - uploadMs); // a quick refusal still gets a sample of probes
	clearInterval(probeTimer);
	// the server's own view: the longest its event loop was held during the upload (WARROOM_BENCH_STATS=1)
	const serverStats = await fetch(`${baseUrl}/_bench/stats`).then(
		(r) => (r.ok ? r.json() : null),
		() => null
	);
	const results = await Promise.all(pending);
	await sleep(settleMs);
	clearInterval(rssTimer);
	for (const s of sockets) s.off('disconnect', onDisconnect);
	const probes = results.map((r) => r.ms);
	return {
		answer,
		uploadMs,
		probes,
		probeStats: stats(probes),
		failedProbes: results.filter((r) => !r.ok).length,
		disconnects,
		rssRiseBytes: rssPeak - rssBefore,
		eventLoopMaxMs: serverStats?.eldMaxMs ?? NaN
	};
}

/** Both ways of sending the 24 MB (Content-Length, chunked), each against a fresh server with `n` connected dashboards. */
export async function benchCsvFlood({ sockets: n = 20, timeoutMs = Number(process.env.BENCH_UPLOAD_TIMEOUT_MS || 120_000) } = {}) {
	const { startWarroom, json, ADMIN } = await import('./harness.js');
	const body = floodCsv();
	const runs = [];
	// BENCH_CSV_MODES=chunked (or content-length) measures one way only
	const modes = (process.env.BENCH_CSV_MODES ?? 'content-length,chunked').split(',');
	for (const chunked of [false, true].filter((c) => modes.includes(c ? 'chunked' : 'content-length'))) {
		const server = await startWarroom(undefined, { WARROOM_BENCH_STATS: '1' });
		try {
			const { token } = await json(`${server.url}/api/v1/auth/token`, 'POST', ADMIN);
			const incident = await json(`${server.url}/api/v1/incidents`, 'POST', { title: 'CSV flood bench', category: 'product_quality' }, token);
			const sockets = await Promise.all(
				Array.from({ length: n }, () => {
					const s = io(server.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
					return new Promise((resolve, reject) => (s.once('connect', () => resolve(s)), s.once('connect_error', reject)));
				})
			);
			const r = await uploadWhileProbing({ baseUrl: server.url, uploadUrl: `${server.url}/api/v1/incidents/${incident.id}/customers`, token, pid: server.proc.pid, body, chunked, sockets, timeoutMs });
			runs.push({
				chunked,
				status: r.answer.status || r.answer.error,
				uploadMs: r.uploadMs,
				probes: r.probeStats,
				failedProbes: r.failedProbes,
				eventLoopMaxMs: r.eventLoopMaxMs,
				disconnects: r.disconnects,
				rssRiseMb: r.rssRiseBytes / 2 ** 20
			});
			sockets.forEach((s) => s.close());
		} finally {
			await server.stop();
		}
	}
	return { bytes: body.length, sockets: n, runs };
}

export const CSV_FLOOD_HEADER = [
	'| build | body sent with | answer | upload ms | probes | GET /api/v1/time p50 ms | max ms | server event-loop delay max ms | sockets dropped | RSS rise MB |',
	'|---|---|---:|---:|---:|---:|---:|---:|---:|---:|'
];

/** The README table's rows for one result (`label` says which build). */
export function csvFloodRows(result, label) {
	const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
	return result.runs.map(
		(r) =>
			`| ${label} | ${r.chunked ? 'chunked' : 'Content-Length'} | ${r.status} | ${f(r.uploadMs)} | ${r.probes.n}${r.failedProbes ? ` (${r.failedProbes} failed)` : ''} | ${f(r.probes.p50)} | ${f(r.probes.max)} | ${f(r.eventLoopMaxMs)} | ${r.disconnects} / ${result.sockets} | ${f(r.rssRiseMb)} |`
	);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const label = process.argv[2] ?? (process.env.WARROOM_BENCH_SERVER_ROOT ? 'baseline' : 'this build');
	const result = await benchCsvFlood();
	console.log(JSON.stringify(result, null, 2));
	for (const line of [...CSV_FLOOD_HEADER, ...csvFloodRows(result, label)]) console.log(line);
	process.exit(0);
}
