// Driver choice: PGlite (embedded, in the data dir) by default, PostgreSQL through postgres.js
// when DATABASE_URL is set. One schema, one set of SQL migrations for both.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { copyPgliteDataDir } from './data-dir-archive';
import { logger } from '../logger.js';
import { ensureDataDir } from '../data-dir.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
	db: Db;
	driver: 'pglite' | 'postgres';
	/** The postgres.js client (PostgreSQL only): LISTEN/NOTIFY for the cross-instance relay. */
	sql?: import('postgres').Sql;
	/** The connection string (PostgreSQL only), for the socket.io adapter's own pool. */
	url?: string;
	ping(): Promise<boolean>;
	close(): Promise<void>;
	/** PGlite only: copies a consistent state of the data directory into a new folder (for `npm run backup`). */
	copyDataDir?(into: string): Promise<void>;
}

function migrationsFolder(): string {
	const candidates = [process.env.WARROOM_MIGRATIONS_DIR, path.resolve('drizzle')].filter(Boolean) as string[];
	const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'meta', '_journal.json')));
	if (!found) throw new Error(`SQL migrations not found (looked in ${candidates.join(', ')}); run from the project folder`);
	return found;
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
	const folder = migrationsFolder();
	if (opts.databaseUrl) {
		const { default: postgres } = await import('postgres');
		const { drizzle } = await import('drizzle-orm/postgres-js');
		const { migrate } = await import('drizzle-orm/postgres-js/migrator');
		const client = postgres(opts.databaseUrl, {
			max: Number(process.env.WARROOM_DB_POOL || 10),
			onnotice: () => {},
			connection: { application_name: 'warroom' }
		});
		const db = drizzle({ client, schema }) as unknown as Db;
		// Several instances may start at once: one migrates, the others wait on the lock.
		// A single-connection client keeps the advisory lock and the migration on one session.
		const migrator = postgres(opts.databaseUrl, { max: 1, onnotice: () => {} });
		try {
			await migrator`select pg_advisory_lock(726572)`;
			await migrate(drizzle({ client: migrator }), { migrationsFolder: folder });
			await migrator`select pg_advisory_unlock(726572)`;
		} finally {
			await migrator.end({ timeout: 5 });
		}
		logger.info({ driver: 'postgres' }, 'database ready');
		return {
			db,
			driver: 'postgres',
			sql: client,
			url: opts.databaseUrl,
			ping: async () => {
				try {
					await client`select 1`.execute();
					return true;
				} catch {
					return false;
				}
			},
			close: () => client.end({ timeout: 5 })
		};
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	// PGlite creates its own folder non-recursively: make the parent first (owner-only).
	ensureDataDir(opts.dataDir);
	const dir = path.join(opts.dataDir, 'pglite');
	const client = await PGlite.create(dir);
	const db = drizzle({ client, schema }) as unknown as Db;
	await migrate(drizzle({ client }), { migrationsFolder: folder });
	logger.info({ driver: 'pglite', dir }, 'database ready');
	let closed = false;
	return {
		db,
		driver: 'pglite',
		ping: async () => {
			if (closed) return false;
			try {
				await db.execute(sql`select 1`);
				return true;
			} catch {
				return false;
			}
		},
		close: async () => {
			closed = true;
			await client.close();
		},
		copyDataDir: (into) => copyPgliteDataDir(client, dir, into)
	};
}
