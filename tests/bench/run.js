// `npm run bench`: Warroom's realtime path measured side by side with bare socket.io in the
// same run, on the same machine. Not part of `npm test`. `--short` for a quick CI run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildIfNeeded, root } from '../../scripts/build-if-needed.js';
import { IMPORT_ROWS, customerCsv, timeApiImport, timeBarePglite, timeBarePostgres } from './import.js';
import { benchAlarmsAcrossRestart, benchOfflineDetection } from './alarms.js';
import { benchMetrics } from './metrics.js';
import { benchIncidentPage } from './incident-page.js';
import { sleep, stats } from './util.js';
import { ADMIN, children, startWarroom, json, connectMany, fanOutRounds as fanOut, benchBare as bare } from './harness.js';
import { benchCrossInstance, benchSustained, benchRestartStorm } from './scale.js';
import { benchCsvFlood, csvFloodRows, CSV_FLOOD_HEADER } from './csv-flood.js';

const fanOutRounds = (sockets, expectedSeq, trigger, matches) => fanOut(sockets, expectedSeq, trigger, matches, ROUNDS);
const benchBare = (n, sample) => bare(n, sample, ROUNDS);

const SHORT = process.argv.includes('--short');
/** `--only=fanout|import|alarms|metrics|cluster|sustained|storm|incident-page|csv-flood` runs one scenario (cluster needs TEST_DATABASE_URL). */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const SIZES = SHORT ? [200] : [500, 2000];
const ROUNDS = SHORT ? 8 : 20;

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const signed = (x) => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}` : '—');

async function benchWarroom(n, databaseUrl) {
	const server = await startWarroom(databaseUrl);
	try {
		const { token } = await json(`${server.url}/api/v1/auth/token`, 'POST', ADMIN);
		let incident = await json(`${server.url}/api/v1/incidents`, 'POST', { title: '星耀 X5 手机电池鼓包 bench', category: 'product_quality', inputs: { estimatedAffectedCustomers: 137 } }, token);
		const sockets = await connectMany(n, server.url, { auth: { token } }, (s) => s.timeout(30_000).emitWithAck('subscribe', { incidentId: incident.id, after: incident.version }));
		let sample = null;
		const result = await fanOutRounds(
			sockets,
			() => incident.version + 1,
			async (r) => {
				incident = await json(`${server.url}/api/v1/incidents/${incident.id}`, 'PATCH', { version: incident.version, title: `星耀 X5 手机电池鼓包 bench round ${r}` }, token);
			},
			(e, seq) => {
				sample ??= e;
				return e.seq === seq;
			}
		);
		sockets.forEach((s) => s.close());
		await sleep(300);

		// declare → visible on a dashboard subscriber
		const [watcher] = await connectMany(1, server.url, { auth: { token } }, (s) => s.timeout(10_000).emitWithAck('subscribe', { scope: 'dashboard' }));
		const declareSamples = [];
		let declareMissed = 0;
		for (let r = 0; r < ROUNDS; r++) {
			const title = `declare-bench-${n}-${r}`;
			const seen = new Promise((resolve) => {
				const timer = setTimeout(() => resolve(false), 10_000);
				watcher.on('event', (e) => e.type === 'incident.declared' && e.data.incident?.title === title && (clearTimeout(timer), resolve(true)));
			});
			const t0 = performance.now();
			await json(`${server.url}/api/v1/incidents`, 'POST', { title, category: 'service_failure' }, token);
			if (await seen) declareSamples.push(performance.now() - t0);
			else declareMissed++;
			watcher.removeAllListeners('event');
		}
		watcher.close();
		return { fanOut: result, declare: { ...stats(declareSamples), missed: declareMissed }, sample };
	} finally {
		await server.stop();
	}
}

async function createPgDatabase() {
	if (!process.env.TEST_DATABASE_URL) return null;
	const { default: postgres } = await import('postgres');
	const admin = postgres(process.env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
	const name = `warroom_bench_${Date.now().toString(36)}`;
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = new URL(process.env.TEST_DATABASE_URL);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: async () => {
			const a = postgres(process.env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
			await a.unsafe(`drop database if exists ${name} with (force)`);
			await a.end();
		}
	};
}

const IMPORT_RUNS = SHORT ? 1 : 3;

async function benchImport(driver, databaseUrl) {
	const csv = customerCsv(IMPORT_ROWS);
	const server = await startWarroom(databaseUrl);
	const api = [];
	let level = 0;
	try {
		const { token } = await json(`${server.url}/api/v1/auth/token`, 'POST', ADMIN);
		for (let i = 0; i < IMPORT_RUNS; i++) {
			const r = await timeApiImport(server.url, token, csv);
			if (r.created !== IMPORT_ROWS) throw new Error(`imported ${r.created}`);
			api.push(r.ms);
			level = r.level;
		}
	} finally {
		await server.stop();
	}
	const bare = [];
	for (let i = 0; i < IMPORT_RUNS; i++) bare.push(driver === 'postgres' ? await timeBarePostgres(IMPORT_ROWS, databaseUrl) : await timeBarePglite(IMPORT_ROWS));
	return { driver, api: stats(api), bare: stats(bare), level };
}

async function main() {
	buildIfNeeded();
	const rows = [];
	const imports = [];
	let alarms = null;
	let offline = null;
	const metrics = [];
	let incidentPage = null;
	let cluster = null;
	let sustained = null;
	let restartStorm = null;
	let csvFlood = null;
	const pg = SHORT ? null : await createPgDatabase();
	const plans = ONLY && ONLY !== 'fanout' ? [] : [...SIZES.map((n) => ({ n, driver: 'pglite' })), ...(pg ? [{ n: SIZES[SIZES.length - 1], driver: 'postgres' }] : [])];
	try {
		for (const { n, driver } of plans) {
			process.stdout.write(`… ${driver}, ${n} clients\n`);
			const w = await benchWarroom(n, driver === 'postgres' ? pg.url : undefined);
			const bare = await benchBare(n, w.sample);
			rows.push({ driver, n, warroom: w.fanOut, bare, declare: w.declare, payloadBytes: JSON.stringify(w.sample).length });
		}
		for (const driver of ONLY && ONLY !== 'import' ? [] : ['pglite', ...(pg ? ['postgres'] : [])]) {
			process.stdout.write(`… ${driver}, importing ${IMPORT_ROWS} customers\n`);
			imports.push(await benchImport(driver, driver === 'postgres' ? pg.url : undefined));
		}
		if (!ONLY || ONLY === 'alarms') {
			process.stdout.write('… alarms across a restart window\n');
			alarms = await benchAlarmsAcrossRestart(root);
			process.stdout.write('… offline detection\n');
			offline = await benchOfflineDetection(root, { rounds: SHORT ? 1 : 3, bare: !SHORT });
		}
		if ((!ONLY || ONLY === 'cluster') && pg) {
			const n = SIZES[SIZES.length - 1];
			process.stdout.write(`… two instances on PostgreSQL, ${n} clients\n`);
			cluster = { n, ...(await benchCrossInstance({ databaseUrl: pg.url, n, rounds: ROUNDS })) };
		}
		if (!ONLY || ONLY === 'sustained') {
			const n = SIZES[SIZES.length - 1];
			const durationMs = SHORT ? 15_000 : Number(process.env.BENCH_SUSTAIN_S || 180) * 1000;
			process.stdout.write(`… sustained 10 updates/s to ${n} dashboards for ${durationMs / 1000} s\n`);
			sustained = { n, durationMs, ...(await benchSustained({ n, durationMs })) };
			if (pg) {
				process.stdout.write(`… the same on PostgreSQL\n`);
				sustained.postgres = (await benchSustained({ n, durationMs, databaseUrl: pg.url, bare: false })).warroom;
			}
		}
		if (!ONLY || ONLY === 'storm') {
			const n = SIZES[SIZES.length - 1];
			process.stdout.write(`… restart storm, ${n} dashboards\n`);
			restartStorm = { n, ...(await benchRestartStorm({ n })) };
		}
		for (const driver of !ONLY || ONLY === 'metrics' ? ['pglite', ...(pg ? ['postgres'] : [])] : []) {
			const size = SHORT ? { incidents: 300, customers: 6000, runs: 5 } : { incidents: 5000, customers: 200_000, runs: 15 };
			process.stdout.write(`… ${driver}, demo history of ${size.incidents} incidents / ${size.customers} customers, metrics\n`);
			metrics.push(await benchMetrics(root, { driver, databaseUrl: driver === 'postgres' ? pg.url : undefined, ...size }));
		}
		if (!ONLY || ONLY === 'csv-flood') {
			process.stdout.write('… a 24 MB CSV upload while GET /api/v1/time is probed\n');
			csvFlood = await benchCsvFlood();
		}
		if (!ONLY || ONLY === 'incident-page') {
			process.stdout.write('… incident page with 10,000 customers in Chromium\n');
			incidentPage = await benchIncidentPage(SHORT ? { runs: 2, customers: 2000 } : { runs: 10 });
		}
	} finally {
		await pg?.drop();
	}
	const cpu = os.cpus();
	const machine = `${cpu.length} × ${cpu[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
	const lines = [
		`Machine: ${machine}. Latency in ms from the request that causes the event to its receipt by each client (all clients and the server on this machine); ${ROUNDS} rounds.`,
		'',
		...(rows.length ? ['| scenario | db | clients | p50 | p99 | max | missed | bare socket.io p50 / p99 / max | overhead p50 / p99 / max |', '|---|---|---:|---:|---:|---:|---:|---|---|'] : [])
	];
	for (const r of rows) {
		lines.push(
			`| PATCH → event fan-out | ${r.driver} | ${r.n} | ${fmt(r.warroom.p50)} | ${fmt(r.warroom.p99)} | ${fmt(r.warroom.max)} | ${r.warroom.missed} | ${fmt(r.bare.p50)} / ${fmt(r.bare.p99)} / ${fmt(r.bare.max)} | ${signed(r.warroom.p50 - r.bare.p50)} / ${signed(r.warroom.p99 - r.bare.p99)} / ${signed(r.warroom.max - r.bare.max)} |`
		);
	}
	for (const r of rows)
		lines.push(
			`| declare → visible on a dashboard (server of the ${r.n}-client run) | ${r.driver} | 1 | ${fmt(r.declare.p50)} | ${fmt(r.declare.p99)} | ${fmt(r.declare.max)} | ${r.declare.missed} | — | — |`
		);
	lines.push('', `Event payload: ${rows[0]?.payloadBytes ?? '?'} bytes of JSON (the same payload is sent by the bare baseline).`);
	lines.push(
		'',
		`Importing ${IMPORT_ROWS.toLocaleString('en')} affected customers as one CSV request (validation, AES-GCM sealing of phone/e-mail/order no., deadlines, escalation 3 → 1, one transaction), ${IMPORT_RUNS} runs; baseline: the same number of plain rows inserted by the same driver in one transaction (chunks of 1,000).`,
		'',
		'| scenario | db | rows | p50 ms | max ms | bare insert p50 ms | level after |',
		'|---|---|---:|---:|---:|---:|---:|'
	);
	for (const r of imports) lines.push(`| CSV import → committed | ${r.driver} | ${IMPORT_ROWS} | ${fmt(r.api.p50)} | ${fmt(r.api.max)} | ${fmt(r.bare.p50)} | ${r.level} |`);
	if (csvFlood)
		lines.push(
			'',
			`A ${(csvFlood.bytes / 2 ** 20).toFixed(0)} MB CSV upload (\`name\` + 12 million rows) with ${csvFlood.sockets} dashboards connected:`,
			'',
			...CSV_FLOOD_HEADER,
			...csvFloodRows(csvFlood, 'this build')
		);
	if (alarms) {
		lines.push(
			'',
			`Deadline alarms: ${alarms.deadlines} contact deadlines due over 6 s; the server stopped for ${alarms.downMs} ms halfway (restart included). Lateness = overdue event time − due time; for deadlines that fell due while the server was down, time from the restarted server's first ready answer to the event (0 = already fired by then). Baseline: bare setTimeout timers for the same due times in one process (no durability).`,
			'',
			'| alarms | count | p50 ms | p99 ms | max ms | duplicates | missed |',
			'|---|---:|---:|---:|---:|---:|---:|',
			`| due while running | ${alarms.running.n} | ${fmt(alarms.running.p50)} | ${fmt(alarms.running.p99)} | ${fmt(alarms.running.max)} | ${alarms.duplicates} | ${alarms.missed} |`,
			`| due while down (from ready) | ${alarms.afterRestart.n} | ${fmt(alarms.afterRestart.p50)} | ${fmt(alarms.afterRestart.p99)} | ${fmt(alarms.afterRestart.max)} | — | — |`,
			`| bare setTimeout (baseline) | ${alarms.bare.n} | ${fmt(alarms.bare.p50)} | ${fmt(alarms.bare.p99)} | ${fmt(alarms.bare.max)} | — | — |`
		);
	}
	if (offline) {
		lines.push(
			'',
			`Offline detection (server process frozen, the connection goes silent): Warroom clients notice in p50 ${fmt(offline.warroom.p50)} ms / max ${fmt(offline.warroom.max)} ms (${offline.warroom.n} rounds; heartbeat 2 s + 2 s)${Number.isFinite(offline.bare) ? `; bare socket.io with its default heartbeat: ${fmt(offline.bare)} ms` : ''}.`
		);
	}
	if (cluster) {
		const row = (name, r) => `| ${name} | ${cluster.n} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.missed} |`;
		lines.push(
			'',
			`Two instances on one PostgreSQL (${ROUNDS} rounds): the PATCH goes to instance A; the clients are on A (single instance) or on B (the event crosses by NOTIFY). Target: cross-instance p99 ≤ single-instance p99 + 15 ms.`,
			'',
			'| delivery | clients | p50 | p99 | max | missed |',
			'|---|---:|---:|---:|---:|---:|',
			row('single instance (clients on A)', cluster.single),
			row('cross-instance (clients on B)', cluster.cross),
			row('bare socket.io (baseline)', cluster.bare),
			'',
			`Cross-instance p99 − single-instance p99: ${signed(cluster.cross.p99 - cluster.single.p99)} ms.`
		);
	}
	if (sustained) {
		const row = (name, r) =>
			`| ${name} | ${r.sent} | ${r.missed} | ${fmt(r.cpuPercent)} | ${fmt(r.eldP99Ms)} | ${fmt(r.eldMaxMs)} | ${fmt(r.heapFirstMb)} → ${fmt(r.heapLastMb)} | ${fmt(r.heapPerConnection / 1024)} |`;
		lines.push(
			'',
			`Sustained load: 10 updates/s for ${sustained.durationMs / 1000} s to ${sustained.n} dashboard clients; server figures sampled every 5 s. Targets: event-loop delay p99 ≤ 100 ms, heap flat, ≤ 12 KB heap per connection.`,
			'',
			'| server | updates | missed deliveries | CPU % (one core = 100) | event-loop delay p99 ms (worst window) | max ms | heap MB first third → last third | heap KB per connection |',
			'|---|---:|---:|---:|---:|---:|---|---:|',
			row('Warroom (PGlite)', sustained.warroom),
			...(sustained.postgres ? [row('Warroom (PostgreSQL)', sustained.postgres)] : []),
			row('bare socket.io (baseline)', sustained.bare)
		);
	}
	if (restartStorm) {
		const row = (name, r) => `| ${name} | ${restartStorm.n} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.leftBehind} | ${fmt(r.handling.p50)} / ${fmt(r.handling.p99)} |`;
		lines.push(
			'',
			`Restart storm: ${restartStorm.n} dashboards (the browser's reconnection settings: 0.5 s doubling to 2.5 s, ±50 % jitter); the server restarts (SIGTERM, start, ready). Back = reconnected and the dashboard and incident subscriptions acknowledged again (resynced from their last seq); ms from the restarted server's ready. Target: p99 ≤ 5 s, none left behind.`,
			'',
			'| server | clients | p50 ms | p99 ms | max ms | left behind | connect → resynced p50 / p99 ms |',
			'|---|---:|---:|---:|---:|---:|---|',
			row('Warroom', restartStorm.warroom),
			row('bare socket.io (baseline, reconnect only)', restartStorm.bare)
		);
	}
	if (metrics.length) {
		lines.push(
			'',
			`Metrics on the demo history (\`npm run demo\`: two years; ${metrics[0].incidents.toLocaleString('en')} incidents, ${metrics[0].customers.toLocaleString('en')} affected customers). Server time per request from this machine; baseline: the incident list API on the same server and data. Page: Chromium from navigation to the first chart drawn with the filters present.`,
			'',
			'| db | demo load s | metrics 24 months by month p50 / max ms | by quarter p50 / max ms | baseline list p50 / max ms | metrics page interactive p50 / max ms |',
			'|---|---:|---|---|---|---|'
		);
		for (const m of metrics)
			lines.push(
				`| ${m.driver} | ${fmt(m.loadMs / 1000)} | ${fmt(m.month.p50)} / ${fmt(m.month.max)} | ${fmt(m.quarter.p50)} / ${fmt(m.quarter.max)} | ${fmt(m.baseline.p50)} / ${fmt(m.baseline.max)} | ${fmt(m.page.p50)} / ${fmt(m.page.max)} |`
			);
	}
	if (incidentPage) {
		lines.push(
			'',
			`Incident page (PGlite, Chromium at 1440×900, ${incidentPage.page.n} runs after one warm-up): from navigation to the first customer row or card visible. Target ≤ 1,000 ms.`,
			'',
			'| scenario | customers | p50 ms | p99 ms | max ms |',
			'|---|---:|---:|---:|---:|',
			`| incident page with ${incidentPage.customers.toLocaleString('en')} customers — first screen visible | ${incidentPage.customers} | ${fmt(incidentPage.page.p50)} | ${fmt(incidentPage.page.p99)} | ${fmt(incidentPage.page.max)} |`
		);
	}
	process.stdout.write(`\n${lines.join('\n')}\n`);
	const dir = path.join(root, 'tests', 'bench', 'results');
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'latest.json'),
		JSON.stringify({ at: new Date().toISOString(), machine, short: SHORT, rounds: ROUNDS, rows, imports, alarms, offline, metrics, incidentPage, cluster, sustained, restartStorm, csvFlood }, null, 2)
	);
	fs.writeFileSync(path.join(dir, 'latest.md'), `${lines.join('\n')}\n`);
}

main()
	.catch((err) => {
		process.stderr.write(`benchmark failed: ${err?.stack ?? err}\n`);
		process.exitCode = 1;
	})
	.finally(async () => {
		for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
	});
