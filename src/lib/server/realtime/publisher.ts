// Delivers committed events to this instance's socket.io rooms, exactly once and in seq order.
//
// Every incident that is not closed has a stream on every instance: `last` is the highest seq
// this instance has handed to its rooms (the incident's room and the dashboard). Events reach
// a stream from this instance's own commits (`publish`) and from other instances (the relay);
// both may come twice or out of order, so a stream delivers only `last + 1`, buffers what is
// ahead, and backfills from the event log a gap that does not close by itself. A subscriber is
// replayed events up to `last` from the event log and joins the room in the same tick, so
// nothing falls between replay and live and nothing comes twice.
//
// Rooms are emitted to with `io.local`: with several instances each one delivers to its own
// sockets (the relay brings every event to every instance), never through the socket.io adapter.
import type { WarroomServer as Server, WarroomSocket as Socket } from './io';
import { redactForDisplay, type IncidentEvent } from '$lib/realtime/events';
import { rooms } from './rooms';
import { getIo } from './io';
import { logger } from '../logger.js';

type LoadEvents = (incidentId: string, after: number, upTo?: number) => Promise<IncidentEvent[]>;
type CurrentSeq = (incidentId: string) => Promise<number | null>;
export interface IncidentHead {
	id: string;
	version: number;
}

interface IncidentStream {
	last: number;
	buffer: Map<number, IncidentEvent>;
	gap?: GapWait;
	/** Kept while the incident is open (events may still come); a closed incident's stream goes when nobody follows it. */
	open: boolean;
}

/** A gap waiting to be backfilled; `settled` resolves once its backfill is queued or it closed by itself. */
interface GapWait {
	timer: ReturnType<typeof setTimeout>;
	settled: Promise<void>;
	settle: () => void;
}

export class Publisher {
	private streams = new Map<string, IncidentStream>();
	private chains = new Map<string, Promise<void>>();
	/** Extra sinks (webhooks, tests) see every locally committed event. */
	private sinks: ((events: IncidentEvent[]) => void)[] = [];
	/** Copies dropped because the stream already had them (relay repeats, sweeps racing live events). */
	readonly stats = { duplicates: 0 };

	constructor(
		private loadEvents: LoadEvents,
		private currentSeq: CurrentSeq,
		private ioProvider: () => Server | undefined = getIo,
		private gapWaitMs = 250
	) {}

	addSink(sink: (events: IncidentEvent[]) => void) {
		this.sinks.push(sink);
	}

	/** Starts a stream at the current version of every open incident (at start-up, before any publish). */
	init(heads: IncidentHead[]) {
		for (const h of heads) if (!this.streams.has(h.id)) this.streams.set(h.id, { last: h.version, buffer: new Map(), open: true });
	}

	/** Whether this instance has a stream for the incident (every open one has). */
	knows(incidentId: string): boolean {
		return this.streams.has(incidentId);
	}

	/** Incidents this instance tracks as open: the relay compares them with the database after a lost connection. */
	openIncidentIds(): string[] {
		return [...this.streams].filter(([, s]) => s.open).map(([id]) => id);
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
		void this.serial(event.incidentId, () => this.sequence(event));
	}

	/**
	 * Compares the database's versions with what this instance has delivered and backfills the
	 * difference (after the relay's connection was lost, and periodically as a safety net).
	 */
	catchUp(heads: IncidentHead[]): Promise<void> {
		return Promise.all(
			heads.map((h) =>
				this.serial(h.id, async () => {
					let stream = this.streams.get(h.id);
					if (stream && h.version <= stream.last) return;
					if (!stream) {
						// an incident declared while this instance heard nothing: its whole history is new here
						stream = { last: 0, buffer: new Map(), open: true };
						this.streams.set(h.id, stream);
					}
					await this.fill(h.id, stream, h.version);
				})
			)
		).then(() => {});
	}

	private emit(io: Server, event: IncidentEvent) {
		const { incidentId } = event;
		const redacted = redactForDisplay(event);
		// Sockets following the incident get it through its room; the dashboard rooms get the
		// rest, so a socket in both gets it once.
		io.local.to(rooms.incident(incidentId)).emit('event', event);
		io.local.to(rooms.incident(incidentId, true)).emit('event', redacted);
		io.local.to(rooms.dashboard()).except(rooms.incident(incidentId)).emit('event', event);
		io.local.to(rooms.dashboard(true)).except(rooms.incident(incidentId, true)).emit('event', redacted);
	}

