// The data directory (WARROOM_DATA_DIR) holds the embedded database, the personal-data key and the
// server's control file: owner-only (0700), like the key file inside it (0600). Created so from the
// start; one an older version left readable by others is tightened at start when it is ours.
// Plain JS: the production entry's control file and the SvelteKit server both create it.
import fs from 'node:fs';
import { logger } from './logger.js';

const OWNER_ONLY = 0o700;

/**
 * Makes `dir` (and missing parents) owner-only; an existing directory that others may read or enter
 * is narrowed to 0700 when this process's user owns it (and the change is logged).
 * @returns {{ created: boolean, tightenedFrom: number | null }} `tightenedFrom`: the mode it had, when changed.
 */
export function ensureDataDir(/** @type {string} */ dir) {
	const created = fs.mkdirSync(dir, { recursive: true, mode: OWNER_ONLY }) !== undefined;
	// mkdir's mode passes through the umask; chmod says exactly what is meant
	if (created) fs.chmodSync(dir, OWNER_ONLY);
	const { mode, uid } = fs.statSync(dir);
	const permissions = mode & 0o777;
	const ours = typeof process.getuid !== 'function' || uid === process.getuid();
	if (created || (permissions & 0o077) === 0 || !ours) return { created, tightenedFrom: null };
	fs.chmodSync(dir, OWNER_ONLY);
	logger.warn({ dir, from: `0${permissions.toString(8)}`, to: '0700' }, 'the data directory was readable by other users: now owner-only');
	return { created, tightenedFrom: permissions };
}
