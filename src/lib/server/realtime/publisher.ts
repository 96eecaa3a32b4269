// Delivers committed events to socket.io rooms.
//
// Per incident, events reach the incident's room strictly in seq order and exactly once:
// `last` is the highest seq the room has been given (by replay or live). A subscriber is
// replayed events up to `last` from the event log and joins the room in the same tick, so
// nothing falls between replay and live and nothing comes twice. Out-of-order arrivals wait
// in a buffer; a gap that does not close by itself is backfilled from the event log.
import type { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import { redactForDisplay, type IncidentEvent } from '$lib/realtime/events';
import { rooms } from './rooms';
import { getIo } from './attach.js';
import { logger } from '../logger.js';

type LoadEvents = (incidentId: string, after: number, upTo?: number) => Promise<IncidentEvent[]>;
type CurrentSeq = (incidentId: string) => Promise<number | null>;

interface IncidentStream {
	last: number;
	buffer: Map<number, IncidentEvent>;
	gapTimer?: ReturnType<typeof setTimeout>;
}

export class Publisher {
	private streams = new Map<string, IncidentStream>();
	private chains = new Map<string, Promise<void>>();
	/** Extra sinks (cross-instance relay, webhooks) see every locally committed event. */
	private sinks: ((events: IncidentEvent[]) => void)[] = [];

	constructor(
		private loadEvents: LoadEvents,
		private currentSeq: CurrentSeq,
		private ioProvider: () => Server | undefined = getIo,
		private gapWaitMs = 250
	) {}

	addSink(sink: (events: IncidentEvent[]) => void) {
		this.sinks.push(sink);
	}

	/** Called after commit with the events the transaction appended. */
	publish(events: IncidentEvent[]) {
		if (events.length === 0) return;
		for (const e of events) this.deliver(e);
		for (const sink of this.sinks) {
			try {
				sink(events);
			} catch (err) {
				logger.error({ err }, 'event sink failed');
			}
		}
	}

	/** Runs `fn` after every earlier operation on this incident: one queue per incident. */
	private serial(incidentId: string, fn: () => Promise<void> | void): Promise<void> {
		const prev = this.chains.get(incidentId) ?? Promise.resolve();
		const next = prev.then(fn).catch((err) => logger.error({ err, incidentId }, 'realtime delivery failed'));
		this.chains.set(incidentId, next);
		next.then(() => {
			if (this.chains.get(incidentId) === next) this.chains.delete(incidentId);
		});
		return next;
	}

	/** Accepts an event from this instance or from another (relay); safe to call twice for one event. */
	deliver(event: IncidentEvent) {
		const io = this.ioProvider();
		if (!io) return;
		// Dashboards are live-only views: they get every event as it arrives, except the sockets
		// that also follow this incident, which get the sequenced copy below.
		this.emitDashboard(io, event);
		void this.serial(event.incidentId, () => this.sequence(io, event));
	}

	private emitDashboard(io: Server, event: IncidentEvent) {
		io.to(rooms.dashboard()).except(rooms.incident(event.incidentId)).emit('event', event);
		io.to(rooms.dashboard(true)).except(rooms.incident(event.incidentId, true)).emit('event', redactForDisplay(event));
	}

	private emitIncident(io: Server, event: IncidentEvent) {
		io.to(rooms.incident(event.incidentId)).emit('event', event);
		io.to(rooms.incident(event.incidentId, true)).emit('event', redactForDisplay(event));
	}

	private sequence(io: Server, event: IncidentEvent) {
		const stream = this.streams.get(event.incidentId);
		if (!stream) return; // nobody follows this incident on this instance
		if (event.seq <= stream.last || stream.buffer.has(event.seq)) return;
		stream.buffer.set(event.seq, event);
		this.flush(io, event.incidentId, stream);
		if (stream.buffer.size > 0 && !stream.gapTimer) {
			stream.gapTimer = setTimeout(() => {
				stream.gapTimer = undefined;
				void this.serial(event.incidentId, () => this.backfill(event.incidentId));
			}, this.gapWaitMs);
		}
	}

	private flush(io: Server, incidentId: string, stream: IncidentStream) {
		let next = stream.buffer.get(stream.last + 1);
		while (next) {
			stream.buffer.delete(next.seq);
			stream.last = next.seq;
			this.emitIncident(io, next);
			next = stream.buffer.get(stream.last + 1);
		}
		if (stream.buffer.size === 0 && stream.gapTimer) {
			clearTimeout(stream.gapTimer);
			stream.gapTimer = undefined;
		}
	}

	/** Fills a gap from the event log (a relay lost a message, or a publish came late). */
	private async backfill(incidentId: string) {
		const stream = this.streams.get(incidentId);
		const io = this.ioProvider();
		if (!stream || !io || stream.buffer.size === 0) return;
		const upTo = Math.max(...stream.buffer.keys());
		const missing = await this.loadEvents(incidentId, stream.last, upTo);
		for (const e of missing) if (e.seq > stream.last && !stream.buffer.has(e.seq)) stream.buffer.set(e.seq, e);
		logger.debug({ incidentId, filled: missing.length }, 'backfilled a gap from the event log');
		this.flush(io, incidentId, stream);
	}

	/** Replays events after `after` to the socket, then joins it to the live room with no gap and no duplicate. */
	subscribeIncident(socket: Socket, incidentId: string, after: number, display: boolean): Promise<number> {
		let lastSeq = after;
		return this.serial(incidentId, async () => {
			let stream = this.streams.get(incidentId);
			let replay: IncidentEvent[];
			if (!stream) {
				replay = await this.loadEvents(incidentId, after);
				const last = replay.length > 0 ? replay[replay.length - 1].seq : ((await this.currentSeq(incidentId)) ?? 0);
				// Another subscribe may not interleave (serial queue), but re-check in case.
				stream = this.streams.get(incidentId) ?? { last: Math.max(last, 0), buffer: new Map() };
				this.streams.set(incidentId, stream);
				replay = replay.filter((e) => e.seq <= stream!.last);
			} else {
				replay = stream.last > after ? await this.loadEvents(incidentId, after, stream.last) : [];
			}
			// From here to join: synchronous, so no live event can slip in between.
			for (const e of replay) socket.emit('event', display ? redactForDisplay(e) : e);
			socket.join(rooms.incident(incidentId, display));
			lastSeq = Math.max(after, stream.last);
		}).then(() => lastSeq);
	}

	unsubscribeIncident(socket: Socket, incidentId: string) {
		socket.leave(rooms.incident(incidentId));
		socket.leave(rooms.incident(incidentId, true));
		this.forgetIfUnwatched(incidentId);
	}

	/** Drops the stream state of incidents nobody on this instance follows any more. */
	forgetIfUnwatched(incidentId: string) {
		const io = this.ioProvider();
		const adapterRooms = io?.of('/').adapter.rooms;
		const watched = (adapterRooms?.get(rooms.incident(incidentId))?.size ?? 0) + (adapterRooms?.get(rooms.incident(incidentId, true))?.size ?? 0);
		if (watched > 0) return;
		void this.serial(incidentId, () => {
			const still = (adapterRooms?.get(rooms.incident(incidentId))?.size ?? 0) + (adapterRooms?.get(rooms.incident(incidentId, true))?.size ?? 0);
			const stream = this.streams.get(incidentId);
			if (still === 0 && stream) {
				if (stream.gapTimer) clearTimeout(stream.gapTimer);
				this.streams.delete(incidentId);
			}
		});
	}

	close() {
		for (const s of this.streams.values()) if (s.gapTimer) clearTimeout(s.gapTimer);
		this.streams.clear();
	}
}
