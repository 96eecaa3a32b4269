// The data directory holds the embedded database and the personal-data key: owner-only (0700).
import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDataDir } from '$lib/server/data-dir.js';
import { KEY_FILE, PersonalDataCipher } from '$lib/server/personal-data';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe.skipIf(process.platform === 'win32')('the data directory', () => {
	const roots: string[] = [];
	const root = () => {
		const r = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-datadir-'));
		roots.push(r);
		return r;
	};
	const umask = process.umask();
	afterEach(() => {
		process.umask(umask);
		for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
	});

	it('a fresh data directory is 0700 whatever the umask, and the key file in it 0600', () => {
		process.umask(0o000); // the most permissive umask: only the code's own mode counts
		const dir = path.join(root(), 'nested', 'data');
		PersonalDataCipher.load({ dataDir: dir });
		expect(mode(dir).toString(8)).toBe('700');
		expect(mode(path.join(dir, KEY_FILE)).toString(8)).toBe('600');
	});

	it('an existing directory that others could read is tightened to 0700 at start, and said so', () => {
		const dir = path.join(root(), 'data');
		fs.mkdirSync(dir);
		fs.chmodSync(dir, 0o755);
		expect(ensureDataDir(dir)).toEqual({ created: false, tightenedFrom: 0o755 });
		expect(mode(dir).toString(8)).toBe('700');
		// already owner-only: left alone
		expect(ensureDataDir(dir)).toEqual({ created: false, tightenedFrom: null });
		expect(ensureDataDir(path.join(dir, 'new'))).toEqual({ created: true, tightenedFrom: null });
		expect(mode(path.join(dir, 'new')).toString(8)).toBe('700');
	});
});
