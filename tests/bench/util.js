// Small helpers shared by the benchmarks.
import net from 'node:net';

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
