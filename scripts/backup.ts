// `npm run backup`: a consistent, timestamped backup of the embedded database (PGlite in
// WARROOM_DATA_DIR), also while the server runs: PGlite lets one process at a time open the data
// directory, so a running server makes the copy itself, into its data directory (POST
// /internal/backup, loopback only, with the token from its control file); a stopped one is opened
// here. The copy is archived here, then opened again (in a scratch folder) before the backup counts
// as written: its counts go into the manifest, and every incident's events must be exactly seqs
// 1..version. With DATABASE_URL, PostgreSQL is backed up with pg_dump instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from '$lib/server/config';
import { BACKUP_STAGE_PREFIX, CONTROL_TOKEN_HEADER } from '$lib/server/control-file.js';
import { copyPgliteDataDir, extractArchive, writeArchive } from '$lib/server/db/data-dir-archive';
import type { PersonalDataCipher } from '$lib/server/personal-data';
import {
	DATABASE_FILE,
	KEY_FILE,
	MANIFEST_FILE,
	PG_DUMP_FILE,
	appInfo,
	currentKey,
	fail,
	megabytes,
	occupant,
	readFacts,
	runMain,
	sha256File,
	timestamp,
	type Manifest,
	configOrFail
} from './backup-common';

const USAGE = `Usage: npm run backup -- [--out=DIR] [--no-key]

Writes a consistent, timestamped backup of the embedded database (PGlite in WARROOM_DATA_DIR,
default ./data) into a new folder in DIR: the database, the personal-data key file and a
manifest. Works while the server runs (the server makes the copy) and while it is stopped.

  --out=DIR   where the backup folder is created (default ./backups)
  --no-key    leave the personal-data key file out of the backup (keep it elsewhere and
              restore with --key=FILE)

Restore with: npm run restore -- <backup folder>
With DATABASE_URL (PostgreSQL) it runs pg_dump -Fc instead, when pg_dump is installed.`;

interface Options {
	out: string;
	withKey: boolean;
}

function parseArgs(argv: string[]): Options {
	const o: Options = { out: 'backups', withKey: true };
	for (const arg of argv) {
		const [, key, value] = /^--([a-z-]+)(?:=(.*))?$/.exec(arg) ?? [];
		if (key === 'out' && value) o.out = value;
		else if (key === 'no-key' && value === undefined) o.withKey = false;
		else if (key === 'help') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		} else fail(`Unknown option ${arg}\n\n${USAGE}`);
	}
	return o;
}

/** The address to reach a server listening on `host` from this machine, over loopback. */
function loopbackHost(host: string): string {
	if (['0.0.0.0', '::', 'localhost', ''].includes(host) || /^127\./.test(host)) return /^127\./.test(host) ? host : '127.0.0.1';
	if (host === '::1') return '[::1]';
	fail(`The server listens on HOST=${host} only, not on loopback: a backup while it runs needs it to listen on 127.0.0.1 too (HOST=0.0.0.0 or HOST=127.0.0.1). Or stop it and run the backup again.`);
}

/** Has the running server copy its database into its data dir, then archives that copy into `file`. */
async function copyFromServer(server: { pid: number; port: number; host: string; token: string }, dataDir: string, file: string): Promise<{ pauseMs: number }> {
	const url = `http://${loopbackHost(server.host)}:${server.port}/internal/backup`;
	let res: Response;
	try {
		res = await fetch(url, { method: 'POST', headers: { [CONTROL_TOKEN_HEADER]: server.token } });
	} catch (err) {
		const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
		fail(`The server (process ${server.pid}) holds the database but could not be reached at ${url} (${cause}). If it has just stopped, run the backup again.`);
	}
	const text = await res.text();
	let body: { stage?: unknown; pauseMs?: unknown; error?: { message?: string } } = {};
	try {
		body = JSON.parse(text);
	} catch {
		/* not JSON: shown as it is */
	}
	if (res.status !== 201) fail(`The server refused the backup (${res.status}): ${body.error?.message ?? text}`);
	const stageName = String(body.stage);
	if (!stageName.startsWith(BACKUP_STAGE_PREFIX) || stageName !== path.basename(stageName)) fail(`The server answered an unexpected copy name: ${stageName}`);
	const stage = path.join(dataDir, stageName);
	try {
		await writeArchive(stage, file);
	} finally {
		fs.rmSync(stage, { recursive: true, force: true });
	}
	return { pauseMs: Number(body.pauseMs) };
}

/** Opens the stopped database here (no migrations: a backup changes nothing) and archives a copy. */
async function copyFromDataDir(dataDir: string, file: string): Promise<{ pauseMs: null }> {
	const stage = `${file}.stage`;
	const pgDir = path.join(dataDir, 'pglite');
	const pg = await PGlite.create(pgDir);
	try {
		await copyPgliteDataDir(pg, pgDir, stage);
	} finally {
		await pg.close();
	}
	try {
		await writeArchive(stage, file);
	} finally {
		fs.rmSync(stage, { recursive: true, force: true });
	}
	return { pauseMs: null };
}

