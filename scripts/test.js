// `npm test`: unit + integration (vitest) and browser tests (Playwright, Debian's Chromium),
// against PGlite and, when TEST_DATABASE_URL is set, PostgreSQL too. Ends with one line
// "N passed, N failed" summing every suite.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildIfNeeded, root } from './build-if-needed.js';

const CHROMIUM = process.env.WARROOM_CHROMIUM || '/usr/bin/chromium';
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });

function run(cmd, args, env = {}) {
	const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	return r.status ?? 1;
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}

/** Debian's Chromium for the browser tests, and a CJK font so Chinese screenshots are legible. */
function ensureChromium() {
	const fontMissing = !fs.existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
	if (fs.existsSync(CHROMIUM) && !fontMissing) return true;
	const packages = [...(fs.existsSync(CHROMIUM) ? [] : ['chromium']), ...(fontMissing ? ['fonts-noto-cjk'] : [])];
	process.stdout.write(`Installing Debian packages for the browser tests: ${packages.join(' ')}…\n`);
	const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
	const apt = (args) => (sudo.length ? run('sudo', ['apt-get', ...args], { DEBIAN_FRONTEND: 'noninteractive' }) : run('apt-get', args, { DEBIAN_FRONTEND: 'noninteractive' }));
	apt(['update', '-qq']);
	apt(['install', '-y', '-qq', ...packages]);
	return fs.existsSync(CHROMIUM);
}

let passed = 0;
let failed = 0;
const lines = [];

// Guard rails first: lint with the import boundaries, the format, and the types (svelte-check). Each
// counts as one failed check when it fails, and the tests still run so a run reports everything.
if (process.env.WARROOM_SKIP_LINT === '1') {
	lines.push('lint: skipped (WARROOM_SKIP_LINT=1)');
} else {
	const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
	const checks = [
		['eslint (rules and import boundaries)', [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings=0']],
		['prettier --check', [bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level=warn', '.']],
		['svelte-check', [bin('svelte-check', 'bin/svelte-check'), '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--threshold', 'warning']]
	];
	run(process.execPath, [bin('@sveltejs/kit', 'svelte-kit.js'), 'sync']);
	for (const [name, args] of checks) {
		const status = run(process.execPath, args);
		if (status === 0) passed += 1;
		else failed += 1;
		lines.push(`${name}: ${status === 0 ? 'passed' : `failed (exit ${status})`}`);
	}
}

buildIfNeeded();

// vitest: unit + integration
const vitestJson = path.join(results, 'vitest.json');
fs.rmSync(vitestJson, { force: true });
const vitestStatus = run(process.execPath, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const v = readJson(vitestJson);
if (v) {
	passed += v.numPassedTests;
	failed += v.numFailedTests + (v.numFailedTestSuites && !v.numFailedTests ? v.numFailedTestSuites : 0);
	lines.push(`vitest (unit + integration): ${v.numPassedTests} passed, ${v.numFailedTests} failed, ${v.numPendingTests + v.numTodoTests} skipped`);
} else {
	failed += 1;
	lines.push(`vitest: no report (exit ${vitestStatus})`);
}
if (vitestStatus !== 0 && v && v.numFailedTests === 0 && v.numFailedTestSuites === 0) {
	failed += 1;
	lines.push(`vitest exited with ${vitestStatus}`);
}

// Playwright
if (process.env.WARROOM_SKIP_E2E === '1') {
	lines.push('playwright: skipped (WARROOM_SKIP_E2E=1)');
} else if (!ensureChromium()) {
	failed += 1;
	lines.push(`playwright: Chromium missing at ${CHROMIUM} and could not be installed`);
} else {
	const e2eJson = path.join(results, 'e2e.json');
	fs.rmSync(e2eJson, { force: true });
	const status = run(process.execPath, [path.join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--reporter=list,json'], {
		PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson
	});
	const p = readJson(e2eJson);
	if (p?.stats) {
		const ok = p.stats.expected + p.stats.flaky;
		passed += ok;
		failed += p.stats.unexpected;
		lines.push(`playwright (browser): ${ok} passed, ${p.stats.unexpected} failed, ${p.stats.skipped} skipped${p.stats.flaky ? ` (${p.stats.flaky} flaky)` : ''}`);
		if (status !== 0 && p.stats.unexpected === 0) {
			failed += 1;
			lines.push(`playwright exited with ${status}`);
		}
	} else {
		failed += 1;
		lines.push(`playwright: no report (exit ${status})`);
	}
}

process.stdout.write(`\n${lines.join('\n')}\n${process.env.TEST_DATABASE_URL ? 'PostgreSQL variant: included' : 'PostgreSQL variant: skipped (set TEST_DATABASE_URL to include it)'}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
