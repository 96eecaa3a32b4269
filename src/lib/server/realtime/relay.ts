// Several instances on one PostgreSQL: every committed event reaches every instance.
//
// The transaction that appends events also sends one NOTIFY (PostgreSQL delivers it at commit,
// in commit order, and never for a rolled-back transaction). Each instance LISTENs and hands
// what it hears to its publisher, which delivers to its own sockets exactly once and in seq
// order. NOTIFYs are lost while a LISTEN connection is down (a killed backend, a PostgreSQL
// restart), so the relay also compares the database's incident versions with what its
// publisher has delivered — whenever LISTEN is re-established and every `sweepMs` as a safety
// net — and the publisher backfills any difference from the event log. A watchdog pings the
// channel through the pool; when the ping does not come back, LISTEN is set up again.
import { randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';
import { inArray, ne, or, sql } from 'drizzle-orm';
import type { IncidentEvent } from '$lib/realtime/events';
import type { Db, DbOrTx } from '../db/client';
import { incidents } from '../db/schema';
import type { IncidentHead, Publisher } from './publisher';
import { logger } from '../logger.js';

export const EVENTS_CHANNEL = 'warroom_events';
/** NOTIFY payloads must stay under 8000 bytes; larger batches travel as references to the event log. */
const MAX_PAYLOAD = 7500;

type Message = { o: string; e: IncidentEvent[] } | { o: string; r: [string, number, number][] } | { ping: string };

/** Open incidents (and the given ones), with their current version: what every instance should have delivered. */
export async function incidentHeads(db: Db, alsoIds: string[] = []): Promise<IncidentHead[]> {
	const open = ne(incidents.phase, 'closed');
	return db
		.select({ id: incidents.id, version: incidents.version })
		.from(incidents)
		.where(alsoIds.length > 0 ? or(open, inArray(incidents.id, alsoIds)) : open);
}

export class EventRelay {
	readonly instanceId = randomUUID();
	private listening?: { unlisten: () => Promise<void> };
	private listens = 0;
	private timer?: ReturnType<typeof setInterval>;
	private pings = new Map<string, () => void>();
	private pingSeq = 0;
	private stopped = false;
	private checking = false;

	constructor(
		private client: Sql,
		private db: Db,
		private publisher: Publisher,
		private loadEvents: (incidentId: string, after: number, upTo?: number) => Promise<IncidentEvent[]>,
		private opts: { sweepMs: number; pingTimeoutMs: number } = { sweepMs: 5000, pingTimeoutMs: 3000 }
	) {}

	/** Inside the appending transaction: one NOTIFY, delivered to every instance at commit. */
	async notify(tx: DbOrTx, events: IncidentEvent[]): Promise<void> {
		if (events.length === 0) return;
		let payload = JSON.stringify({ o: this.instanceId, e: events } satisfies Message);
		if (Buffer.byteLength(payload) > MAX_PAYLOAD) {
			const ranges = new Map<string, [string, number, number]>();
			for (const e of events) {
				const r = ranges.get(e.incidentId) ?? [e.incidentId, e.seq, e.seq];
				r[1] = Math.min(r[1], e.seq);
				r[2] = Math.max(r[2], e.seq);
				ranges.set(e.incidentId, r);
			}
			payload = JSON.stringify({ o: this.instanceId, r: [...ranges.values()] } satisfies Message);
		}
		await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`);
	}

	async start(): Promise<void> {
		await this.listen();
		this.timer = setInterval(() => void this.check(), this.opts.sweepMs);
		this.timer.unref?.();
	}

	private async listen() {
		this.listening = await this.client.listen(
			EVENTS_CHANNEL,
			(payload) => this.onMessage(payload),
			() => {
				// postgres.js calls this on every (re)established LISTEN: after the first, look for what was missed
				if (this.listens++ > 0) void this.sweep('listen re-established');
			}
		);
	}

	private onMessage(payload: string) {
		let msg: Message;
		try {
			msg = JSON.parse(payload) as Message;
		} catch {
			return;
		}
		if ('ping' in msg) {
			this.pings.get(msg.ping)?.();
			return;
		}
		if (msg.o === this.instanceId) return; // this instance published its own commit already
		if ('e' in msg) {
			for (const e of msg.e) this.publisher.deliver(e);
			return;
		}
		for (const [incidentId, from, to] of msg.r) {
			this.loadEvents(incidentId, from - 1, to).then(
				(events) => events.forEach((e) => this.publisher.deliver(e)),
				(err) => logger.warn({ err, incidentId }, 'relay: could not load referenced events (the sweep will)')
			);
		}
	}

	/** Delivers whatever this instance has not had yet (database versions against the publisher's streams). */
	async sweep(reason: string): Promise<void> {
		try {
			const heads = await incidentHeads(this.db, this.publisher.openIncidentIds());
			await this.publisher.catchUp(heads);
			if (reason !== 'periodic') logger.info({ reason }, 'relay: caught up from the event log');
		} catch (err) {
			logger.warn({ err, reason }, 'relay: catch-up failed; will retry');
		}
	}

	/** The watchdog: a ping through the channel must come back; if not, LISTEN again. Then sweep. */
	private async check() {
		if (this.checking || this.stopped) return;
		this.checking = true;
		try {
			const token = `${this.instanceId}:${++this.pingSeq}`;
			const back = new Promise<boolean>((resolve) => {
				const timer = setTimeout(() => resolve(false), this.opts.pingTimeoutMs);
				this.pings.set(token, () => {
					clearTimeout(timer);
					resolve(true);
				});
			});
			let sent = true;
			try {
				await this.client`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify({ ping: token })})`;
			} catch {
				sent = false; // the database is unreachable: nothing to sweep against either
			}
			const ok = sent && (await back);
			this.pings.delete(token);
			if (!sent) return;
			if (!ok && !this.stopped) {
				logger.warn('relay: LISTEN connection lost; listening again');
				await this.listening?.unlisten().catch(() => {});
				this.listening = undefined;
				await this.listen();
				return; // the onlisten callback sweeps
			}
			await this.sweep('periodic');
		} catch (err) {
			logger.warn({ err }, 'relay: watchdog failed; will retry');
		} finally {
			this.checking = false;
		}
	}

	async stop(): Promise<void> {
		this.stopped = true;
		if (this.timer) clearInterval(this.timer);
		await this.listening?.unlisten().catch(() => {});
	}
}
