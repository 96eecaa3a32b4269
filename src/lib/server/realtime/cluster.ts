// Several instances on one PostgreSQL: socket.io's own cross-instance traffic (presence,
// review-meeting relays, resource updates, cutting a revoked credential's sockets wherever they
// are) goes through @socket.io/postgres-adapter (LISTEN/NOTIFY, payloads above 8 kB through the
// `socket_io_attachments` table). Incident events do not: they travel through the event relay
// (relay.ts), which can backfill what a lost NOTIFY dropped.
import type { WarroomServer as Server } from './io';
import pg from 'pg';
import { createAdapter } from '@socket.io/postgres-adapter';
import { setClustered } from './presence';
import { logger } from '../logger.js';

export function attachClusterAdapter(io: Server, databaseUrl: string): { close: () => Promise<void> } {
	const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: 'warroom-socket.io' });
	// A checked-out client (the adapter's LISTEN connection) has no error listener of its own in
	// pg: without these, a terminated backend or a PostgreSQL restart would crash the process.
	pool.on('error', (err) => logger.warn({ err: err.message }, 'socket.io adapter: idle connection lost'));
	pool.on('connect', (client) => client.on('error', (err) => logger.warn({ err: err.message }, 'socket.io adapter: connection lost; reconnecting')));
	io.adapter(
		createAdapter(pool, {
			errorHandler: (err) => logger.warn({ err: err.message }, 'socket.io adapter error'),
			heartbeatInterval: 2000,
			heartbeatTimeout: 6000
		})
	);
	setClustered(io.of('/'));
	logger.info('socket.io: cross-instance adapter on PostgreSQL');
	return {
		close: async () => {
			io.of('/').adapter.close?.();
			await pool.end().catch(() => {});
		}
	};
}
