// Contact deadlines (联系时限), PRODUCT.md §3. Pure: `now` is always an argument.
import type { Level } from './levels';

/** First contact with each affected customer: 30 min / 1 h / 2 h by level. */
export const CONTACT_WINDOW_MS: Record<Level, number> = { 1: 30 * 60_000, 2: 60 * 60_000, 3: 120 * 60_000 };
/** Post-mortem held within 24 / 48 / 72 h of resolution. */
export const POSTMORTEM_WINDOW_MS: Record<Level, number> = { 1: 24 * 3600_000, 2: 48 * 3600_000, 3: 72 * 3600_000 };
/** "Due soon" once this share of the window has elapsed. */
export const DUE_SOON_FRACTION = 0.8;

export type ContactStatus = 'pending' | 'due_soon' | 'overdue' | 'met' | 'met_late' | 'unreachable';

export interface ContactDeadline {
	startAt: Date;
	dueAt: Date;
	dueSoonAt: Date;
}

/** "Due soon" of any window: DUE_SOON_FRACTION of the way from its start to its due moment. */
export function dueSoonOffsetMs(windowMs: number): number {
	return Math.round(windowMs * DUE_SOON_FRACTION);
}

/** The deadline counts from the customer's own start (reportedAt) with the level's window. */
export function contactDeadline(startAt: Date, level: Level): ContactDeadline {
	const window = CONTACT_WINDOW_MS[level];
	return {
		startAt,
		dueAt: new Date(startAt.getTime() + window),
		dueSoonAt: new Date(startAt.getTime() + dueSoonOffsetMs(window))
	};
}

/** The post-mortem deadline counts from resolution with the level's window, "due soon" like a contact's. */
export function postmortemDeadline(resolvedAt: Date, level: Level): ContactDeadline {
	const window = POSTMORTEM_WINDOW_MS[level];
	return {
		startAt: resolvedAt,
		dueAt: new Date(resolvedAt.getTime() + window),
		dueSoonAt: new Date(resolvedAt.getTime() + dueSoonOffsetMs(window))
	};
}

export interface ContactState {
	startAt: Date;
	firstContactAt: Date | null;
	unreachableAt: Date | null;
}

export function contactStatus(state: ContactState, level: Level, now: Date): ContactStatus {
	const d = contactDeadline(state.startAt, level);
	return deadlineStatus({ ...d, firstContactAt: state.firstContactAt, unreachableAt: state.unreachableAt }, now);
}

export interface StoredDeadline {
	dueAt: Date;
	dueSoonAt: Date;
	firstContactAt: Date | null;
	unreachableAt: Date | null;
}

/** Status of a stored deadline at `now`: a first contact settles it for good (met or late). */
export function deadlineStatus(d: StoredDeadline, now: Date): ContactStatus {
	if (d.firstContactAt) return d.firstContactAt.getTime() <= d.dueAt.getTime() ? 'met' : 'met_late';
	if (d.unreachableAt) return 'unreachable';
	if (now.getTime() >= d.dueAt.getTime()) return 'overdue';
	if (now.getTime() >= d.dueSoonAt.getTime()) return 'due_soon';
	return 'pending';
}

/** Whether a deadline is still open, so a level change moves it. */
export function isOpen(d: Pick<StoredDeadline, 'firstContactAt' | 'unreachableAt'>): boolean {
	return !d.firstContactAt && !d.unreachableAt;
}

export interface ContactRollup {
	total: number;
	met: number;
	pending: number;
	overdue: number;
	dueSoon: number;
	metLate: number;
	unreachable: number;
}

/** Roll-up on the incident: met counts on-time and late contacts; pending counts pending and due-soon. */
export function rollup(statuses: Iterable<ContactStatus>): ContactRollup {
	const r: ContactRollup = { total: 0, met: 0, pending: 0, overdue: 0, dueSoon: 0, metLate: 0, unreachable: 0 };
	for (const s of statuses) {
		r.total++;
		if (s === 'met' || s === 'met_late') r.met++;
		if (s === 'met_late') r.metLate++;
		if (s === 'pending' || s === 'due_soon') r.pending++;
		if (s === 'due_soon') r.dueSoon++;
		if (s === 'overdue') r.overdue++;
		if (s === 'unreachable') r.unreachable++;
	}
	return r;
}

/** The incident's own contact clock: the status of a stored deadline, or of one settled by the first customer. */
export type IncidentClockStatus = Exclude<ContactStatus, 'unreachable'>;

export interface IncidentClock extends ContactDeadline {
	status: IncidentClockStatus;
	/** When the first customer was registered (the clock's end), null while it runs. */
	endedAt: Date | null;
}

/**
 * The incident as a whole is due for contact from its identification by the level's window
 * (PRODUCT.md §3: 30 / 60 / 120 min), until its first customer is registered: met if that is not
 * after the deadline, met late otherwise.
 */
export function incidentContactClock(identifiedAt: Date, level: Level, firstCustomerAt: Date | null, now: Date): IncidentClock {
	const d = contactDeadline(identifiedAt, level);
	return { ...d, endedAt: firstCustomerAt, status: deadlineStatus({ ...d, firstContactAt: firstCustomerAt, unreachableAt: null }, now) as IncidentClockStatus };
}

/** A commitment made in a contact ("technician within 24 h"): due soon at the same share of the way from the contact to its due moment. */
export function commitmentDueSoonAt(madeAt: Date, dueAt: Date): Date {
	return new Date(madeAt.getTime() + dueSoonOffsetMs(Math.max(0, dueAt.getTime() - madeAt.getTime())));
}

export type CommitmentStatus = 'pending' | 'due_soon' | 'overdue' | 'closed';

/** Open until closed (by a later contact or a note); due soon at 80 %, overdue at its time. */
export function commitmentStatus(c: { at: Date; dueAt: Date; closedAt: Date | null }, now: Date): CommitmentStatus {
	if (c.closedAt) return 'closed';
	if (now.getTime() >= c.dueAt.getTime()) return 'overdue';
	if (now.getTime() >= commitmentDueSoonAt(c.at, c.dueAt).getTime()) return 'due_soon';
	return 'pending';
}

/**
 * Whether an alarm ("due soon" or "overdue") is still owed for the moment `at` it announces, given
 * when it last fired (`firedAt`, null: never). An alarm fires once per window: once fired at or
 * after its moment, moving the moment and moving it back (a level flipped 3→2→3) does not owe it
 * again — the moment is no later than when it fired. Only a moment moved past the last firing (a
 * lowered level or a corrected identification gave more time, and that later moment comes) opens
 * a new window, which alarms once more.
 */
export function alarmOwed(firedAt: Date | null, at: Date | number): boolean {
	return firedAt === null || firedAt.getTime() < (typeof at === 'number' ? at : at.getTime());
}
