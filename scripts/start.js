// `npm start`: builds when the build is missing or older than the sources, then serves.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const marker = path.join(root, 'build', 'handler.js');

function newestMtime(dir) {
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
	}
	return newest;
}

const sources = ['src', 'static', 'drizzle'].map((d) => path.join(root, d)).filter((d) => fs.existsSync(d));
const configs = ['svelte.config.js', 'vite.config.ts', 'package.json'].map((f) => path.join(root, f));
const sourceTime = Math.max(...sources.map(newestMtime), ...configs.map((f) => fs.statSync(f).mtimeMs));
const stale = !fs.existsSync(marker) || fs.statSync(marker).mtimeMs < sourceTime;

if (stale && process.env.WARROOM_SKIP_BUILD !== '1') {
	process.stdout.write('Building Warroom (first start or sources changed)…\n');
	const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

process.chdir(root);
await import('../src/server.js');
