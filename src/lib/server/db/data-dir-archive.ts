// Backups of the embedded database (PGlite): a consistent copy of its data directory, and that
// copy as a gzipped tar (ustar: regular files and folders, all a PostgreSQL data directory holds).
// The copy is taken under PGlite's transaction lock, so the database pauses only while files are
// copied on disk; archiving and compressing happen afterwards, in the backup script's process.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';

const BLOCK = 512;
const WAL_SEGMENT = /^[0-9A-F]{24}$/;

/**
 * Copies a consistent state of the PGlite data directory `pgDir` into `into` (a new folder).
 * PGlite runs one transaction at a time: inside this one no other is half done, and the
 * checkpoint writes everything to the data files. WAL segments after the current one are left
 * out: they are recycled files with stale content that recovery never reads (often most of pg_wal).
 */
export async function copyPgliteDataDir(client: PGlite, pgDir: string, into: string): Promise<void> {
	await client.transaction(async (tx) => {
		await tx.exec('CHECKPOINT');
		const { rows } = await tx.query<{ segment: string }>('select pg_walfile_name(pg_current_wal_lsn()) as segment');
		const current = rows[0].segment;
		await copyTree(pgDir, into, (relative) => !(path.dirname(relative) === 'pg_wal' && WAL_SEGMENT.test(path.basename(relative)) && path.basename(relative) > current));
	});
}

async function copyTree(from: string, to: string, keep: (relative: string) => boolean, relative = ''): Promise<void> {
	await fs.promises.mkdir(path.join(to, relative), { recursive: true, mode: 0o700 });
	for (const entry of await fs.promises.readdir(path.join(from, relative), { withFileTypes: true })) {
		const rel = path.join(relative, entry.name);
		if (!keep(rel)) continue;
		if (entry.isDirectory()) await copyTree(from, to, keep, rel);
		// a clone where the file system offers one (instant), a plain copy elsewhere
		else if (entry.isFile()) await fs.promises.copyFile(path.join(from, rel), path.join(to, rel), fs.constants.COPYFILE_FICLONE);
	}
}

// ---------------------------------------------------------------- tar.gz

function header(name: string, type: 'file' | 'dir', size: number, mode: number, mtime: Date): Buffer {
	const h = Buffer.alloc(BLOCK);
	if (Buffer.byteLength(name) > 100) throw new Error(`Cannot archive ${name}: the name is longer than 100 bytes`);
	if (size >= 8 ** 11) throw new Error(`Cannot archive ${name}: larger than 8 GiB`);
	const octal = (value: number, offset: number, width: number) => h.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, 'ascii');
	h.write(name, 0, 'utf8');
	octal(mode & 0o7777, 100, 8);
	octal(0, 108, 8); // uid
	octal(0, 116, 8); // gid
	octal(size, 124, 12);
	octal(Math.floor(mtime.getTime() / 1000), 136, 12);
	h.write(type === 'dir' ? '5' : '0', 156, 'ascii');
	h.write('ustar\u000000', 257, 'ascii');
	h.write(' '.repeat(8), 148, 'ascii');
	let sum = 0;
	for (const b of h) sum += b;
	h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
	return h;
}

