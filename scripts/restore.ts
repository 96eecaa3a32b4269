// `npm run restore -- <backup>`: brings a backup made by `npm run backup` back into the embedded
// database (PGlite in WARROOM_DATA_DIR). The server must be stopped. Nothing is deleted: the
// current database folder (and a replaced key file) are moved aside. The backup is loaded into a
// new folder first and checked against its manifest; only then does it take the current one's place.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from '$lib/server/config';
import { CONTROL_FILE } from '$lib/server/control-file.js';
import { ensureDataDir } from '$lib/server/data-dir.js';
import { PersonalDataCipher } from '$lib/server/personal-data';
import { extractArchive } from '$lib/server/db/data-dir-archive';
import { KEY_FILE, MANIFEST_FILE, Manifest, PG_DUMP_FILE, ROOT, currentKey, factDifferences, fail, occupant, readFacts, runMain, sha256File, timestamp, configOrFail } from './backup-common';

const USAGE = `Usage: npm run restore -- <backup folder> [--key=FILE] [--force-key]

Brings a backup made by \`npm run backup\` back into the embedded database (PGlite in
WARROOM_DATA_DIR, default ./data). Stop the server first. The current database folder is moved
aside (never deleted), the backup is loaded and checked against its manifest, and the
personal-data key is put back.

  --key=FILE    the personal-data key file, when it was kept apart from the backup
  --force-key   replace a different personal-data key already in the data directory (it is
                moved aside), or restore although the key cannot open the backup's personal data`;

interface Options {
	backup: string;
	keyFile?: string;
	forceKey: boolean;
}

function parseArgs(argv: string[]): Options {
	let backup: string | undefined;
	let keyFile: string | undefined;
	let forceKey = false;
	for (const arg of argv) {
		const [, key, value] = /^--([a-z-]+)(?:=(.*))?$/.exec(arg) ?? [];
		if (!key && !backup) backup = arg;
		else if (key === 'key' && value) keyFile = path.resolve(value);
		else if (key === 'force-key' && value === undefined) forceKey = true;
		else if (key === 'help') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		} else fail(`Unexpected argument ${arg}\n\n${USAGE}`);
	}
	if (!backup) fail(`Which backup? Name its folder.\n\n${USAGE}`);
	const resolved = path.resolve(backup);
	return { backup: path.basename(resolved) === MANIFEST_FILE ? path.dirname(resolved) : resolved, keyFile, forceKey };
}

