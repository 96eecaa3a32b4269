// Scale-out benchmarks, each side by side with bare socket.io in the same run:
// - cross-instance delivery: clients on instance B, PATCH on instance A (PostgreSQL relay),
//   against the same clients on A (single instance) and bare socket.io;
// - sustained load: 10 updates/s to N dashboards for minutes: CPU, event-loop delay, heap;
// - restart storm: N dashboards reconnect and resync after the server restarts.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { startBare, startWarroom, json, connectMany, fanOutRounds, ADMIN } from './harness.js';
import { sleep, stats } from './util.js';

const TITLE = '星耀 X5 手机电池鼓包 bench';

async function declare(url, token, title = TITLE) {
	return json(`${url}/api/v1/incidents`, 'POST', { title, category: 'product_quality', inputs: { estimatedAffectedCustomers: 137 } }, token);
}

/** Two instances on one PostgreSQL: the same fan-out measured with the clients on A (single) and on B (cross-instance). */
export async function benchCrossInstance({ databaseUrl, n, rounds }) {
	const a = await startWarroom(databaseUrl);
	const b = await startWarroom(databaseUrl);
	const bare = await startBare();
	try {
		const { token } = await json(`${a.url}/api/v1/auth/token`, 'POST', ADMIN);
		let incident = await declare(a.url, token);
		const result = {};
		let sample = null;
		for (const [name, server] of [
			['single', a],
			['cross', b]
		]) {
			const sockets = await connectMany(n, server.url, { auth: { token } }, (s) => s.timeout(30_000).emitWithAck('subscribe', { incidentId: incident.id, after: incident.version }));
			await sleep(300);
			result[name] = await fanOutRounds(
				sockets,
				() => incident.version + 1,
				async (r) => {
					incident = await json(`${a.url}/api/v1/incidents/${incident.id}`, 'PATCH', { version: incident.version, title: `${TITLE} ${name} ${r}` }, token);
				},
				(e, seq) => {
					sample ??= e;
					return e.seq === seq;
				},
				rounds
			);
			sockets.forEach((s) => s.close());
			await sleep(500);
		}
		const sockets = await connectMany(n, bare.url, {}, () => {});
		await sleep(300);
		result.bare = await fanOutRounds(
			sockets,
			(r) => 1000 + r,
			(r) => bare.emit({ ...sample, seq: 1000 + r }),
			(e, seq) => e.seq === seq,
			rounds
		);
		sockets.forEach((s) => s.close());
		return result;
	} finally {
		await Promise.all([a.stop(), b.stop(), bare.stop()]);
	}
}

/** Samples the server's figures every `everyMs` while `durationMs` of updates go out at `perSecond`. */
async function sustain({ server, sockets, durationMs, perSecond, update }) {
	const samples = [];
	let received = 0;
	for (const s of sockets) s.on('event', () => received++);
	await server.stats(); // opens a fresh window
	const start = performance.now();
	let sent = 0;
	let nextSample = start + 5000;
	while (performance.now() - start < durationMs) {
		const due = start + (sent * 1000) / perSecond;
		const wait = due - performance.now();
		if (wait > 0) await sleep(wait);
		await update(sent);
		sent++;
		if (performance.now() >= nextSample) {
			samples.push(await server.stats());
			nextSample += 5000;
		}
	}
	await sleep(1000);
	samples.push(await server.stats());
	const expected = sent * sockets.length;
	const third = Math.max(1, Math.floor(samples.length / 3));
	const median = (xs) => xs.slice().sort((x, y) => x - y)[Math.floor(xs.length / 2)];
	return {
		sent,
		missed: expected - received,
		cpuPercent: samples.reduce((n, x) => n + x.cpuPercent, 0) / samples.length,
		eldP99Ms: Math.max(...samples.map((x) => x.eldP99Ms)),
		eldMaxMs: Math.max(...samples.map((x) => x.eldMaxMs)),
		heapFirstMb: median(samples.slice(0, third).map((x) => x.heapUsedBytes)) / 2 ** 20,
		heapLastMb: median(samples.slice(-third).map((x) => x.heapUsedBytes)) / 2 ** 20
	};
}

/** Heap per connection: steady heap (after GC) with N clients connected minus with none, over N. */
async function heapPerConnection(server, connect) {
	await sleep(500);
	const before = (await server.stats(true)).heapUsedBytes;
	const sockets = await connect();
	await sleep(2000);
	const after = (await server.stats(true)).heapUsedBytes;
	return { sockets, bytes: (after - before) / sockets.length };
}