	private async sequence(event: IncidentEvent) {
		let stream = this.streams.get(event.incidentId);
		if (!stream) {
			stream = { last: 0, buffer: new Map(), open: true };
			this.streams.set(event.incidentId, stream);
		}
		if (event.seq <= stream.last || stream.buffer.has(event.seq)) {
			this.stats.duplicates++;
			return;
		}
		stream.buffer.set(event.seq, event);
		this.flush(event.incidentId, stream);
		if (stream.buffer.size === 0) return;
		if (stream.last === 0 && !stream.buffer.has(1)) {
			// never seen this incident and its declaration is missing: fetch its history now
			await this.fill(event.incidentId, stream, Math.max(...stream.buffer.keys()));
			return;
		}
		if (!stream.gap) {
			let settle = () => {};
			const settled = new Promise<void>((resolve) => (settle = resolve));
			const timer = setTimeout(() => {
				stream.gap = undefined;
				void this.serial(event.incidentId, () => this.backfill(event.incidentId));
				settle();
			}, this.gapWaitMs);
			stream.gap = { timer, settled, settle };
		}
	}

	private flush(incidentId: string, stream: IncidentStream) {
		const io = this.ioProvider();
		let next = stream.buffer.get(stream.last + 1);
		while (next) {
			stream.buffer.delete(next.seq);
			stream.last = next.seq;
			// a closed incident gets no more events: its stream may go once nobody follows it
			stream.open = !(next.type === 'incident.phase_changed' && next.data.to === 'closed');
			if (io) this.emit(io, next);
			next = stream.buffer.get(stream.last + 1);
		}
		if (stream.buffer.size === 0) this.cancelGap(stream);
	}

	/** Loads (last, upTo] from the event log into the buffer and delivers what is now in order. */
	private async fill(incidentId: string, stream: IncidentStream, upTo: number) {
		const missing = await this.loadEvents(incidentId, stream.last, upTo);
		let added = 0;
		for (const e of missing)
			if (e.seq > stream.last && !stream.buffer.has(e.seq)) {
				stream.buffer.set(e.seq, e);
				added++;
			}
		if (added > 0) logger.debug({ incidentId, filled: added }, 'backfilled from the event log');
		this.flush(incidentId, stream);
	}

	/** Fills a gap from the event log (a relay lost a message, or a publish came late). */
	private async backfill(incidentId: string) {
		const stream = this.streams.get(incidentId);
		if (!stream || stream.buffer.size === 0) return;
		await this.fill(incidentId, stream, Math.max(...stream.buffer.keys()));
	}

	/** Replays events after `after` to the socket, then joins it to the live room with no gap and no duplicate. */
	subscribeIncident(socket: Socket, incidentId: string, after: number, display: boolean): Promise<number> {
		let lastSeq = after;
		return this.serial(incidentId, async () => {
			let stream = this.streams.get(incidentId);
			let replay: IncidentEvent[];
			if (!stream) {
				// a closed incident (open ones always have a stream): its log is complete
				replay = await this.loadEvents(incidentId, after);
				const last = replay.length > 0 ? replay[replay.length - 1].seq : ((await this.currentSeq(incidentId)) ?? 0);
				stream = { last: Math.max(last, 0), buffer: new Map(), open: false };
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

	private watchers(incidentId: string): number {
		const adapterRooms = this.ioProvider()?.of('/').adapter.rooms;
		return (adapterRooms?.get(rooms.incident(incidentId))?.size ?? 0) + (adapterRooms?.get(rooms.incident(incidentId, true))?.size ?? 0);
	}

	/** Drops the stream of a closed incident nobody on this instance follows any more. */
	forgetIfUnwatched(incidentId: string) {
		if (this.watchers(incidentId) > 0) return;
		void this.serial(incidentId, () => {
			const stream = this.streams.get(incidentId);
			if (stream && !stream.open && this.watchers(incidentId) === 0) {
				this.cancelGap(stream);
				this.streams.delete(incidentId);
			}
		});
	}

	private cancelGap(stream: IncidentStream) {
		if (!stream.gap) return;
		clearTimeout(stream.gap.timer);
		stream.gap.settle();
		stream.gap = undefined;
	}

	/**
	 * Settles once every queued delivery, subscription and backfill has run and no gap is waiting
	 * (a gap waits `gapWaitMs`, then backfills): what tests await instead of sleeping.
	 */
	async whenIdle(): Promise<void> {
		for (;;) {
			const chains = [...this.chains.values()];
			const gaps = [...this.streams.values()].flatMap((s) => (s.gap ? [s.gap.settled] : []));
			if (chains.length === 0 && gaps.length === 0) return;
			await Promise.all([...chains, ...gaps]);
		}
	}

	close() {
		for (const s of this.streams.values()) this.cancelGap(s);
		this.streams.clear();
	}
}
