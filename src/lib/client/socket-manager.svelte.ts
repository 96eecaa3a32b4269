// One socket per tab. Tracks connection truth, corrects for the server clock, and keeps every
// incident subscription gap-free: after a reconnect it resubscribes with the last seq it applied.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, IncidentEvent, PresenceJson, ReviewEditingJson, ServerToClient, SubscribeAck } from '$lib/realtime/events';
import type { ResourceJson } from '$lib/api/schemas';

/** An editor repeats itself every EDITING_HEARTBEAT_MS while in a field; silent for longer than the TTL = gone. */
export const EDITING_HEARTBEAT_MS = 15_000;

/** Someone editing a post-mortem field, as last heard from. */
export type ReviewEditor = ReviewEditingJson & { seenAt: number; changedAt: number };
const EDITING_TTL_MS = 40_000;

/**
 * The editors of one incident after a `review.editing` message: the sender's entry is replaced (or
 * dropped when it left its field), the silent ones expire. `seenAt` moves with every message;
 * `changedAt` only when the field or its text changed, so a heartbeat keeps an editor alive without
 * making them "the one typing now".
 */
export function mergeEditing(editors: Record<string, ReviewEditor>, m: ReviewEditingJson, now: number): Record<string, ReviewEditor> {
	const before = editors[m.socketId];
	const next = Object.fromEntries(Object.entries(editors).filter(([id, e]) => id !== m.socketId && now - e.seenAt < EDITING_TTL_MS));
	if (!m.field) return next;
	const text = m.text ?? (before?.field === m.field ? before.text : undefined);
	const same = before !== undefined && before.field === m.field && before.text === text;
	next[m.socketId] = { ...m, text, seenAt: now, changedAt: same ? before.changedAt : now };
	return next;
}

/**
 * A subscription the server could not take now — its database busy or restarting, or this address
 * over the socket message limit (a whole office reconnecting after a restart; normal use stays far
 * below it) — is asked for again, backing off.
 */
function retryable(res: SubscribeAck): boolean {
	return !res.ok && (res.error.code === 'unavailable' || res.error.code === 'rate_limited');
}
const backoff = (attempt: number) => Math.min(250 * 2 ** attempt, 4000);

export type ConnectionState = 'connecting' | 'online' | 'offline';
type Listener = (event: IncidentEvent) => void;

interface IncidentSubscription {
	last: number;
	listeners: Set<Listener>;
}

export class SocketManager {
	state: ConnectionState = $state('connecting');
	/** Server time minus local time, in ms (from `time` messages). */
	clockOffsetMs = $state(0);
	/** Counts connections after the first: views without a seq to resume from refetch when it moves. */
	reconnects = $state(0);
	/** Who is here now: by incident id, and `warroom` for the dashboard. */
	presence: Record<string, PresenceJson> = $state({});
	/** Review meeting: who is editing which post-mortem field, by incident id then socket id. */
	/** `seenAt` moves with every message (heartbeats too); `changedAt` only when the field or its text changed. */
	reviewEditors: Record<string, Record<string, ReviewEditor>> = $state({});
	private everConnected = false;
	/** Typed by the same message maps as the server's: a misspelt message or payload does not compile. */
	private socket: Socket<ServerToClient, ClientToServer>;
	// bookkeeping, not state a component reads: plain collections on purpose
	/* eslint-disable svelte/prefer-svelte-reactivity */
	private incidents = new Map<string, IncidentSubscription>();
	private dashboard = new Set<Listener>();
	private resourceListeners = new Set<(r: ResourceJson) => void>();
	/* eslint-enable svelte/prefer-svelte-reactivity */

	constructor() {
		this.socket = io({
			transports: ['websocket', 'polling'],
			withCredentials: true,
			// back within seconds after a server restart, spread by jitter so 2,000 screens do not come at once
			reconnectionDelay: 500,
			reconnectionDelayMax: 2500,
			randomizationFactor: 0.5
		});
		this.socket.on('connect', () => {
			this.state = 'online';
			this.retryDelay = 500;
			if (this.everConnected) this.reconnects++;
			this.everConnected = true;
			for (const [id, sub] of this.incidents) this.sendSubscribe(id, sub);
			if (this.dashboard.size > 0) this.sendDashboardSubscribe();
		});
		this.socket.on('disconnect', (reason) => {
			this.state = 'offline';
			// socket.io does not retry after a server-sent disconnect (e.g. an older server's
			// shutdown): retry ourselves, with jitter; a revoked credential then fails the handshake.
			if (reason === 'io server disconnect') this.retrySoon();
		});
		this.socket.on('connect_error', (err) => {
			this.state = 'offline';
			// a refused handshake is not retried by socket.io either; keep trying unless refused for credentials
			if (!this.socket.active && err.message !== 'unauthorized') this.retrySoon();
		});
		this.socket.on('time', (t) => (this.clockOffsetMs = Date.parse(t.now) - Date.now()));
		this.socket.on('event', (e) => this.dispatch(e));
		this.socket.on('presence', (p) => {
			this.presence = { ...this.presence, [p.scope === 'warroom' ? 'warroom' : (p.incidentId ?? '')]: p };
		});
		this.socket.on('review.editing', (m) => {
			this.reviewEditors = { ...this.reviewEditors, [m.incidentId]: mergeEditing(this.reviewEditors[m.incidentId] ?? {}, m, Date.now()) };
		});
		this.socket.on('resource.updated', (r) => {
			for (const l of this.resourceListeners) l(r);
		});
	}