export async function benchSustained({ n, durationMs, perSecond = 10, databaseUrl, bare: withBare = true }) {
	const out = {};
	let sample;
	const warroom = await startWarroom(databaseUrl, { WARROOM_BENCH_STATS: '1' }, ['--expose-gc']);
	try {
		const { token } = await json(`${warroom.url}/api/v1/auth/token`, 'POST', ADMIN);
		const incidents = [];
		for (let i = 0; i < 5; i++) incidents.push(await declare(warroom.url, token, `${TITLE} ${i}`));
		const { sockets, bytes } = await heapPerConnection(warroom, () => connectMany(n, warroom.url, { auth: { token } }, (s) => s.timeout(30_000).emitWithAck('subscribe', { scope: 'dashboard' })));
		out.warroom = {
			heapPerConnection: bytes,
			...(await sustain({
				server: warroom,
				sockets,
				durationMs,
				perSecond,
				update: async (i) => {
					const inc = incidents[i % incidents.length];
					const next = await json(`${warroom.url}/api/v1/incidents/${inc.id}`, 'PATCH', { version: inc.version, description: `sustained update ${i}` }, token);
					inc.version = next.version;
				}
			}))
		};
		sockets.forEach((s) => s.close());
		sample = (await json(`${warroom.url}/api/v1/incidents/${incidents[0].id}/events?after=0`, 'GET', undefined, token)).items.at(-1);
	} finally {
		await warroom.stop();
	}
	if (!withBare) return out;
	const bare = await startBare(['--expose-gc']);
	try {
		const { sockets, bytes } = await heapPerConnection(bare, () => connectMany(n, bare.url, {}, () => {}));
		out.bare = { heapPerConnection: bytes, ...(await sustain({ server: bare, sockets, durationMs, perSecond, update: (i) => bare.emit({ ...sample, seq: i }) })) };
		sockets.forEach((s) => s.close());
	} finally {
		await bare.stop();
	}
	return out;
}

/**
 * N dashboards with the browser client's reconnection settings; the server restarts; each one
 * counts as back when it has reconnected and its subscriptions are acknowledged again (the
 * dashboard and, with `after`, its incident: resynced). Times are from the restarted server's
 * first ready answer.
 */
async function storm({ server, n, connectOpts, resubscribe }) {
	const backAt = new Map();
	const handling = [];
	let restartedAt = Infinity;
	const sockets = [];
	for (let i = 0; i < n; i += 100) {
		const batch = [];
		for (let j = i; j < Math.min(n, i + 100); j++) {
			const s = io(server.url, { transports: ['websocket'], forceNew: true, reconnectionDelay: 500, reconnectionDelayMax: 2500, randomizationFactor: 0.5, ...connectOpts });
			sockets.push(s);
			let first = true;
			batch.push(
				new Promise((resolve, reject) => {
					s.on('connect', () => {
						const connectedAt = performance.now();
						Promise.resolve(resubscribe(s)).then(() => {
							if (first) resolve();
							else if (!backAt.has(s)) {
								backAt.set(s, performance.now());
								handling.push(performance.now() - connectedAt);
							}
							first = false;
						}, reject);
					});
				})
			);
		}
		await Promise.all(batch);
	}
	await sleep(500);
	restartedAt = await server.restart();
	const deadline = performance.now() + 30_000;
	while (backAt.size < n && performance.now() < deadline) await sleep(50);
	const times = [...backAt.values()].map((t) => Math.max(0, t - restartedAt));
	sockets.forEach((s) => s.close());
	return { ...stats(times), leftBehind: n - backAt.size, handling: stats(handling) };
}

export async function benchRestartStorm({ n }) {
	const warroom = await startWarroom();
	let w;
	try {
		const { token } = await json(`${warroom.url}/api/v1/auth/token`, 'POST', ADMIN);
		const incident = await declare(warroom.url, token);
		w = await storm({
			server: warroom,
			n,
			connectOpts: { auth: { token } },
			resubscribe: (s) =>
				Promise.all([s.timeout(30_000).emitWithAck('subscribe', { scope: 'dashboard' }), s.timeout(30_000).emitWithAck('subscribe', { incidentId: incident.id, after: incident.version })])
		});
	} finally {
		await warroom.stop();
	}
	const bare = await startBare();
	let b;
	try {
		b = await storm({ server: bare, n, connectOpts: {}, resubscribe: () => {} });
	} finally {
		await bare.stop();
	}
	return { warroom: w, bare: b };
}
