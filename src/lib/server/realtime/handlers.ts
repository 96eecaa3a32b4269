// Socket handlers, written once for dev, preview and production: handshake auth, subscribe, time.
import type { Socket } from 'socket.io';
import { parse as parseCookie } from 'cookie';
import { SubscribePayload, type SubscribeAck } from '$lib/realtime/events';
import type { Principal } from '../auth/principal';
import type { AccountsService } from '../services/accounts';
import type { Publisher } from './publisher';
import type { Clock } from '../clock';
import { rooms } from './rooms';
import { announceIncidentPresence, announceWarroomPresence } from './presence';
import { SESSION_COOKIE, DISPLAY_COOKIE } from '../auth/cookies';
import { logger } from '../logger.js';

interface Deps {
	accounts: AccountsService;
	publisher: Publisher;
	clock: Clock;
	incidentSeq: (id: string) => Promise<number | null>;
}

function principalOf(socket: Socket): Principal {
	return socket.data.principal as Principal;
}

function reply(ack: unknown, res: SubscribeAck) {
	if (typeof ack === 'function') ack(res);
}

export function createSocketHandlers(deps: Deps) {
	async function authenticate(socket: Socket, next: (err?: Error) => void) {
		try {
			const auth = socket.handshake.auth as Record<string, unknown> | undefined;
			let principal: Principal | null = null;
			if (typeof auth?.token === 'string') {
				principal = await deps.accounts.resolve(auth.token, ['bearer', 'display']);
			} else if (socket.handshake.headers.cookie) {
				const cookies = parseCookie(socket.handshake.headers.cookie);
				principal =
					(await deps.accounts.resolve(cookies[SESSION_COOKIE], ['session'])) ??
					(await deps.accounts.resolve(cookies[DISPLAY_COOKIE], ['display']));
			}
			if (!principal) return next(new Error('unauthorized'));
			socket.data.principal = principal;
			next();
		} catch (err) {
			logger.error({ err }, 'socket authentication failed');
			next(new Error('unavailable'));
		}
	}

	/** Presence is a courtesy: a failure to announce it never fails a subscription. */
	function announce(socket: Socket, target: { incidentId: string } | 'warroom') {
		const run = target === 'warroom' ? announceWarroomPresence(socket.nsp) : announceIncidentPresence(socket.nsp, target.incidentId);
		run.catch((err) => logger.warn({ err }, 'presence announcement failed'));
	}

	function onConnection(socket: Socket) {
		const principal = principalOf(socket);
		const display = principal.kind === 'display';
		// Rooms used to cut a credential's or a user's sockets at once (logout, revoke, disable).
		socket.join(rooms.credential(principal.credentialId));
		if (principal.kind === 'user') socket.join(rooms.user(principal.user.id));
		socket.emit('time', { now: deps.clock.now().toISOString() });

		socket.on('subscribe', async (payload: unknown, ack: unknown) => {
			const parsed = SubscribePayload.safeParse(payload);
			if (!parsed.success) {
				return reply(ack, { ok: false, error: { code: 'invalid_input', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ') } });
			}
			const msg = parsed.data;
			try {
				if ('scope' in msg) {
					socket.join(rooms.dashboard(display));
					reply(ack, { ok: true });
					return announce(socket, 'warroom');
				}
				const current = await deps.incidentSeq(msg.incidentId);
				if (current === null) return reply(ack, { ok: false, error: { code: 'not_found', message: 'Incident not found' } });
				const lastSeq = await deps.publisher.subscribeIncident(socket, msg.incidentId, msg.after ?? 0, display);
				reply(ack, { ok: true, lastSeq });
				announce(socket, { incidentId: msg.incidentId });
			} catch (err) {
				logger.error({ err }, 'subscribe failed');
				reply(ack, { ok: false, error: { code: 'unavailable', message: 'Subscription failed; retry' } });
			}
		});

		socket.on('unsubscribe', (payload: unknown, ack: unknown) => {
			const parsed = SubscribePayload.safeParse(payload);
			if (!parsed.success) return reply(ack, { ok: false, error: { code: 'invalid_input', message: 'Expected {incidentId} or {scope: "dashboard"}' } });
			if ('scope' in parsed.data) socket.leave(rooms.dashboard(display));
			else deps.publisher.unsubscribeIncident(socket, parsed.data.incidentId);
			reply(ack, { ok: true });
			announce(socket, 'scope' in parsed.data ? 'warroom' : { incidentId: parsed.data.incidentId });
		});

		socket.on('disconnecting', () => {
			const followed = [...new Set([...socket.rooms].filter((r) => r.startsWith('inc:')).map((r) => r.split(':')[1]))];
			const inWarroom = socket.rooms.has(rooms.dashboard(display));
			setImmediate(() => {
				followed.forEach((id) => deps.publisher.forgetIfUnwatched(id));
				followed.forEach((incidentId) => announce(socket, { incidentId }));
				if (inWarroom) announce(socket, 'warroom');
			});
		});
	}

	return { authenticate, onConnection };
}