/** Opens the archived copy as the restore would, in a scratch folder, and reads its facts. */
async function verify(file: string, cipher: PersonalDataCipher | null) {
	const scratch = `${file}.check`;
	try {
		await extractArchive(file, scratch);
		const copy = await PGlite.create(scratch);
		return await readFacts(copy, cipher).finally(() => copy.close());
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}

/** With DATABASE_URL: pg_dump when it is installed (a consistent snapshot while the server runs), otherwise the procedure. */
function postgres(config: Config, o: Options) {
	const keyNote = config.secret
		? 'Personal data is encrypted with a key derived from WARROOM_SECRET: keep the secret safe, apart from the dump; a restored database needs the same secret.'
		: `Also keep ${path.join(config.dataDir, KEY_FILE)} (the personal-data key) safe and apart from the dump: without it, customers' phone numbers, e-mail addresses and order numbers cannot be read.`;
	if (spawnSync('pg_dump', ['--version']).status !== 0) {
		fail(
			'DATABASE_URL is set: the database is PostgreSQL, which is backed up with its own tools (see "Backup and restore" in the README):\n\n' +
				`  pg_dump -Fc -f warroom.pgdump "$DATABASE_URL"\n\n${keyNote}\n\n` +
				"pg_dump was not found on PATH: install the PostgreSQL client tools (the server's major version or newer) to have this script run it."
		);
	}
	const started = Date.now();
	const folder = uniqueFolder(o.out);
	const partial = `${folder}.partial`;
	fs.mkdirSync(partial, { recursive: true, mode: 0o700 });
	try {
		const file = path.join(partial, PG_DUMP_FILE);
		// The password goes through the environment, not the command line other users can see.
		const url = new URL(config.databaseUrl!);
		const password = decodeURIComponent(url.password);
		url.password = '';
		const r = spawnSync('pg_dump', ['-Fc', '-f', file, '--dbname', url.toString()], {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) }
		});
		if (r.status !== 0) fail(`pg_dump failed (status ${r.status ?? r.error?.message}); no backup was kept.`);
		fs.chmodSync(file, 0o600);
		const key = currentKey(config);
		const keyFile = o.withKey && key.source === 'key-file' ? KEY_FILE : null;
		if (keyFile) {
			fs.copyFileSync(path.join(config.dataDir, KEY_FILE), path.join(partial, keyFile));
			fs.chmodSync(path.join(partial, keyFile), 0o600);
		}
		const manifest = {
			format: 'warroom-backup',
			formatVersion: 1,
			createdAt: new Date(started).toISOString(),
			app: appInfo(),
			database: { driver: 'postgres', file: PG_DUMP_FILE, bytes: fs.statSync(file).size },
			key: { source: key.source, fingerprint: key.cipher?.fingerprint() ?? null, file: keyFile }
		};
		fs.writeFileSync(path.join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
		fs.renameSync(partial, folder);
		const shown = displayed(folder);
		process.stdout.write(
			`DATABASE_URL is set: PostgreSQL was backed up with pg_dump -Fc (a consistent snapshot, taken while the server runs).\n` +
				`Backup written to ${shown}\n  ${PG_DUMP_FILE}  ${megabytes(manifest.database.bytes)}\n${keyFile ? `  ${KEY_FILE}\n` : ''}  ${MANIFEST_FILE}\n` +
				`Took ${((Date.now() - started) / 1000).toFixed(1)} s. Restore into a new, empty database (see the README):\n` +
				`  createdb warroom_restored && pg_restore --no-owner --exit-on-error -d warroom_restored ${path.join(shown, PG_DUMP_FILE)}\n\n` +
				keyWarning(key.source, keyFile, manifest.key.fingerprint, path.join(config.dataDir, KEY_FILE), shown, 'postgres')
		);
	} catch (err) {
		fs.rmSync(partial, { recursive: true, force: true });
		throw err;
	}
}

/** `<out>/warroom-<time>`, with a suffix when a backup of the same second exists. */
function uniqueFolder(out: string): string {
	const base = path.resolve(out, `warroom-${timestamp()}`);
	let folder = base;
	for (let n = 2; fs.existsSync(folder) || fs.existsSync(`${folder}.partial`); n++) folder = `${base}-${n}`;
	return folder;
}

