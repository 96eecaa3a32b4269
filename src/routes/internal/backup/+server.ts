// POST /internal/backup: copies the embedded database consistently into a folder of the data
// directory, for `npm run backup` on the same machine while the server runs (PGlite lets no
// second process open the database) → 201 {stage, pauseMs}. Not part of the API: loopback callers
// only, never through a proxy, and only with the token this process wrote to `<data dir>/server.json`
// (owner-only), so only whoever may read the data directory anyway can have it copied.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiError } from '$lib/server/http';
import { BACKUP_STAGE_PREFIX, CONTROL_FILE, CONTROL_TOKEN_HEADER, isOwnControlToken, readControlFile } from '$lib/server/control-file.js';
import { logger } from '$lib/server/logger.js';

const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function isLoopback(address: string | undefined): boolean {
	if (!address) return false;
	const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
	return v4 === '::1' || /^127\.\d+\.\d+\.\d+$/.test(v4);
}

export const POST: RequestHandler = async ({ request, locals, platform, getClientAddress }) => {
	const { database, config } = locals.app;
	// The TCP peer itself (adapter-node's platform.req), not an address header a proxy may have set.
	let remote = (platform as { req?: IncomingMessage } | undefined)?.req?.socket?.remoteAddress;
	if (!remote) {
		try {
			remote = getClientAddress();
		} catch {
			remote = undefined;
		}
	}
	if (!isLoopback(remote)) {
		return apiError(403, 'forbidden', `Backups are made only for callers on this machine (loopback); this request came from ${remote ?? 'an unknown address'}`);
	}
	const proxied = PROXY_HEADERS.find((h) => request.headers.has(h));
	if (proxied) return apiError(403, 'forbidden', `Backups are not made for requests through a proxy (the request has a ${proxied} header)`);
	if (!database.copyDataDir) {
		return apiError(409, 'conflict', 'This server runs on PostgreSQL (DATABASE_URL): back it up with pg_dump -Fc (see the README)');
	}
	if (readControlFile(config.dataDir)?.pid !== process.pid) {
		return apiError(503, 'unavailable', `This server has not published ${CONTROL_FILE} in its data directory (only the production entry, npm start, does)`);
	}
	if (!isOwnControlToken(config.dataDir, request.headers.get(CONTROL_TOKEN_HEADER))) {
		return apiError(401, 'unauthorized', `Missing or wrong ${CONTROL_TOKEN_HEADER} (the token is in ${CONTROL_FILE} in the data directory)`);
	}
	// The copy goes beside the database (same file system: a quick copy, or a clone); the script,
	// which may read this folder anyway, archives and removes it without loading this server.
	removeForgottenStages(config.dataDir);
	const stage = `${BACKUP_STAGE_PREFIX}${timestampForName()}-${randomUUID().slice(0, 8)}`;
	const started = Date.now();
	try {
		await database.copyDataDir(path.join(config.dataDir, stage));
	} catch (err) {
		fs.rmSync(path.join(config.dataDir, stage), { recursive: true, force: true });
		throw err;
	}
	const pauseMs = Date.now() - started;
	logger.info({ stage, ms: pauseMs }, 'database copied for a backup');
	return json({ stage, pauseMs }, { status: 201, headers: { 'cache-control': 'no-store' } });
};

function timestampForName() {
	return new Date()
		.toISOString()
		.replace(/\.\d+Z$/, 'Z')
		.replace(/:/g, '-');
}

/** Copies a backup script took but did not remove (it was interrupted), after a day. */
function removeForgottenStages(dataDir: string) {
	for (const name of fs.readdirSync(dataDir)) {
		if (!name.startsWith(BACKUP_STAGE_PREFIX)) continue;
		const full = path.join(dataDir, name);
		if (Date.now() - fs.statSync(full).mtimeMs > 24 * 3600_000) fs.rmSync(full, { recursive: true, force: true });
	}
}
