// Process figures for the benchmarks (`WARROOM_BENCH_STATS=1` only): CPU, event-loop delay,
// heap, connections. `GET /_bench/stats` answers them and starts a new measuring window;
// `?gc=1` collects garbage first (the process must run with --expose-gc) for a steady heap reading.
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** @param {() => number} connections */
export function processStats(connections) {
	const eld = monitorEventLoopDelay({ resolution: 10 });
	eld.enable();
	let cpu = process.cpuUsage();
	let since = process.hrtime.bigint();
	return {
		/** @param {boolean} gc */
		read(gc) {
			if (gc && typeof globalThis.gc === 'function') globalThis.gc();
			const now = process.hrtime.bigint();
			const used = process.cpuUsage(cpu);
			const wallUs = Number(now - since) / 1000;
			const mem = process.memoryUsage();
			const out = {
				cpuPercent: wallUs > 0 ? ((used.user + used.system) / wallUs) * 100 : 0,
				eldP50Ms: eld.percentile(50) / 1e6,
				eldP99Ms: eld.percentile(99) / 1e6,
				eldMaxMs: eld.max / 1e6,
				heapUsedBytes: mem.heapUsed,
				rssBytes: mem.rss,
				connections: connections()
			};
			eld.reset();
			cpu = process.cpuUsage();
			since = now;
			return out;
		}
	};
}

/**
 * Answers `GET /_bench/stats` on `server` when WARROOM_BENCH_STATS=1; returns true when it did.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ read: (gc: boolean) => object } | undefined} stats
 */
export function answerStats(req, res, stats) {
	if (!stats || !req.url?.startsWith('/_bench/stats')) return false;
	res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats.read(req.url.includes('gc=1'))));
	return true;
}
