// Socket handlers, written once for dev, preview and production: handshake auth, subscribe, time.
import type { WarroomSocket as Socket } from './io';
import { parse as parseCookie } from 'cookie';
import { ReviewEditingPayload, SubscribePayload, type ReviewEditingJson, type SubscribeAck } from '$lib/realtime/events';
import { actorOf, type Principal } from '../auth/principal';
import { can } from '$lib/domain/permissions';
import type { AccountsService } from '../services/accounts';
import type { Publisher } from './publisher';
import type { Clock } from '../clock';
import { rooms } from './rooms';
import { announceIncidentPresence, announceWarroomPresence } from './presence';
import { SESSION_COOKIE, DISPLAY_COOKIE } from '../auth/cookies';
import { logger } from '../logger.js';
import type { MessageLimits } from './message-limits';

interface Deps {
	accounts: AccountsService;
	publisher: Publisher;
	clock: Clock;
	incidentSeq: (id: string) => Promise<number | null>;
	/** Messages per socket and per address (see message-limits.ts). */
	messageLimits: MessageLimits;
	/** The address a socket came from (behind a proxy: its header). */
	addressOf: (socket: Socket) => string;
}

function principalOf(socket: Socket): Principal {
	return socket.data.principal;
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
				principal = (await deps.accounts.resolve(cookies[SESSION_COOKIE], ['session'])) ?? (await deps.accounts.resolve(cookies[DISPLAY_COOKIE], ['display']));
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

	/** Tells the others on the incident that this tab is (no longer) editing a post-mortem field. */
	function relayEditing(socket: Socket, incidentId: string, field: string | null, text?: string) {
		const principal = principalOf(socket);
		if (principal.kind !== 'user') return;
		const msg: ReviewEditingJson = {
			incidentId,
			socketId: socket.id,
			user: { id: principal.user.id, name: principal.user.name },
			field,
			...(text !== undefined ? { text } : {}),
			at: deps.clock.now().toISOString()
		};
		socket.to(rooms.incident(incidentId)).to(rooms.incident(incidentId, true)).emit('review.editing', msg);
		const editing = (socket.data.editing ??= {});
		if (field) editing[incidentId] = { field, text: text ?? (editing[incidentId]?.field === field ? editing[incidentId].text : undefined), at: msg.at };
		else delete editing[incidentId];
	}

	/**
	 * A tab that joins an incident mid-meeting (the presenter's screen, a latecomer) is told at once
	 * who edits which field and what they have typed so far, instead of after their next heartbeat.
	 * fetchSockets asks every instance when a cluster adapter is attached.
	 */
	async function replayEditors(socket: Socket, incidentId: string) {
		const others = await socket.nsp.in(rooms.incident(incidentId)).fetchSockets();
		for (const other of others) {
			const state = other.data.editing?.[incidentId];
			const principal = other.data.principal;
			if (other.id === socket.id || !state || principal?.kind !== 'user') continue;
			socket.emit('review.editing', {
				incidentId,
				socketId: other.id,
				user: { id: principal.user.id, name: principal.user.name },
				field: state.field,
				...(state.text !== undefined ? { text: state.text } : {}),
				at: state.at
			});
		}
	}

	// The handlers are created once and shared by every socket (`this` is the socket): 2,000
	// connections do not each carry their own set of closures.
	async function onSubscribe(this: Socket, payload: unknown, ack: unknown) {
		const socket = this;
		const display = principalOf(socket).kind === 'display';
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
			// open incidents are known to the publisher; only others need a look in the database
			const current = deps.publisher.knows(msg.incidentId) ? 0 : await deps.incidentSeq(msg.incidentId);
			if (current === null) return reply(ack, { ok: false, error: { code: 'not_found', message: 'Incident not found' } });
			const lastSeq = await deps.publisher.subscribeIncident(socket, msg.incidentId, msg.after ?? 0, display);
			reply(ack, { ok: true, lastSeq });
			announce(socket, { incidentId: msg.incidentId });
			replayEditors(socket, msg.incidentId).catch((err) => logger.warn({ err }, 'replaying review editors failed'));
		} catch (err) {
			logger.error({ err }, 'subscribe failed');
			reply(ack, { ok: false, error: { code: 'unavailable', message: 'Subscription failed; retry' } });
		}
	}

	function onUnsubscribe(this: Socket, payload: unknown, ack: unknown) {
		const socket = this;
		const display = principalOf(socket).kind === 'display';
		const parsed = SubscribePayload.safeParse(payload);
		if (!parsed.success) return reply(ack, { ok: false, error: { code: 'invalid_input', message: 'Expected {incidentId} or {scope: "dashboard"}' } });
		if ('scope' in parsed.data) socket.leave(rooms.dashboard(display));
		else {
			if (socket.data.editing?.[parsed.data.incidentId]) relayEditing(socket, parsed.data.incidentId, null);
			deps.publisher.unsubscribeIncident(socket, parsed.data.incidentId);
		}
		reply(ack, { ok: true });
		announce(socket, 'scope' in parsed.data ? 'warroom' : { incidentId: parsed.data.incidentId });
	}

	function onReviewEditing(this: Socket, payload: unknown, ack: unknown) {
		const socket = this;
		const principal = principalOf(socket);
		const parsed = ReviewEditingPayload.safeParse(payload);
		if (!parsed.success) return reply(ack, { ok: false, error: { code: 'invalid_input', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ') } });
		if (!can(actorOf(principal), 'update')) return reply(ack, { ok: false, error: { code: 'forbidden', message: 'Only people who may edit the incident take part in the review' } });
		const { incidentId, field, text } = parsed.data;
		if (!socket.rooms.has(rooms.incident(incidentId))) return reply(ack, { ok: false, error: { code: 'not_subscribed', message: 'Subscribe to the incident first' } });
		relayEditing(socket, incidentId, field, text);
		reply(ack, { ok: true });
	}

	function onDisconnecting(this: Socket) {
		const socket = this;
		const display = principalOf(socket).kind === 'display';
		for (const incidentId of Object.keys(socket.data.editing ?? {})) relayEditing(socket, incidentId, null);
		const followed = [...new Set([...socket.rooms].filter((r) => r.startsWith('inc:')).map((r) => r.split(':')[1]))];
		const inWarroom = socket.rooms.has(rooms.dashboard(display));
		setImmediate(() => {
			followed.forEach((id) => deps.publisher.forgetIfUnwatched(id));
			followed.forEach((incidentId) => announce(socket, { incidentId }));
			if (inWarroom) announce(socket, 'warroom');
		});
	}

	/**
	 * Every message passes the socket's and its address's rate limit first: over it, the message is
	 * answered `rate_limited` (when it asked for an answer) or dropped; a socket that keeps on is cut.
	 */
	function limitMessages(socket: Socket) {
		const address = deps.addressOf(socket);
		const gate = deps.messageLimits.open(address);
		socket.on('disconnect', () => gate.close());
		socket.use(([event, ...args], next) => {
			const verdict = gate.admit();
			if (verdict === 'ok') return next();
			const ack = args.at(-1);
			reply(ack, {
				ok: false,
				error: { code: 'rate_limited', message: `Too many messages from this connection or its address; "${String(event).slice(0, 40)}" was not handled: send it again later, backing off` }
			});
			if (verdict === 'cut' && socket.connected) {
				logger.warn({ address, credentialId: principalOf(socket).credentialId }, 'socket cut: it kept sending over the message rate limit');
				socket.disconnect(true);
			}
		});
	}

	function onConnection(socket: Socket) {
		const principal = principalOf(socket);
		// Rooms used to cut a credential's or a user's sockets at once (logout, revoke, disable).
		socket.join(rooms.credential(principal.credentialId));
		if (principal.kind === 'user') socket.join(rooms.user(principal.user.id));
		socket.emit('time', { now: deps.clock.now().toISOString() });
		limitMessages(socket);
		socket.on('subscribe', onSubscribe);
		socket.on('unsubscribe', onUnsubscribe);
		socket.on('review.editing', onReviewEditing);
		socket.on('disconnecting', onDisconnecting);
	}

	return { authenticate, onConnection };
}
