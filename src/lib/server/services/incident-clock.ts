// The incident's own contact clock (PRODUCT.md §3: "for the incident as a whole: when it was
// identified"). Until its first customer is registered an incident is due for contact from
// `identifiedAt` by its level's window; the deadline is stored on the incident row (with its
// alarms' fired flags, claimed by the scheduler on the locked row), moved while it runs by a
// level change or a new `identifiedAt`, and ended by the first customer (met if not after it).
import { contactDeadline, deadlineStatus, type IncidentClockStatus } from '$lib/domain/deadlines';
import type { Level } from '$lib/domain/levels';
import type { IncidentJson } from '$lib/api/schemas';
import type { incidents } from '../db/schema';

// the row type spelled here, not imported from the incident view, which reads this module
type IncidentRow = typeof incidents.$inferSelect;

type ClockColumns = Pick<IncidentRow, 'contactDueAt' | 'contactDueSoonAt'>;

/** The clock's columns for a newly declared incident. */
export function incidentClockOnDeclare(identifiedAt: Date, level: Level): ClockColumns {
	const d = contactDeadline(identifiedAt, level);
	return { contactDueAt: d.dueAt, contactDueSoonAt: d.dueSoonAt };
}

/** Registering customers: the first one ends the incident's clock (in the same transaction). */
export function firstCustomerEndsClock(row: IncidentRow, now: Date): Partial<IncidentRow> {
	return row.firstCustomerAt ? {} : { firstCustomerAt: now };
}

/** Whether the clock still runs: no customer yet. */
export const clockRuns = (row: Pick<IncidentRow, 'firstCustomerAt' | 'contactDueAt'>) => !row.firstCustomerAt && !!row.contactDueAt;

/**
 * A running clock after a change of level or of `identifiedAt`: the new level's window from the
 * (new) identification; an alarm is owed again only once a moment later than its firing comes.
 */
export function movedClock(before: IncidentRow, set: Partial<IncidentRow>): Partial<IncidentRow> {
	if (!clockRuns(before) || set.firstCustomerAt) return {};
	const level = (set.level ?? before.level) as Level;
	const identifiedAt = set.identifiedAt ?? before.identifiedAt;
	const { contactDueAt, contactDueSoonAt } = incidentClockOnDeclare(identifiedAt, level);
	if (contactDueAt!.getTime() === before.contactDueAt?.getTime()) return {};
	// the alarms' fired times stay: an alarm is owed again only for a moment later than it fired (`alarmOwed`)
	return { contactDueAt, contactDueSoonAt };
}

export type IncidentClockJson = NonNullable<IncidentJson['contact']['incidentClock']>;

/** The clock as the incident JSON shows it (null for an incident without one). */
export function incidentClockJson(row: IncidentRow, now: Date): IncidentClockJson | null {
	if (!row.contactDueAt || !row.contactDueSoonAt) return null;
	const status = deadlineStatus({ dueAt: row.contactDueAt, dueSoonAt: row.contactDueSoonAt, firstContactAt: row.firstCustomerAt, unreachableAt: null }, now) as IncidentClockStatus;
	return { dueAt: row.contactDueAt.toISOString(), dueSoonAt: row.contactDueSoonAt.toISOString(), status, endedAt: row.firstCustomerAt?.toISOString() ?? null };
}

/** The contact roll-up with the incident's clock: while it runs (no customers yet) nextDueAt/nextDueSoonAt show it. */
export function withIncidentClock(contact: Omit<IncidentJson['contact'], 'incidentClock'>, row: IncidentRow, now: Date): IncidentJson['contact'] {
	const incidentClock = incidentClockJson(row, now);
	const runs = incidentClock && !incidentClock.endedAt && contact.nextDueAt === null;
	return { ...contact, ...(runs ? { nextDueAt: incidentClock.dueAt, nextDueSoonAt: incidentClock.dueSoonAt } : {}), incidentClock };
}