	private retryDelay = 500;
	private retrySoon() {
		const delay = this.retryDelay * (0.5 + Math.random());
		this.retryDelay = Math.min(this.retryDelay * 2, 2500);
		setTimeout(() => {
			if (!this.socket.connected) this.socket.connect();
		}, delay);
	}

	/** Tells the others on the incident which post-mortem field this tab edits (null: none) and its text so far. */
	sendEditing(incidentId: string, field: string | null, text?: string) {
		if (this.socket.connected) this.socket.emit('review.editing', { incidentId, field, ...(text !== undefined ? { text } : {}) });
	}

	/** The editors of an incident's post-mortem seen recently (a tab that vanished without a word expires). */
	editorsOf(incidentId: string): ReviewEditor[] {
		const now = Date.now();
		return Object.values(this.reviewEditors[incidentId] ?? {}).filter((e) => now - e.seenAt < EDITING_TTL_MS);
	}

	/** Server-corrected now. */
	now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	private sendSubscribe(id: string, sub: IncidentSubscription, attempt = 0) {
		this.socket.emit('subscribe', { incidentId: id, after: sub.last }, (res) => {
			// while the view still wants the incident on this connection — otherwise it would hear nothing until a reconnect
			if (retryable(res)) setTimeout(() => this.incidents.get(id) === sub && this.socket.connected && this.sendSubscribe(id, sub, attempt + 1), backoff(attempt));
		});
	}

	private sendDashboardSubscribe(attempt = 0) {
		this.socket.emit('subscribe', { scope: 'dashboard' }, (res) => {
			if (retryable(res)) setTimeout(() => this.dashboard.size > 0 && this.socket.connected && this.sendDashboardSubscribe(attempt + 1), backoff(attempt));
		});
	}

	private dispatch(e: IncidentEvent) {
		const sub = this.incidents.get(e.incidentId);
		if (sub) {
			if (e.seq > sub.last) {
				if (e.seq > sub.last + 1) void this.backfill(e.incidentId, sub);
				else {
					sub.last = e.seq;
					for (const l of sub.listeners) l(e);
				}
			}
		}
		for (const l of this.dashboard) l(e);
	}

	/** A gap (should not happen) is filled from the event log rather than skipped. */
	private async backfill(id: string, sub: IncidentSubscription) {
		const res = await fetch(`/api/v1/incidents/${id}/events?after=${sub.last}`, { credentials: 'same-origin' });
		if (!res.ok) return;
		const { items } = (await res.json()) as { items: IncidentEvent[] };
		for (const e of items)
			if (e.seq === sub.last + 1) {
				sub.last = e.seq;
				for (const l of sub.listeners) l(e);
			}
	}

	/** Follows one incident from `after`; returns the unsubscribe. */
	subscribeIncident(id: string, after: number, listener: Listener): () => void {
		let sub = this.incidents.get(id);
		if (!sub) {
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- listener bookkeeping, not read by a component
			sub = { last: after, listeners: new Set() };
			this.incidents.set(id, sub);
			if (this.socket.connected) this.sendSubscribe(id, sub);
		}
		sub.listeners.add(listener);
		return () => {
			sub!.listeners.delete(listener);
			if (sub!.listeners.size === 0) {
				this.incidents.delete(id);
				if (this.socket.connected) this.socket.emit('unsubscribe', { incidentId: id });
			}
		};
	}

	subscribeDashboard(listener: Listener): () => void {
		if (this.dashboard.size === 0 && this.socket.connected) this.sendDashboardSubscribe();
		this.dashboard.add(listener);
		return () => {
			this.dashboard.delete(listener);
			if (this.dashboard.size === 0 && this.socket.connected) this.socket.emit('unsubscribe', { scope: 'dashboard' });
		};
	}

	/** Live stock levels: resource changes go to the dashboard rooms, so this joins them while listening. */
	subscribeResources(listener: (r: ResourceJson) => void): () => void {
		const leave = this.subscribeDashboard(() => {});
		this.resourceListeners.add(listener);
		return () => {
			this.resourceListeners.delete(listener);
			leave();
		};
	}

	close() {
		this.socket.close();
	}
}

let manager: SocketManager | undefined;
/** The tab's socket manager, created on first use in the browser. */
export function getSocketManager(): SocketManager {
	manager ??= new SocketManager();
	return manager;
}
