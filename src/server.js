// Production entry: adapter-node's handler and socket.io on one HTTP server and port.
// Importing handler.js runs hooks.server.ts `init` (database open + migrations) before we listen.
import http from 'node:http';
import path from 'node:path';

// An empty variable counts as unset (adapter-node would reject ORIGIN='', for one).
for (const [key, value] of Object.entries(process.env)) if (value === '') delete process.env[key];

// Without ORIGIN, adapter-node takes the protocol from PROTOCOL_HEADER and otherwise assumes
// https. Tell it the real protocol of each connection through a header only we set.
const PROTO_HEADER = 'x-warroom-connection-proto';
if (!process.env.ORIGIN) process.env.PROTOCOL_HEADER = PROTO_HEADER;

const { attachSocketServer, realtimeRegistry } = await import('./lib/server/realtime/attach.js');
const { logger } = await import('./lib/server/logger.js');
const { writeControlFile, removeControlFile } = await import('./lib/server/control-file.js');
// Evidence files (20 MB) are larger than adapter-node's 512 kB default. This stays one limit for every
// body, the backstop above the routes' own (JSON WARROOM_JSON_LIMIT_BYTES, CSV WARROOM_CSV_LIMIT_BYTES,
// evidence 20 MB), which refuse earlier: a route that reads a body whole is never unbounded.
process.env.BODY_SIZE_LIMIT ??= '25M';
const { handler } = await import('../build/handler.js');

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
// The embedded database's folder (as config.ts resolves it): `npm run backup` finds the running server there.
const pgliteDataDir = process.env.DATABASE_URL ? null : path.resolve(process.env.WARROOM_DATA_DIR || './data');

const { processStats, answerStats } = await import('./lib/server/process-stats.js');
const stats = process.env.WARROOM_BENCH_STATS === '1' ? processStats(() => io.engine.clientsCount) : undefined;

// A route may answer before it has read the whole body: a 413 for an upload over its limit. The rest
// of what the client sends is then read and discarded, so that it gets the answer rather than a reset
// (closing a socket with unread data makes TCP reset it); a client still sending 64 MB later is cut off.
const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;
function discardUnreadBody(/** @type {import('node:http').IncomingMessage} */ req) {
	if (req.complete || req.destroyed) return;
	let discarded = 0;
	req.removeAllListeners('data');
	req.on('data', (/** @type {Buffer} */ chunk) => {
		discarded += chunk.length;
		if (discarded > DISCARD_LIMIT_BYTES) req.destroy();
	});
	req.resume();
}

const server = http.createServer((req, res) => {
	if (stats && answerStats(req, res, stats)) return;
	res.once('finish', () => discardUnreadBody(req));
	req.headers[PROTO_HEADER] = /** @type {any} */ (req.socket).encrypted ? 'https' : 'http';
	handler(req, res);
});
// Keep-alive sockets must not hold a graceful shutdown open for long.
server.keepAliveTimeout = 5000;
const io = attachSocketServer(server);

server.listen(port, host, () => {
	logger.info({ port, host }, `Warroom listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
	if (pgliteDataDir) {
		try {
			writeControlFile(pgliteDataDir, { port: /** @type {import('node:net').AddressInfo} */ (server.address()).port, host });
		} catch (err) {
			logger.warn({ err }, 'could not write the control file: `npm run backup` will not work while this server runs');
		}
	}
});

let stopping = false;
async function shutdown(/** @type {string} */ signal) {
	if (stopping) return;
	stopping = true;
	logger.info({ signal }, 'shutting down');
	if (pgliteDataDir) removeControlFile(pgliteDataDir);
	const force = setTimeout(() => {
		logger.error('shutdown took too long; exiting');
		process.exit(1);
	}, 10000);
	force.unref();
	// Stop accepting, let in-flight requests finish, drop idle keep-alive connections.
	const closed = new Promise((resolve) => server.close(resolve));
	server.closeIdleConnections();
	// io.close() drops the connections without a "disconnect" packet, so clients treat it as a
	// lost connection and reconnect by themselves (a server-sent disconnect would stop them).
	await new Promise((resolve) => io.close(() => resolve(undefined)));
	await closed;
	try {
		await realtimeRegistry().handlers?.shutdown?.();
	} catch (err) {
		logger.error({ err }, 'error while closing the database');
	}
	logger.info('stopped');
	process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
