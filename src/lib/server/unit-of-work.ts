// The unit of work: every use case that changes an incident (or a resource) runs in ONE
// transaction through here. Inside it, the declared participants see the change at three
// points — before the incident row is written (they may add events: a raised level convenes
// its groups), after it is written (derived state: deadlines, statistics, the archive on close)
// and after the events are appended (the webhook outbox, the NOTIFY to other instances) — so
// what they write commits or rolls back with the event. Only after commit do the subscribers
// hear of it (publisher, alarm and webhook kicks, resource broadcasts): sockets and webhooks
// see only what is committed. Both lists are declared once, in app.ts; nothing here is
// mutable after construction.
import type { Db, DbOrTx } from './db/client';
import type { Clock } from './clock';
import type { IncidentEvent } from '$lib/realtime/events';
import type { ResourceJson } from '$lib/api/schemas';
import type { NewEvent } from './services/timeline';
import type { IncidentRow } from './services/incident-view';
import { logger } from './logger.js';

/** An incident change about to be written: the locked row, what the use case sets, its events so far. */
export interface PlannedChange {
	tx: DbOrTx;
	now: Date;
	before: IncidentRow;
	set: Partial<IncidentRow>;
	events: readonly NewEvent[];
}

/** The change once the incident row is written; its events are not appended yet. */
export interface AppliedChange {
	tx: DbOrTx;
	now: Date;
	before: IncidentRow;
	after: IncidentRow;
	events: readonly NewEvent[];
}

/** Takes part in the transaction of every incident change; each hook is optional. */
export interface InTransactionParticipant {
	readonly name: string;
	/** Before the incident row is written: further events of the same change (they move the version too). */
	plan?(change: PlannedChange): Promise<NewEvent[]>;
	/** After the incident row is written, before the events are appended. */
	apply?(change: AppliedChange): Promise<void>;
	/** After the events are appended (with their seq), still inside the transaction. */
	appended?(tx: DbOrTx, events: IncidentEvent[]): Promise<void>;
}

/** What a committed unit of work tells the outside world: incident events in seq order, resources it changed. */
export interface Committed {
	events: IncidentEvent[];
	resources: ResourceJson[];
}

/** Hears of every commit, after it; must not throw (a failure is logged and the others still run). */
export interface AfterCommitSubscriber {
	readonly name: string;
	committed(committed: Committed): void;
}

/** What a piece of work returns: its value, and what it appended or changed for the subscribers. */
export interface Outcome<T> {
	value: T;
	events?: IncidentEvent[];
	resources?: ResourceJson[];
}

/** The transaction a piece of work runs in, with the participants' hooks for an incident change. */
export interface Work {
	readonly tx: DbOrTx;
	readonly now: Date;
	/** Runs the participants' `plan` hooks in order; returns the events they add. */
	plan(before: IncidentRow, set: Partial<IncidentRow>, events: readonly NewEvent[]): Promise<NewEvent[]>;
	/** Runs the participants' `apply` hooks in order. */
	apply(before: IncidentRow, after: IncidentRow, events: readonly NewEvent[]): Promise<void>;
}

export interface Participants {
	inTransaction: readonly InTransactionParticipant[];
	afterCommit: readonly AfterCommitSubscriber[];
}

export class UnitOfWork {
	constructor(
		private db: Db,
		private clock: Clock,
		private participants: Participants
	) {}

	/**
	 * Runs `work` in one transaction; the events it returns are handed to the `appended` hooks
	 * before commit, and everything it returns to the subscribers after commit.
	 */
	async run<T>(work: (w: Work) => Promise<Outcome<T>>): Promise<T> {
		const now = this.clock.now();
		const { inTransaction } = this.participants;
		const outcome = await this.db.transaction(async (tx) => {
			const w: Work = {
				tx,
				now,
				plan: async (before, set, events) => {
					const added: NewEvent[] = [];
					for (const p of inTransaction) if (p.plan) added.push(...(await p.plan({ tx, now, before, set, events: [...events, ...added] })));
					return added;
				},
				apply: async (before, after, events) => {
					for (const p of inTransaction) await p.apply?.({ tx, now, before, after, events });
				}
			};
			const result = await work(w);
			if (result.events?.length) for (const p of inTransaction) await p.appended?.(tx, result.events);
			return result;
		});
		this.committed({ events: outcome.events ?? [], resources: outcome.resources ?? [] });
		return outcome.value;
	}

	private committed(committed: Committed): void {
		if (committed.events.length === 0 && committed.resources.length === 0) return;
		for (const s of this.participants.afterCommit) {
			try {
				s.committed(committed);
			} catch (err) {
				logger.error({ err, subscriber: s.name }, 'after-commit subscriber failed');
			}
		}
	}
}
