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

/** Requests being answered by the app (socket.io's own requests never reach this handler). */
const inFlight = new Set();
let stopping = false;
const server = http.createServer((req, res) => {
	if (stats && answerStats(req, res, stats)) return;
	inFlight.add(res);
	res.once('close', () => {
		inFlight.delete(res);
		if (stopping && inFlight.size === 0) drained();
	});
	res.once('finish', () => discardUnreadBody(req));
	req.headers[PROTO_HEADER] = /** @type {any} */ (req.socket).encrypted ? 'https' : 'http';
	handler(req, res);
});
let drained = () => {};
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

/** While stopping: every new request (the app's, socket.io's polling and upgrades) is refused and its connection closed. */
function refuseEverything() {
	server.removeAllListeners('request');
	server.on('request', (/** @type {import('node:http').IncomingMessage} */ _req, /** @type {import('node:http').ServerResponse} */ res) => {
		res.writeHead(503, { 'content-type': 'application/json', connection: 'close', 'retry-after': '1' });
		res.end(JSON.stringify({ error: { code: 'unavailable', message: 'The server is restarting; try again shortly' } }));
	});
	server.removeAllListeners('upgrade');
	server.on('upgrade', (/** @type {unknown} */ _req, /** @type {import('node:net').Socket} */ socket) => socket.destroy());
}

// How long requests already being answered may take to finish before their connections are cut.
const DRAIN_MS = 4000;

async function shutdown(/** @type {string} */ signal) {
	if (stopping) return;
	stopping = true;
	logger.info({ signal, inFlight: inFlight.size }, 'shutting down');
	if (pgliteDataDir) removeControlFile(pgliteDataDir);
	const force = setTimeout(() => {
		logger.error('shutdown took too long; exiting');
		process.exit(1);
	}, 10000);
	force.unref();
	// Under load the server would never be idle: kept-alive connections carry new writes, and
	// socket.io clients reconnect (through those same connections) as soon as they are dropped.
	// So: refuse whatever arrives from now on, stop listening, drop the sockets, let the requests
	// already in hand finish (their connections close after the answer), cut what is left, and
	// close the database last.
	refuseEverything();
	for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
	const closed = new Promise((resolve) => server.close(resolve));
	server.closeIdleConnections();
	// io.close() drops the connections without a "disconnect" packet, so clients treat it as a
	// lost connection and reconnect by themselves (a server-sent disconnect would stop them).
	await new Promise((resolve) => io.close(() => resolve(undefined)));
	if (inFlight.size > 0) {
		await new Promise((resolve) => {
			drained = () => resolve(undefined);
			setTimeout(resolve, DRAIN_MS).unref();
		});
	}
	if (inFlight.size > 0) logger.warn({ inFlight: inFlight.size }, 'requests still running after the drain; their connections are cut');
	server.closeAllConnections();
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
