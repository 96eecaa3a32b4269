// Builds the app when build/ is missing or older than its sources. Shared by `npm start`,
// the test setup and the benchmarks.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

function newestMtime(dir) {
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
	}
	return newest;
}

export function buildIsStale() {
	const marker = path.join(root, 'build', 'handler.js');
	if (!fs.existsSync(marker)) return true;
	const dirs = ['src', 'static', 'drizzle'].map((d) => path.join(root, d)).filter((d) => fs.existsSync(d));
	const files = ['svelte.config.js', 'vite.config.ts', 'package.json'].map((f) => path.join(root, f));
	const sourceTime = Math.max(...dirs.map(newestMtime), ...files.map((f) => fs.statSync(f).mtimeMs));
	return fs.statSync(marker).mtimeMs < sourceTime;
}

export function buildIfNeeded({ quiet = false } = {}) {
	if (!buildIsStale()) return false;
	if (!quiet) process.stdout.write('Building Warroom (first start or sources changed)…\n');
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) throw new Error(`build failed (exit ${r.status})`);
	return true;
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded();