function readManifest(folder: string): Manifest {
	const file = path.join(folder, MANIFEST_FILE);
	if (fs.existsSync(path.join(folder, PG_DUMP_FILE))) {
		fail(
			`${folder} holds a PostgreSQL dump: restore it into a new, empty database with\n` +
				`  createdb warroom_restored && pg_restore --no-owner --exit-on-error -d warroom_restored ${path.join(folder, PG_DUMP_FILE)}\n` +
				'then point DATABASE_URL at it, and put the personal-data key back (see "Backup and restore" in the README).'
		);
	}
	if (!fs.existsSync(file)) fail(`${folder} is not a Warroom backup: it has no ${MANIFEST_FILE}.`);
	let raw: unknown;
	try {
		raw = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		fail(`${file} is not valid JSON: the backup is damaged.`);
	}
	const parsed = Manifest.safeParse(raw);
	if (!parsed.success) fail(`${file} is not a manifest this version understands: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
	return parsed.data;
}

type KeyPlan = { action: 'keep' | 'none' } | { action: 'write'; key: string; replacing: boolean };

/** Decides what happens to the personal-data key before anything is touched; refuses when the restored data would be unreadable. */
function planKey(config: Config, manifest: Manifest, o: Options): { plan: KeyPlan; effective: PersonalDataCipher | null; notes: string[] } {
	const notes: string[] = [];
	const backupKeyFile = o.keyFile ?? (manifest.key.file ? path.join(o.backup, manifest.key.file) : undefined);
	if (backupKeyFile && !fs.existsSync(backupKeyFile)) fail(`The key file ${backupKeyFile} does not exist.`);
	const backupKey = backupKeyFile ? PersonalDataCipher.fromKeyFile(backupKeyFile) : null;
	if (backupKey && manifest.key.fingerprint && backupKey.fingerprint() !== manifest.key.fingerprint) {
		fail(`${backupKeyFile} is not the key this backup was made with (fingerprint ${backupKey.fingerprint()}, the backup's is ${manifest.key.fingerprint}).`);
	}
	const current = currentKey(config);
	let plan: KeyPlan = { action: 'none' };
	let effective = current.cipher;
	if (config.secret) {
		if (backupKey) notes.push(`WARROOM_SECRET is set, so the server uses the key derived from it, not the backup's key file (which was not put in the data directory).`);
	} else if (backupKey) {
		const keyText = fs.readFileSync(backupKeyFile!, 'utf8');
		if (!current.cipher) plan = { action: 'write', key: keyText, replacing: false };
		else if (current.cipher.fingerprint() === backupKey.fingerprint()) plan = { action: 'keep' };
		else if (o.forceKey) plan = { action: 'write', key: keyText, replacing: true };
		else {
			fail(
				`The data directory already has a different personal-data key (${path.join(config.dataDir, KEY_FILE)}, fingerprint ${current.cipher.fingerprint()}; the backup's is ${backupKey.fingerprint()}).\n` +
					"Customers' phone numbers, e-mail addresses and order numbers in the backup are encrypted with the backup's key: with the current key the server would refuse to start, and could not read them.\n" +
					"Run again with --force-key to put the backup's key in its place; the current key is moved aside (personal-data.key.before-restore-…), not deleted."
			);
		}
		effective = backupKey;
	}
	// The database records its key at first start and a server with another key refuses to start;
	// before that record existed, only sealed personal data needs the key.
	const expected = manifest.key.recorded ?? (manifest.key.decrypts === 'nothing-to-check' ? null : manifest.key.fingerprint);
	if (expected && effective?.fingerprint() !== expected) {
		const fix =
			manifest.key.source === 'WARROOM_SECRET'
				? 'set WARROOM_SECRET to the secret the server had when the backup was made'
				: config.secret
					? 'unset WARROOM_SECRET (so the server uses the key file), or set it to the secret the server had when the backup was made'
					: 'name the key file kept apart with --key=FILE';
		if (!o.forceKey) {
			fail(
				`The personal-data key the server would use after this restore (${effective ? `fingerprint ${effective.fingerprint()}` : 'none'}) is not the one the backup's database was written with (fingerprint ${expected}):\n` +
					`the server would refuse to start, and customers' phone numbers, e-mail addresses and order numbers could not be read. To fix it, ${fix}; or run again with --force-key to restore the database anyway and put the key in place afterwards.`
			);
		}
		notes.push(`The personal-data key is not the one the backup's database was written with (--force-key): the server refuses to start until that key is in place (${fix}).`);
	}
	return { plan, effective, notes };
}

function journalEntries(): number {
	const journal = JSON.parse(fs.readFileSync(path.join(ROOT, 'drizzle', 'meta', '_journal.json'), 'utf8'));
	return journal.entries.length;
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	const config = configOrFail();
	if (config.databaseUrl) {
		fail(
			'DATABASE_URL is set: this restores the embedded database (PGlite) only. A PostgreSQL dump is restored into a new, empty database with\n' +
				'  createdb warroom_restored && pg_restore --no-owner --exit-on-error -d warroom_restored warroom.pgdump\n' +
				'then DATABASE_URL points at it, with the personal-data key file (or the same WARROOM_SECRET) put back; see "Backup and restore" in the README.'
		);
	}
	const manifest = readManifest(o.backup);
	const dbFile = path.join(o.backup, manifest.database.file);
	if (!fs.existsSync(dbFile)) fail(`The backup is incomplete: ${dbFile} is missing.`);
	if ((await sha256File(dbFile)) !== manifest.database.sha256) fail(`${dbFile} is damaged: its checksum is not the one in the manifest.`);
	const known = journalEntries();
	if (manifest.database.migrations > known) {
		fail(`This backup comes from a newer Warroom (${manifest.app.version}, ${manifest.database.migrations} migrations; this one knows ${known}): update Warroom first.`);
	}

	const dataDir = config.dataDir;
	const who = occupant(dataDir);
	if (who.kind !== 'none') {
		const pids = who.kind === 'server' ? [who.pid] : who.pids;
		fail(
			`The embedded database in ${dataDir} is in use${pids.length ? ` by process ${pids.join(', ')}` : ''}${who.kind === 'server' ? ' (the Warroom server)' : ''}: stop it first.\n` +
				'PGlite allows one process at a time, and what a running server writes after the restore would be lost. Nothing was changed.'
		);
	}
	const { plan, effective, notes } = planKey(config, manifest, o);

	const stamp = timestamp();
	const live = path.join(dataDir, 'pglite');
	const restoring = path.join(dataDir, `pglite.restoring-${stamp}`);
	const aside = path.join(dataDir, `pglite.before-restore-${stamp}`);
	ensureDataDir(dataDir);
	const started = Date.now();
	let pg: PGlite | undefined;
	try {
		await extractArchive(dbFile, restoring);
		pg = await PGlite.create(restoring);
		const found = await readFacts(pg, effective);
		const differences = factDifferences(manifest.database, found.facts);
		if (found.inconsistent.length) differences.push(`the events of ${found.inconsistent.length} incident(s) are not seqs 1..version`);
		if (differences.length) fail(`The restored database does not match the backup's manifest; nothing was changed:\n  ${differences.join('\n  ')}`);
		// Leaves a clean, checkpointed folder that the server opens without recovery.
		await pg.exec('CHECKPOINT');
		await pg.close();
	} catch (err) {
		if (pg && !pg.closed) await pg.close().catch(() => {});
		fs.rmSync(restoring, { recursive: true, force: true });
		throw err;
	}

	const moved = fs.existsSync(live);
	if (moved) fs.renameSync(live, aside);
	fs.renameSync(restoring, live);
	const keyPath = path.join(dataDir, KEY_FILE);
	const keyAside = `${keyPath}.before-restore-${stamp}`;
	if (plan.action === 'write') {
		if (plan.replacing) fs.renameSync(keyPath, keyAside);
		fs.writeFileSync(keyPath, plan.key, { mode: 0o600, flag: 'wx' });
	}
	// A control file left by a server that crashed would only mislead the next backup.
	if (occupant(dataDir).kind === 'none') fs.rmSync(path.join(dataDir, CONTROL_FILE), { force: true });

	const d = manifest.database;
	const lines = [
		`Restored ${o.backup} (made ${manifest.createdAt} by Warroom ${manifest.app.version}) into ${live} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
		`  verified against the manifest: ${d.incidents} incidents, ${d.events} events, ${d.customers} customers, ${d.users} users, ${d.migrations} migrations; every incident's events are seqs 1..version`,
		moved ? `  the previous database was moved aside to ${aside} (delete it yourself once you are satisfied)` : '  there was no previous database',
		plan.action === 'write'
			? `  personal-data key put back in ${keyPath}${plan.replacing ? `; the different key that was there is now ${keyAside}` : ''}`
			: plan.action === 'keep'
				? `  personal-data key: the one in ${keyPath} is already the backup's`
				: `  personal-data key: ${config.secret ? 'from WARROOM_SECRET' : 'none in the backup'}${effective ? ` (fingerprint ${effective.fingerprint()})` : ''}`,
		...notes.map((n) => `  NOTE: ${n}`),
		manifest.database.migrations < journalEntries() ? `  the server applies the ${journalEntries() - manifest.database.migrations} newer migration(s) when it starts` : null,
		'Start the server: npm start'
	];
	process.stdout.write(`${lines.filter(Boolean).join('\n')}\n`);
}

runMain(main);
