// The running server's control file, `<data dir>/server.json` (owner-only): its pid, port and a
// random token. PGlite lets one process at a time open the data directory, so `npm run backup`
// cannot read the database while the server runs; it reads this file instead and asks the server,
// over loopback and with the token, for a consistent copy in the data directory (POST /internal/backup).
// Plain JS: the production entry (src/server.js) writes it, the SvelteKit route checks it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDataDir } from './data-dir.js';

export const CONTROL_FILE = 'server.json';
export const CONTROL_TOKEN_HEADER = 'x-warroom-control-token';
/** The server copies its database into `<data dir>/backup-stage-…`; the backup script archives and removes it. */
export const BACKUP_STAGE_PREFIX = 'backup-stage-';

/**
 * @typedef {{ pid: number, port: number, host: string, token: string, startedAt: string }} ControlFile
 */

/** Written once the server listens; replaces a stale file left by a crashed server. */
export function writeControlFile(/** @type {string} */ dataDir, /** @type {{ port: number, host: string }} */ where) {
	ensureDataDir(dataDir);
	const file = path.join(dataDir, CONTROL_FILE);
	/** @type {ControlFile} */
	const content = { pid: process.pid, port: where.port, host: where.host, token: randomBytes(32).toString('base64url'), startedAt: new Date().toISOString() };
	// A new file, renamed into place: readers never see half of it, and it is owner-only from the start.
	const temporary = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'w' });
	fs.renameSync(temporary, file);
}

/** @returns {ControlFile | null} */
export function readControlFile(/** @type {string} */ dataDir) {
	try {
		const parsed = JSON.parse(fs.readFileSync(path.join(dataDir, CONTROL_FILE), 'utf8'));
		if (Number.isInteger(parsed?.pid) && Number.isInteger(parsed?.port) && typeof parsed?.token === 'string' && typeof parsed?.host === 'string') return parsed;
	} catch {
		/* absent or unreadable: no running server published one */
	}
	return null;
}

/** Removed at a clean stop, only when it is still this process's own. */
export function removeControlFile(/** @type {string} */ dataDir) {
	if (readControlFile(dataDir)?.pid !== process.pid) return;
	try {
		fs.unlinkSync(path.join(dataDir, CONTROL_FILE));
	} catch {
		/* already gone */
	}
}

/** Whether `presented` is the token this very process published (constant-time comparison). */
export function isOwnControlToken(/** @type {string} */ dataDir, /** @type {string | null} */ presented) {
	const control = readControlFile(dataDir);
	if (!control || control.pid !== process.pid || !presented) return false;
	const a = Buffer.from(control.token);
	const b = Buffer.from(presented);
	return a.length === b.length && timingSafeEqual(a, b);
}
