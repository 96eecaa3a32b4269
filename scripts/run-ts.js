// Runs a TypeScript maintenance script from scripts/ with tsx, which also resolves the `$lib`
// alias through tsconfig paths; exits with its status.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

/** @param {string} file a file in scripts/ */
export function runTypeScript(file) {
	const run = (/** @type {string[]} */ args, env = process.env) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
	// The root tsconfig extends the one `svelte-kit sync` generates (a clean clone has none yet).
	if (!fs.existsSync(path.join(root, '.svelte-kit', 'tsconfig.json'))) {
		const sync = run([path.join(root, 'node_modules', '@sveltejs', 'kit', 'svelte-kit.js'), 'sync']);
		if (sync.status !== 0) process.exit(sync.status ?? 1);
	}
	const r = run(['--import', 'tsx', path.join(root, 'scripts', file), ...process.argv.slice(2)], { WARROOM_LOG_LEVEL: 'warn', ...process.env });
	process.exit(r.status ?? 1);
}