async function* tarEntries(root: string, relative = ''): AsyncGenerator<Buffer> {
	const entries = (await fs.promises.readdir(path.join(root, relative), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
	for (const entry of entries) {
		const rel = relative ? `${relative}/${entry.name}` : entry.name;
		const full = path.join(root, rel);
		const stat = await fs.promises.stat(full);
		if (entry.isDirectory()) {
			yield header(`${rel}/`, 'dir', 0, stat.mode, stat.mtime);
			yield* tarEntries(root, rel);
		} else if (entry.isFile()) {
			yield header(rel, 'file', stat.size, stat.mode, stat.mtime);
			let read = 0;
			for await (const chunk of fs.createReadStream(full, { highWaterMark: 1 << 20 })) {
				read += (chunk as Buffer).length;
				yield chunk as Buffer;
			}
			if (read !== stat.size) throw new Error(`${rel} changed while it was archived`);
			if (read % BLOCK) yield Buffer.alloc(BLOCK - (read % BLOCK));
		}
	}
}

async function* tar(root: string): AsyncGenerator<Buffer> {
	yield* tarEntries(root);
	yield Buffer.alloc(2 * BLOCK);
}

/** Writes the folder as a gzipped tar file. */
export async function writeArchive(root: string, file: string): Promise<void> {
	await pipeline(Readable.from(tar(root)), zlib.createGzip({ level: 6 }), fs.createWriteStream(file, { mode: 0o600 }));
}

/** Reads exactly the bytes asked for from a stream of chunks. */
class ByteReader {
	private buffered: Buffer = Buffer.alloc(0);
	private ended = false;
	private readonly chunks: AsyncIterator<Buffer>;
	constructor(source: AsyncIterable<Buffer>) {
		this.chunks = source[Symbol.asyncIterator]();
	}
	private async fill(n: number): Promise<void> {
		while (this.buffered.length < n && !this.ended) {
			const next = await this.chunks.next();
			if (next.done) this.ended = true;
			else this.buffered = this.buffered.length ? Buffer.concat([this.buffered, next.value]) : next.value;
		}
	}
	async take(n: number): Promise<Buffer> {
		await this.fill(n);
		if (this.buffered.length < n) throw new Error('The archive ends too early: it is incomplete');
		const out = this.buffered.subarray(0, n);
		this.buffered = this.buffered.subarray(n);
		return out;
	}
	async *pieces(n: number): AsyncGenerator<Buffer> {
		while (n > 0) {
			if (!this.buffered.length) await this.fill(1);
			if (!this.buffered.length) throw new Error('The archive ends too early: it is incomplete');
			const piece = this.buffered.subarray(0, Math.min(n, this.buffered.length));
			this.buffered = this.buffered.subarray(piece.length);
			n -= piece.length;
			yield piece;
		}
	}
}

function field(h: Buffer, offset: number, width: number): string {
	const raw = h.subarray(offset, offset + width);
	const end = raw.indexOf(0);
	return raw.subarray(0, end === -1 ? width : end).toString('utf8');
}

/** Extracts a gzipped tar written by `archiveFolder`/`writeArchive` into `dest` (created), streaming. */
export async function extractArchive(file: string, dest: string): Promise<void> {
	const root = path.resolve(dest);
	await fs.promises.mkdir(root, { recursive: true, mode: 0o700 });
	const gunzip = zlib.createGunzip();
	const input = fs.createReadStream(file);
	input.on('error', (err) => gunzip.destroy(err));
	const bytes = new ByteReader(input.pipe(gunzip));
	try {
		for (;;) {
			const h = await bytes.take(BLOCK);
			if (h.every((b) => b === 0)) break;
			const stored = parseInt(field(h, 148, 8).trim(), 8);
			const blank = Buffer.from(h);
			blank.write(' '.repeat(8), 148, 'ascii');
			if (stored !== blank.reduce((s, b) => s + b, 0) || field(h, 257, 5) !== 'ustar') throw new Error('The archive is damaged (a tar header does not check)');
			const prefix = field(h, 345, 155);
			const name = (prefix ? `${prefix}/` : '') + field(h, 0, 100);
			const target = path.resolve(root, name);
			if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`The archive names a path outside its folder: ${name}`);
			const type = String.fromCharCode(h[156] || 48);
			const size = parseInt(field(h, 124, 12).trim() || '0', 8);
			const mode = parseInt(field(h, 100, 8).trim() || '600', 8);
			if (type === '5') {
				await fs.promises.mkdir(target, { recursive: true, mode: 0o700 });
			} else if (type === '0') {
				await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
				const out = await fs.promises.open(target, 'w', mode & 0o777);
				try {
					for await (const piece of bytes.pieces(size)) await out.write(piece);
				} finally {
					await out.close();
				}
				if (size % BLOCK) await bytes.take(BLOCK - (size % BLOCK));
			} else {
				throw new Error(`The archive holds an entry of a kind backups never contain (type ${type}): ${name}`);
			}
		}
	} finally {
		gunzip.destroy();
		input.destroy();
	}
}
