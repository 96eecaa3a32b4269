// The timeline (event log): appended in the same transaction as the change it records.
import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { incidentEvents } from '../db/schema';
import type { IncidentEvent, NewEvent } from '$lib/realtime/events';
import type { IncidentJson } from '$lib/api/schemas';
import type { SessionUser } from '../auth/principal';

export type EventActor = SessionUser | { system: true };

/** One event type with its data: a misspelt type or wrong data does not compile. */
export type { NewEvent };

/** The event with the incident as it stands after the change added to its data (every event carries it). */
export function withIncident<E extends NewEvent>(event: E, incident: IncidentJson): E {
	return { ...event, data: { ...event.data, incident } };
}

type EventRow = typeof incidentEvents.$inferSelect;

/** A stored row as the event it records; the row's type and data were written from a NewEvent, so they match. */
export function toEventJson(r: EventRow): IncidentEvent {
	return {
		incidentId: r.incidentId,
		seq: r.seq,
		type: r.type,
		at: r.at.toISOString(),
		actor: r.actorSystem ? { system: true } : { id: r.actorId ?? '', name: r.actorName ?? '' },
		data: r.data
	} as IncidentEvent;
}

/**
 * Appends events with seq = previousVersion + 1, + 2, … The caller has already moved the
 * incident's version to previousVersion + events.length in the same transaction; the
 * (incident_id, seq) primary key makes a gap or a duplicate impossible.
 */
export async function appendEvents(tx: DbOrTx, incidentId: string, previousVersion: number, actor: EventActor, at: Date, events: readonly NewEvent[]): Promise<IncidentEvent[]> {
	if (events.length === 0) return [];
	const system = 'system' in actor;
	const rows = await tx
		.insert(incidentEvents)
		.values(
			events.map((e, i) => ({
				incidentId,
				seq: previousVersion + i + 1,
				type: e.type,
				at,
				actorId: system ? null : actor.id,
				actorName: system ? null : actor.name,
				actorSystem: system,
				data: e.data
			}))
		)
		.returning();
	return rows.sort((a, b) => a.seq - b.seq).map(toEventJson);
}

/** Events of one incident with seq > after (and ≤ upTo when given), in seq order. */
export async function loadEvents(db: DbOrTx, incidentId: string, after: number, upTo?: number, limit = 10_000): Promise<IncidentEvent[]> {
	const where =
		upTo === undefined
			? and(eq(incidentEvents.incidentId, incidentId), gt(incidentEvents.seq, after))
			: and(eq(incidentEvents.incidentId, incidentId), gt(incidentEvents.seq, after), lte(incidentEvents.seq, upTo));
	const rows = await db.select().from(incidentEvents).where(where).orderBy(asc(incidentEvents.seq)).limit(limit);
	return rows.map(toEventJson);
}
