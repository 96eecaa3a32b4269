// The command side of an incident: every use case that changes one (incidents, customers,
// response, resolution, follow-up, review, measures, evidence, the alarm scheduler) goes
// through `mutate`, which locks the row, checks the version, runs the use case's change and
// appends its events — in the unit of work, so the declared participants take part in the
// transaction and the subscribers hear of it after commit.
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { incidents } from '../db/schema';
import { ServiceError } from '../errors';
import type { IncidentJson, ResourceJson } from '$lib/api/schemas';
import type { UnitOfWork } from '../unit-of-work';
import { appendEvents, withIncident, type EventActor, type NewEvent } from './timeline';
import { incidentJson, loadIncidentRow, toIncidentJson, type IncidentRow, type Lang } from './incident-view';

export interface Change {
	set: Partial<IncidentRow>;
	events: NewEvent[];
	/** Resources whose stock the change moved: broadcast to dashboards after commit. */
	resources?: ResourceJson[];
}

export class IncidentCommands {
	constructor(
		private db: Db,
		private uow: UnitOfWork
	) {}

	async getRow(id: string, db: DbOrTx = this.db, lock = false): Promise<IncidentRow> {
		return loadIncidentRow(db, id, lock);
	}

	/**
	 * Applies `change` to the locked incident inside one transaction and appends the events it
	 * returns; the version moves by the number of events. 409 with the current incident when
	 * `expectedVersion` is stale. Events are published after commit.
	 */
	async mutate(
		id: string,
		actor: EventActor,
		expectedVersion: number | undefined,
		change: (row: IncidentRow, now: Date, tx: DbOrTx) => Promise<Change> | Change,
		lang: Lang = 'en'
	): Promise<IncidentJson> {
		return this.uow.run(async (w) => {
			const { tx, now } = w;
			const row = await this.getRow(id, tx, true);
			if (expectedVersion !== undefined && row.version !== expectedVersion) {
				const current = await incidentJson(tx, row, lang, now);
				throw new ServiceError('version_conflict', `The incident was changed by someone else (now version ${current.version}); reload and re-apply your change`, { current });
			}
			if (row.phase === 'closed') throw new ServiceError('conflict', 'The incident is closed and read-only');
			const { set, events, resources } = await change(row, now, tx);
			// The participants' own events (a raised level convenes the new level's groups) join the change.
			events.push(...(await w.plan(row, set, events)));
			if (events.length === 0) return { value: await incidentJson(tx, row, lang, now), resources };
			const [updated] = await tx
				.update(incidents)
				.set({ ...set, updatedAt: now, version: row.version + events.length })
				.where(eq(incidents.id, id))
				.returning();
			await w.apply(row, updated, events);
			const snapshot = await incidentJson(tx, updated, 'en', now);
			const appended = await appendEvents(
				tx,
				id,
				row.version,
				actor,
				now,
				events.map((e) => withIncident(e, snapshot))
			);
			const value = lang === 'en' ? snapshot : toIncidentJson(updated, lang, snapshot.contact, snapshot.seats);
			return { value, events: appended, resources };
		});
	}
}
