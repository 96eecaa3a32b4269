// Shared by `npm run backup` and `npm run restore`: the backup folder's layout, its manifest, and
// the facts both read from a copy of the embedded database to prove it whole.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { PGlite } from '@electric-sql/pglite';
import { KEY_FILE, PersonalDataCipher } from '$lib/server/personal-data';
import { readControlFile } from '$lib/server/control-file.js';
import { pgliteHolders } from '$lib/server/db/pglite-holders';
import { loadConfig, type Config } from '$lib/server/config';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DATABASE_FILE = 'database.tar.gz';
export const PG_DUMP_FILE = 'database.pgdump';
export const MANIFEST_FILE = 'manifest.json';
export { KEY_FILE };

/** A refusal or a usage error: its message alone is shown, and the exit status is 1. */
export class Refusal extends Error {}

/** The server's own configuration (the same environment variables), or a clear stop. */
export function configOrFail(): Config {
	try {
		return loadConfig();
	} catch (err) {
		fail((err as Error).message);
	}
}
export function fail(message: string): never {
	throw new Refusal(message);
}

/** Runs a script's main: refusals print their message, anything else its stack. */
export function runMain(main: () => Promise<void>): void {
	main().then(
		() => process.exit(0),
		(err) => {
			process.stderr.write(`${err instanceof Refusal ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
			process.exit(1);
		}
	);
}

/** What a backup claims about its database; restore finds the same in what it loaded. */
const DatabaseFacts = z.object({
	/** SQL migrations applied (drizzle's journal). */
	migrations: z.number().int(),
	incidents: z.number().int(),
	events: z.number().int(),
	customers: z.number().int(),
	users: z.number().int(),
	/** sha256 over `id:version` of every incident in id order. */
	incidentsDigest: z.string()
});
export type DatabaseFacts = z.infer<typeof DatabaseFacts>;
const COMPARED = ['migrations', 'incidents', 'events', 'customers', 'users', 'incidentsDigest'] as const;

export const Manifest = z.object({
	format: z.literal('warroom-backup'),
	formatVersion: z.literal(1),
	createdAt: z.string(),
	app: z.object({ name: z.string(), version: z.string() }),
	/** `running-server`: the server made the copy (POST /internal/backup); `data-dir`: the script opened the stopped database. */
	takenFrom: z.enum(['running-server', 'data-dir']),
	database: DatabaseFacts.extend({
		driver: z.literal('pglite'),
		file: z.string(),
		bytes: z.number().int(),
		sha256: z.string()
	}),
	key: z.object({
		/** Where the server took the personal-data key from when the backup was made. */
		source: z.enum(['key-file', 'WARROOM_SECRET', 'none']),
		fingerprint: z.string().nullable(),
		/** The key file's name in this backup, or null when it was left out (--no-key, or WARROOM_SECRET). */
		file: z.string().nullable(),
		/** Whether that key opened the backup's sealed personal data. */
		decrypts: z.enum(['yes', 'no', 'nothing-to-check']),
		/** The key's fingerprint as the database recorded it at its first start (a server with another key refuses to start); null before that check existed. */
		recorded: z.string().nullable()
	}),
	/** Every incident in the backup with its version (= the seq of its last event). */
	incidents: z.array(z.object({ id: z.string(), code: z.string(), version: z.number().int() }))
});
export type Manifest = z.infer<typeof Manifest>;

export interface CopyFacts {
	facts: DatabaseFacts;
	incidents: Manifest['incidents'];
	/** Incidents whose events are not exactly seqs 1..version. */
	inconsistent: string[];
	decrypts: Manifest['key']['decrypts'];
	recordedKey: string | null;
}

/** Reads the facts from an opened copy; `cipher` is tried on one customer's sealed personal data. */
export async function readFacts(pg: PGlite, cipher: PersonalDataCipher | null): Promise<CopyFacts> {
	const count = async (table: string) => (await pg.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0].n;
	const incidents = (await pg.query<{ id: string; code: string; version: number }>('select id, code, version from incidents order by id')).rows;
	const inconsistent = (
		await pg.query<{ code: string }>(
			`select i.code from incidents i
			 left join (select incident_id, count(*)::int as n, min(seq) as lo, max(seq) as hi from incident_events group by incident_id) e on e.incident_id = i.id
			 where coalesce(e.n, 0) <> i.version or coalesce(e.lo, 1) <> 1 or coalesce(e.hi, 0) <> i.version
			 order by i.code`
		)
	).rows.map((r) => r.code);
	const digest = createHash('sha256');
	for (const i of incidents) digest.update(`${i.id}:${i.version}\n`);
	const sealed = (await pg.query<{ s: string }>('select personal_sealed as s from customers where personal_sealed is not null limit 1')).rows[0]?.s;
	let decrypts: CopyFacts['decrypts'] = 'nothing-to-check';
	if (sealed) {
		try {
			cipher?.decrypt(sealed);
			decrypts = cipher ? 'yes' : 'no';
		} catch {
			decrypts = 'no';
		}
	}
	const settings = (await pg.query<{ t: string | null }>("select to_regclass('public.instance_settings')::text as t")).rows[0].t;
	const recordedKey = settings ? ((await pg.query<{ value: string }>("select value from instance_settings where key = 'personal_data_key'")).rows[0]?.value ?? null) : null;
	return {
		facts: {
			migrations: await count('drizzle.__drizzle_migrations'),
			incidents: incidents.length,
			events: await count('incident_events'),
			customers: await count('customers'),
			users: await count('users'),
			incidentsDigest: digest.digest('hex')
		},
		incidents,
		inconsistent,
		decrypts,
		recordedKey
	};
}

/** The differences between what a manifest promises and what a copy holds, as readable lines. */
export function factDifferences(expected: DatabaseFacts, found: DatabaseFacts): string[] {
	return COMPARED.filter((k) => expected[k] !== found[k]).map((k) => `${k}: the manifest says ${expected[k]}, the database has ${found[k]}`);
}

/** The key the server uses: WARROOM_SECRET when set, else the data dir's key file (null when there is none yet). */
export function currentKey(config: { secret?: string; dataDir: string }): { source: Manifest['key']['source']; cipher: PersonalDataCipher | null } {
	if (config.secret) return { source: 'WARROOM_SECRET', cipher: PersonalDataCipher.fromSecret(config.secret) };
	const file = path.join(config.dataDir, KEY_FILE);
	return fs.existsSync(file) ? { source: 'key-file', cipher: PersonalDataCipher.fromKeyFile(file) } : { source: 'none', cipher: null };
}

export function sha256File(file: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const hash = createHash('sha256');
		fs.createReadStream(file)
			.on('data', (d) => hash.update(d))
			.on('end', () => resolve(hash.digest('hex')))
			.on('error', reject);
	});
}

export function appInfo(): { name: string; version: string } {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	return { name: pkg.name, version: pkg.version };
}

/** `2026-11-25T10-30-05Z`: sorts by time and is a valid file name everywhere. */
export function timestamp(d = new Date()): string {
	return d
		.toISOString()
		.replace(/\.\d+Z$/, 'Z')
		.replace(/:/g, '-');
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export type Occupant = { kind: 'server'; pid: number; port: number; host: string; token: string } | { kind: 'other'; pids: number[] } | { kind: 'none' };

/** Who holds the data directory: a server that published its control file, another process, or nobody. */
export function occupant(dataDir: string): Occupant {
	const control = readControlFile(dataDir);
	const holders = pgliteHolders(path.join(dataDir, 'pglite'));
	// A control file outlives a crashed server, and its pid may have been reused since: trust it
	// only when that process holds the database too (where holders can be known).
	const holdsIt = (pid: number) => holders === null || holders.includes(pid) || holders.includes(0);
	if (control && control.pid !== process.pid && alive(control.pid) && holdsIt(control.pid)) return { kind: 'server', ...control };
	return holders?.length ? { kind: 'other', pids: holders.filter((p) => p > 0) } : { kind: 'none' };
}

export function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
