// Triage on screen: the dashboard's incidents and a responder's tasks in the order a person under
// pressure should take them — what is late first, then what is about to be, then what waits for a
// yes, then the rest. Pure: `now` is an argument, so the badge, the list and the tests agree.
import { commitmentLiveStatus, customerStatus, rollupTone } from './deadline-view';
import type { CommitmentJson, CustomerJson, IncidentJson, TasksJson } from '$lib/api/schemas';
import { isLivePhase } from '$lib/domain/phases';

export { isLivePhase, LIVE_PHASES } from '$lib/domain/phases';

/** Past this many incidents the dashboard shows a compact table instead of cards. */
export const COMPACT_AFTER = 12;

// ---- the dashboard ----

export type Urgency = 'overdue' | 'due_soon' | 'pending' | 'none';
const RANK: Record<Urgency, number> = { overdue: 0, due_soon: 1, pending: 2, none: 3 };

/** How urgent an incident's contact work is at `now`: overdue customers or clock, the next due soon, one pending, nothing. */
export function incidentUrgency(i: IncidentJson, now: number): Urgency {
	const tone = rollupTone(i.contact, now);
	return tone === 'over' ? 'overdue' : tone === 'soon' ? 'due_soon' : tone === 'ok' ? 'pending' : 'none';
}

/**
 * Most urgent first: overdue, due soon, pending, no deadline; within each, live phases before
 * follow-up, level 1 before 3, the nearest deadline first, then the newest.
 */
export function sortByUrgency(list: IncidentJson[], now: number): IncidentJson[] {
	const due = (i: IncidentJson) => (i.contact.nextDueAt ? Date.parse(i.contact.nextDueAt) : Infinity);
	return list
		.map((i) => ({ i, u: RANK[incidentUrgency(i, now)], live: isLivePhase(i.phase) ? 0 : 1 }))
		.sort((a, b) => a.u - b.u || a.live - b.live || a.i.level - b.i.level || due(a.i) - due(b.i) || Date.parse(b.i.identifiedAt) - Date.parse(a.i.identifiedAt))
		.map((x) => x.i);
}

export type DashboardFilter = { scope: 'attention' | 'all'; level: 0 | 1 | 2 | 3 };

/** "Needs attention": a live phase, or anything late or about to be; then the chosen level (0: every level). */
export function needsAttention(i: IncidentJson, now: number): boolean {
	const u = incidentUrgency(i, now);
	return isLivePhase(i.phase) || u === 'overdue' || u === 'due_soon';
}

export function filterIncidents(list: IncidentJson[], f: DashboardFilter, now: number): IncidentJson[] {
	return list.filter((i) => (f.scope === 'all' || needsAttention(i, now)) && (f.level === 0 || i.level === f.level));
}

// ---- my tasks ----

type TaskIncident = TasksJson['seats'][number]['incident'];
type DeadlineUrgency = 'overdue' | 'due_soon' | 'pending';

export type TaskRow =
	| { kind: 'contact'; key: string; urgency: DeadlineUrgency; dueAt: string; incident: TaskIncident; customer: CustomerJson }
	| { kind: 'commitment'; key: string; urgency: DeadlineUrgency; dueAt: string; incident: TaskIncident; commitment: CommitmentJson }
	| { kind: 'seats'; key: string; incident: TaskIncident; seats: TasksJson['seats']; acknowledge: boolean }
	| { kind: 'duty'; key: string; incident: TaskIncident; duty: TasksJson['duties'][number] }
	| { kind: 'invitations'; key: string; incident: TaskIncident; invitations: SeatRow[] };

export type SeatRow = Extract<TaskRow, { kind: 'seats' }>;

/** More incidents than this inviting me to take a seat fold into one row (the most urgent's level edges it). */
export const FOLD_INVITATIONS_AFTER = 3;

/** The order of the list's bands. */
const BAND = { overdue: 0, due_soon: 1, acknowledge: 2, take: 3, pending: 4, duty: 5 } as const;

function band(r: TaskRow): number {
	if (r.kind === 'seats') return r.acknowledge ? BAND.acknowledge : BAND.take;
	if (r.kind === 'invitations') return BAND.take;
	if (r.kind === 'duty') return BAND.duty;
	return BAND[r.urgency];
}

/**
 * One list by urgency: overdue contacts and commitments, those due soon, seats to acknowledge,
 * seats to take, the remaining contacts and commitments by deadline, then duties. Seats come one
 * row per incident and only for incidents in a live phase; more than a few incidents merely inviting
 * me to take a seat fold into one row (28 "take a seat" rows once buried the first customer).
 */
export function taskList(tasks: TasksJson, now: number): TaskRow[] {
	const rows: TaskRow[] = [];
	for (const c of tasks.contacts) {
		const s = customerStatus(c.customer, now);
		if (s !== 'overdue' && s !== 'due_soon' && s !== 'pending') continue;
		rows.push({ kind: 'contact', key: `c:${c.customer.id}`, urgency: s, dueAt: c.customer.contactDeadline.dueAt, incident: c.incident, customer: c.customer });
	}
	for (const k of tasks.commitments) {
		const s = commitmentLiveStatus(k.commitment, now);
		if (s === 'closed') continue;
		rows.push({ kind: 'commitment', key: `k:${k.commitment.contactId}`, urgency: s, dueAt: k.commitment.dueAt, incident: k.incident, commitment: k.commitment });
	}
	const byIncident = new Map<string, TasksJson['seats']>();
	for (const s of tasks.seats) {
		if (!isLivePhase(s.incident.phase)) continue;
		byIncident.set(s.incident.id, [...(byIncident.get(s.incident.id) ?? []), s]);
	}
	const invitations: SeatRow[] = [];
	for (const [id, seats] of byIncident) {
		const acknowledge = seats.some((s) => s.action === 'acknowledge');
		// what waits for my yes first, then the seats I may take
		const ordered = seats.slice().sort((a, b) => (a.action === b.action ? 0 : a.action === 'acknowledge' ? -1 : 1));
		const row: SeatRow = { kind: 'seats', key: `s:${id}`, incident: seats[0].incident, seats: ordered, acknowledge };
		if (acknowledge) rows.push(row);
		else invitations.push(row);
	}
	invitations.sort((a, b) => a.incident.level - b.incident.level || a.incident.code.localeCompare(b.incident.code));
	if (invitations.length > FOLD_INVITATIONS_AFTER) rows.push({ kind: 'invitations', key: 'invitations', incident: invitations[0].incident, invitations });
	else rows.push(...invitations);
	for (const d of tasks.duties) rows.push({ kind: 'duty', key: `d:${d.incident.id}:${d.group}`, incident: d.incident, duty: d });

	const due = (r: TaskRow) => (r.kind === 'contact' || r.kind === 'commitment' ? Date.parse(r.dueAt) : 0);
	return rows.sort((a, b) => band(a) - band(b) || due(a) - due(b) || a.incident.level - b.incident.level || a.incident.code.localeCompare(b.incident.code));
}
