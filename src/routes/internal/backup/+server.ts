// POST /internal/backup: a consistent copy of the embedded database, for `npm run backup` on the
// same machine while the server runs (PGlite lets no second process open the data directory).
// Not part of the API: loopback callers only, never through a proxy, and only with the token this
// process wrote to `<data dir>/server.json` (owner-only), so only whoever may read the data
// directory anyway can take a copy of it.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from './$types';
import { apiError } from '$lib/server/http';
import { CONTROL_FILE, CONTROL_TOKEN_HEADER, isOwnControlToken, readControlFile } from '$lib/server/control-file.js';
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
		return apiError(403, 'forbidden', `Backups are served to this machine only (loopback); this request came from ${remote ?? 'an unknown address'}`);
	}
	const proxied = PROXY_HEADERS.find((h) => request.headers.has(h));
	if (proxied) return apiError(403, 'forbidden', `Backups are not served through a proxy (the request has a ${proxied} header)`);
	if (!database.dumpDataDir) {
		return apiError(409, 'conflict', 'This server runs on PostgreSQL (DATABASE_URL): back it up with pg_dump -Fc (see the README)');
	}
	if (readControlFile(config.dataDir)?.pid !== process.pid) {
		return apiError(503, 'unavailable', `This server has not published ${CONTROL_FILE} in its data directory (only the production entry, npm start, does)`);
	}
	if (!isOwnControlToken(config.dataDir, request.headers.get(CONTROL_TOKEN_HEADER))) {
		return apiError(401, 'unauthorized', `Missing or wrong ${CONTROL_TOKEN_HEADER} (the token is in ${CONTROL_FILE} in the data directory)`);
	}
	const started = Date.now();
	const archive = await database.dumpDataDir();
	logger.info({ bytes: archive.size, ms: Date.now() - started }, 'database copy taken for a backup');
	return new Response(archive.stream(), {
		headers: { 'content-type': 'application/gzip', 'content-length': String(archive.size), 'cache-control': 'no-store' }
	});
};
