// The backup archive format (gzipped ustar): what goes in comes out byte for byte, and a damaged
// or cut-off archive is refused instead of restoring part of a database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { extractArchive, writeArchive } from '../../src/lib/server/db/data-dir-archive';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-archive-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function tree(dir: string): Record<string, string> {
	const out: Record<string, string> = {};
	const walk = (rel: string) => {
		for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
			const r = path.join(rel, e.name);
			if (e.isDirectory()) {
				out[`${r}/`] = '';
				walk(r);
			} else out[r] = fs.readFileSync(path.join(dir, r)).toString('base64');
		}
	};
	walk('');
	return out;
}

describe('backup archive', () => {
	const source = path.join(tmp, 'source');
	const archive = path.join(tmp, 'copy.tar.gz');

	it('gives back the same folders and files, empty and block-sized ones included', async () => {
		fs.mkdirSync(path.join(source, 'base', '16384'), { recursive: true });
		fs.mkdirSync(path.join(source, 'pg_wal', 'archive_status'), { recursive: true });
		fs.writeFileSync(path.join(source, 'PG_VERSION'), '17\n');
		fs.writeFileSync(path.join(source, 'base', '16384', 'empty'), '');
		fs.writeFileSync(path.join(source, 'base', '16384', 'block'), Buffer.alloc(512, 7));
		fs.writeFileSync(path.join(source, 'base', '16384', '1259'), Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 31) % 251)));
		fs.writeFileSync(path.join(source, 'pg_wal', '000000010000000000000001'), '客户 data');
		await writeArchive(source, archive);
		const target = path.join(tmp, 'target');
		await extractArchive(archive, target);
		expect(tree(target)).toEqual(tree(source));
	});

	it('refuses a cut-off archive and a damaged header', async () => {
		const whole = zlib.gunzipSync(fs.readFileSync(archive));
		const cut = path.join(tmp, 'cut.tar.gz');
		fs.writeFileSync(cut, zlib.gzipSync(whole.subarray(0, 2048 + 100)));
		await expect(extractArchive(cut, path.join(tmp, 'from-cut'))).rejects.toThrow(/incomplete/);
		const damaged = Buffer.from(whole);
		damaged[0] ^= 1;
		const bad = path.join(tmp, 'bad.tar.gz');
		fs.writeFileSync(bad, zlib.gzipSync(damaged));
		await expect(extractArchive(bad, path.join(tmp, 'from-bad'))).rejects.toThrow(/damaged/);
		const truncatedGzip = path.join(tmp, 'short.tar.gz');
		fs.writeFileSync(truncatedGzip, fs.readFileSync(archive).subarray(0, 1000));
		await expect(extractArchive(truncatedGzip, path.join(tmp, 'from-short'))).rejects.toThrow();
	});
});