/** Relative to where the command ran when inside it, else absolute. */
function displayed(folder: string): string {
	const relative = path.relative(process.cwd(), folder);
	return relative && !relative.startsWith('..') ? relative : folder;
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	const config = configOrFail();
	if (config.databaseUrl) return postgres(config, o);

	const started = Date.now();
	const dataDir = config.dataDir;
	if (!fs.existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))) {
		fail(`There is no embedded database in ${dataDir} (no pglite folder): check WARROOM_DATA_DIR, or start the server once to create it.`);
	}
	const who = occupant(dataDir);
	if (who.kind === 'other') {
		fail(
			`The embedded database in ${dataDir} is in use${who.pids.length ? ` (process ${who.pids.join(', ')})` : ''} by a process that published no control file ` +
				'(vite dev or preview, or a Warroom older than backups): stop it, or serve with `npm start`, and run the backup again.'
		);
	}

	const folder = uniqueFolder(o.out);
	// Built under a temporary name and renamed at the end: a folder with the final name is complete.
	const partial = `${folder}.partial`;
	fs.mkdirSync(partial, { recursive: true, mode: 0o700 });
	try {
		const dbFile = path.join(partial, DATABASE_FILE);
		const { pauseMs } = who.kind === 'server' ? await copyFromServer(who, dataDir, dbFile) : await copyFromDataDir(dataDir, dbFile);
		const copied = Date.now();

		const key = currentKey(config);
		const found = await verify(dbFile, key.cipher);
		if (found.inconsistent.length) {
			fail(
				`The copy is not consistent: the events of ${found.inconsistent.length} incident(s) are not seqs 1..version (${found.inconsistent.slice(0, 5).join(', ')}). Nothing was kept; please report this.`
			);
		}

		const keyFile = o.withKey && key.source === 'key-file' ? KEY_FILE : null;
		if (keyFile) {
			fs.copyFileSync(path.join(dataDir, KEY_FILE), path.join(partial, keyFile));
			fs.chmodSync(path.join(partial, keyFile), 0o600);
		}
		const manifest: Manifest = {
			format: 'warroom-backup',
			formatVersion: 1,
			createdAt: new Date(copied).toISOString(),
			app: appInfo(),
			takenFrom: who.kind === 'server' ? 'running-server' : 'data-dir',
			database: { driver: 'pglite', file: DATABASE_FILE, bytes: fs.statSync(dbFile).size, sha256: await sha256File(dbFile), ...found.facts },
			key: { source: key.source, fingerprint: key.cipher?.fingerprint() ?? null, file: keyFile, decrypts: found.decrypts, recorded: found.recordedKey },
			incidents: found.incidents
		};
		fs.writeFileSync(path.join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
		fs.renameSync(partial, folder);

		const f = manifest.database;
		const shown = displayed(folder);
		process.stdout.write(
			`Backup written to ${shown}${who.kind === 'server' ? ` (copied by the running server, process ${who.pid})` : ' (the server was not running)'}\n` +
				`  ${DATABASE_FILE}  ${megabytes(f.bytes)}: ${f.incidents} incidents, ${f.events} events, ${f.customers} customers, ${f.users} users, ${f.migrations} migrations\n` +
				`                   verified: the copy opens, and every incident's events are seqs 1..version\n` +
				(keyFile ? `  ${KEY_FILE}\n` : '') +
				`  ${MANIFEST_FILE}\n` +
				`Took ${((Date.now() - started) / 1000).toFixed(1)} s (copy ${((copied - started) / 1000).toFixed(1)} s${pauseMs === null ? '' : `, of which the server held its database ${(pauseMs / 1000).toFixed(1)} s`}). Restore with: npm run restore -- ${shown}\n\n`
		);
		if (found.decrypts === 'no' || (found.recordedKey && found.recordedKey !== manifest.key.fingerprint)) {
			process.stdout.write(`NOTE: the current personal-data key (${key.source}) is not the one this database was written with; its personal data was already unreadable before this backup.\n\n`);
		}
		process.stdout.write(keyWarning(key.source, keyFile, manifest.key.fingerprint, path.join(dataDir, KEY_FILE), shown));
	} catch (err) {
		fs.rmSync(partial, { recursive: true, force: true });
		throw err;
	}
}

function keyWarning(source: Manifest['key']['source'], keyFile: string | null, fingerprint: string | null, dataDirKey: string, shown: string, driver: 'pglite' | 'postgres' = 'pglite'): string {
	const restoreWith = driver === 'pglite' ? 'restore then with --key=FILE' : `put it back as ${KEY_FILE} in the data directory of a restored server`;
	const why = "Customers' phone numbers, e-mail addresses and order numbers are encrypted with the personal-data key";
	if (source === 'WARROOM_SECRET') {
		return `KEY: ${why}, derived from WARROOM_SECRET, which is not in the backup. Keep the secret safe and apart from the backup: a restored database needs the same WARROOM_SECRET to read that data.\n`;
	}
	if (source === 'none') return 'KEY: there is no personal-data key yet (no customer personal data has been encrypted).\n';
	if (!keyFile) {
		return `KEY: the key file was left out (--no-key). Keep ${dataDirKey} (fingerprint ${fingerprint}) safe and apart: without it, restored personal data cannot be read (${restoreWith}).\n`;
	}
	return (
		`WARNING: this backup contains the personal-data key (${path.join(shown, KEY_FILE)}). ${why}:\n` +
		'  - without the key, that data cannot be read after a restore;\n' +
		'  - with it, anyone who holds the backup can read it.\n' +
		'Keep the key apart from the backup and secure (move it to a password manager or a separate, access-controlled place;\n' +
		`${restoreWith}), or protect the whole backup as carefully as the key. Fingerprint: ${fingerprint}.\n`
	);
}

runMain(main);
