// Attaches the single socket.io server to an HTTP server: used by `vite dev`, `vite preview`
// (through the plugin in vite.config.ts) and by the production entry (src/server.js).
// Plain JS so it needs no build step. The io instance lives under a Symbol.for key so the
// SvelteKit module graph reaches it; the socket handlers themselves are TypeScript inside
// the SvelteKit graph and register here through setRealtimeHandlers().
import { Server } from 'socket.io';
import { getLogger } from '../logger.js';

const KEY = Symbol.for('warroom.realtime');

/**
 * @typedef {object} RealtimeHandlers
 * @property {(socket: import('./io').WarroomSocket, next: (err?: Error) => void) => void} authenticate
 * @property {(socket: import('./io').WarroomSocket) => void} onConnection
 * @property {(io: import('./io').WarroomServer) => void} [onAttach]
 * @property {() => Promise<void>} [shutdown]
 */

/** @returns {{ io?: import('./io').WarroomServer, httpServer?: import('node:http').Server, handlers?: RealtimeHandlers, waiters: Array<() => void> }} */
export function realtimeRegistry() {
	const g = /** @type {any} */ (globalThis);
	g[KEY] ??= { waiters: [] };
	return g[KEY];
}

/** Called by the SvelteKit server code (hooks init) once its services are ready. */
export function setRealtimeHandlers(/** @type {RealtimeHandlers} */ handlers) {
	const reg = realtimeRegistry();
	reg.handlers = handlers;
	if (reg.io) handlers.onAttach?.(reg.io);
	for (const wake of reg.waiters.splice(0)) wake();
}

function waitForHandlers(timeoutMs = 15000) {
	const reg = realtimeRegistry();
	if (reg.handlers) return Promise.resolve(reg.handlers);
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('server not ready')), timeoutMs);
		reg.waiters.push(() => {
			clearTimeout(timer);
			resolve(reg.handlers);
		});
	});
}

/** Origins a browser handshake may come from: ORIGIN, WARROOM_ALLOWED_ORIGINS, or the request's own host. */
export function isAllowedOrigin(/** @type {string | undefined} */ origin, /** @type {string | undefined} */ host) {
	if (!origin) return true; // servers and scripts send no Origin; they must present a token
	const allowed = [process.env.ORIGIN, ...(process.env.WARROOM_ALLOWED_ORIGINS || '').split(',')].map((o) => (o || '').trim().replace(/\/$/, '')).filter(Boolean);
	if (allowed.length > 0) return allowed.includes(origin);
	try {
		return new URL(origin).host === host;
	} catch {
		return false;
	}
}

/**
 * Idempotent: the same HTTP server gets the same io; a new HTTP server (Vite restarts its
 * dev server on config changes) closes the old io and attaches a fresh one.
 * @param {import('node:http').Server} httpServer
 */
export function attachSocketServer(httpServer) {
	const reg = realtimeRegistry();
	if (reg.io && reg.httpServer === httpServer) return reg.io;
	if (reg.io) {
		reg.io.disconnectSockets(true);
		reg.io.removeAllListeners();
	}
	const log = getLogger();
	const io = new Server(httpServer, {
		path: '/socket.io',
		serveClient: false,
		// Detect a dead peer within ~4 s on both sides (the war room must show "offline" within 5 s).
		pingInterval: Number(process.env.WARROOM_PING_INTERVAL_MS || 2000),
		pingTimeout: Number(process.env.WARROOM_PING_TIMEOUT_MS || 2000),
		maxHttpBufferSize: 256 * 1024,
		allowRequest: (req, callback) => {
			const ok = isAllowedOrigin(req.headers.origin, req.headers.host);
			if (!ok) log.warn({ origin: req.headers.origin }, 'socket handshake refused: origin not allowed');
			callback(ok ? null : 'origin not allowed', ok);
		}
	});
	io.use((socket, next) => {
		waitForHandlers().then(
			(handlers) => handlers.authenticate(socket, next),
			() => next(new Error('unavailable'))
		);
	});
	io.on('connection', (socket) => realtimeRegistry().handlers?.onConnection(socket));
	reg.io = io;
	reg.httpServer = httpServer;
	reg.handlers?.onAttach?.(io);
	log.debug('socket.io attached');
	return io;
}

export function getIo() {
	return realtimeRegistry().io;
}
