// The one structured logger. Plain JS so the production entry, the Vite plugin and the
// SvelteKit server share the same instance (kept on globalThis under a Symbol.for key).
import pino from 'pino';

const KEY = Symbol.for('warroom.logger');

/** @returns {import('pino').Logger} */
export function getLogger() {
	const g = /** @type {any} */ (globalThis);
	if (!g[KEY]) {
		g[KEY] = pino({
			level: process.env.WARROOM_LOG_LEVEL || (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
			base: { app: 'warroom' },
			// Tokens, passwords and cookies never reach a log line.
			redact: {
				paths: ['password', 'token', '*.password', '*.token', 'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'],
				censor: '[redacted]'
			}
		});
	}
	return g[KEY];
}

export const logger = getLogger();
