// Contact deadlines on screen: every component that shows one (the countdown chip, the customer
// sheet's filter and live roll-up, the wall display) reads the status and formats the time left
// here, with the domain's rule, on server-corrected `now` (ms since the epoch).
import { commitmentStatus, deadlineStatus, rollup, type CommitmentStatus, type ContactRollup, type ContactStatus, type StoredDeadline } from '$lib/domain/deadlines';
import type { CommitmentJson, CustomerJson, IncidentJson } from '$lib/api/schemas';

export type { ContactStatus };

/** A customer's stored deadline as the domain reads it. */
export function customerDeadline(c: CustomerJson): StoredDeadline {
	return {
		dueAt: new Date(c.contactDeadline.dueAt),
		dueSoonAt: new Date(c.contactDeadline.dueSoonAt),
		firstContactAt: c.firstContactAt ? new Date(c.firstContactAt) : null,
		unreachableAt: c.unreachableAt ? new Date(c.unreachableAt) : null
	};
}

/** The customer's contact status at `now`, live (the server's status is as of when it answered). */
export function customerStatus(c: CustomerJson, now: number): ContactStatus {
	return deadlineStatus(customerDeadline(c), new Date(now));
}

/** Still to be contacted (pending, due soon or overdue). */
export function isOpenStatus(s: ContactStatus): boolean {
	return s === 'pending' || s === 'due_soon' || s === 'overdue';
}

/** The i18n key of a status's label. */
export function statusLabelKey(s: ContactStatus): `contactStatus.${ContactStatus}` {
	return `contactStatus.${s}`;
}

/** The customers' roll-up at `now`, counted as the server counts it. */
export function liveRollup(customers: CustomerJson[], now: number): ContactRollup {
	return rollup(customers.map((c) => customerStatus(c, now)));
}

/** `mm:ss`, or `h:mm:ss` from an hour, of the absolute duration; `minuteDigits: 1` gives `m:ss` under an hour. */
export function clockText(ms: number, minuteDigits: 1 | 2 = 2): string {
	const total = Math.floor(Math.abs(ms) / 1000);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const mm = String(m).padStart(h ? 2 : minuteDigits, '0');
	return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Time left until `iso` at `now` (negative once passed) and its text, `+` marking how late. */
export function countdown(iso: string | null, now: number, minuteDigits: 1 | 2 = 2): { text: string; ms: number } | null {
	if (!iso) return null;
	const ms = Date.parse(iso) - now;
	const body = clockText(ms, minuteDigits);
	return { text: ms < 0 ? `+${body}` : body, ms };
}

export type RollupTone = 'none' | 'ok' | 'soon' | 'over';

/** The colour of an incident's next contact deadline: over once any is overdue, soon once the next is due soon. */
export function rollupTone(contact: IncidentJson['contact'], now: number): RollupTone {
	if (contact.overdue > 0 || (contact.nextDueAt && Date.parse(contact.nextDueAt) <= now)) return 'over';
	if (contact.nextDueSoonAt && Date.parse(contact.nextDueSoonAt) <= now) return 'soon';
	return contact.nextDueAt ? 'ok' : 'none';
}

// ---- the incident's own contact clock and commitments (#17) ----

/** The incident's own contact clock at `now`: live while it runs, settled (met / met late) once the first customer came. */
export function incidentClockStatus(clock: NonNullable<IncidentJson['contact']['incidentClock']>, now: number): ContactStatus {
	return deadlineStatus({ dueAt: new Date(clock.dueAt), dueSoonAt: new Date(clock.dueSoonAt), firstContactAt: clock.endedAt ? new Date(clock.endedAt) : null, unreachableAt: null }, new Date(now));
}

/** A commitment's status at `now` (open until closed; due soon at 80 %, overdue at its time). */
export function commitmentLiveStatus(c: Pick<CommitmentJson, 'at' | 'dueAt' | 'closedAt'>, now: number): CommitmentStatus {
	return commitmentStatus({ at: new Date(c.at), dueAt: new Date(c.dueAt), closedAt: c.closedAt ? new Date(c.closedAt) : null }, new Date(now));
}

/** The note a later contact left on a commitment it closed, as `{ at }` for the reader's language; null for a person's note. */
export function closedByContact(note: string): { at: string } | null {
	const m = /^closed by the contact of (\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/.exec(note);
	return m ? { at: m[1] } : null;
}
