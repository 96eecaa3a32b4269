// Triage order: the dashboard's incidents and a responder's tasks, most urgent first, with the
// seat invitations folded one row per live incident.
import { describe, it, expect } from 'vitest';
import { COMPACT_AFTER, FOLD_INVITATIONS_AFTER, filterIncidents, incidentUrgency, sortByUrgency, taskList } from '$lib/client/triage';
import type { CommitmentJson, CustomerJson, IncidentJson, TasksJson } from '$lib/api/schemas';
import type { Phase } from '$lib/domain/vocabulary';

const T0 = Date.parse('2026-12-01T08:00:00.000Z');
const MIN = 60_000;
const iso = (min: number) => new Date(T0 + min * MIN).toISOString();

function incident(code: string, o: { level?: 1 | 2 | 3; phase?: Phase; nextDue?: number | null; overdue?: number; identified?: number } = {}): IncidentJson {
	const nextDue = o.nextDue === undefined ? null : o.nextDue;
	return {
		id: code,
		code,
		title: code,
		level: o.level ?? 2,
		phase: o.phase ?? 'containment',
		identifiedAt: iso(o.identified ?? -60),
		contact: {
			total: 1,
			met: 0,
			pending: 1,
			overdue: o.overdue ?? 0,
			dueSoon: 0,
			metLate: 0,
			unreachable: 0,
			nextDueAt: nextDue === null ? null : iso(nextDue),
			nextDueSoonAt: nextDue === null ? null : iso(nextDue - 6),
			incidentClock: null
		}
	} as unknown as IncidentJson;
}

describe('the dashboard, most urgent first', () => {
	it('overdue before due soon before pending before no deadline, whatever the level', () => {
		const list = [
			incident('quiet-l1', { level: 1 }),
			incident('pending-l1', { level: 1, nextDue: 20 }),
			incident('soon-l3', { level: 3, nextDue: 3 }),
			incident('overdue-l3', { level: 3, nextDue: -5 })
		];
		expect(sortByUrgency(list, T0).map((i) => i.code)).toEqual(['overdue-l3', 'soon-l3', 'pending-l1', 'quiet-l1']);
		expect(incidentUrgency(list[2], T0)).toBe('due_soon');
	});
	it('within a band: live phases before follow-up, then level 1 first, then the nearest deadline', () => {
		const list = [
			incident('late-followup', { level: 1, phase: 'follow_up', nextDue: -600, overdue: 1 }),
			incident('late-l2-far', { level: 2, nextDue: -2 }),
			incident('late-l2-near', { level: 2, nextDue: -30 }),
			incident('late-l1', { level: 1, nextDue: -1 })
		];
		expect(sortByUrgency(list, T0).map((i) => i.code)).toEqual(['late-l1', 'late-l2-near', 'late-l2-far', 'late-followup']);
	});
	it('"needs attention" keeps live phases and anything late; "all" and a level narrow as asked', () => {
		const list = [incident('live'), incident('quiet-followup', { phase: 'follow_up' }), incident('late-followup', { phase: 'follow_up', overdue: 2, nextDue: -90, level: 1 })];
		expect(filterIncidents(list, { scope: 'attention', level: 0 }, T0).map((i) => i.code)).toEqual(['live', 'late-followup']);
		expect(filterIncidents(list, { scope: 'all', level: 0 }, T0)).toHaveLength(3);
		expect(filterIncidents(list, { scope: 'all', level: 1 }, T0).map((i) => i.code)).toEqual(['late-followup']);
		expect(COMPACT_AFTER).toBe(12);
	});
});

const inc = (code: string, phase: Phase = 'containment', level: 1 | 2 | 3 = 2) => ({ id: code, code, title: code, level, phase });
const customer = (id: string, dueMin: number) =>
	({ id, contactDeadline: { dueAt: iso(dueMin), dueSoonAt: iso(dueMin - 6), status: 'pending' }, firstContactAt: null, unreachableAt: null }) as CustomerJson;
const commitment = (contactId: string, dueMin: number) => ({ contactId, at: iso(-120), dueAt: iso(dueMin), closedAt: null }) as CommitmentJson;
const seat = (i: ReturnType<typeof inc>, key: string, action: 'take' | 'acknowledge') => ({ incident: i, seat: key, title: { en: key, zh: key }, action });

describe('my tasks, one list by urgency', () => {
	const a = inc('A');
	const b = inc('B', 'resolution', 1);
	const tasks: TasksJson = {
		seats: [
			seat(a, 'customer_service', 'take'),
			seat(a, 'logistics', 'take'),
			seat(b, 'leader', 'acknowledge'),
			seat(b, 'pr', 'take'),
			seat(inc('F', 'follow_up'), 'customer_service', 'take'),
			seat(inc('C', 'closed'), 'customer_service', 'acknowledge')
		],
		contacts: [
			{ incident: a, customer: customer('later', 60) },
			{ incident: a, customer: customer('soon', 3) },
			{ incident: b, customer: customer('late', -5) },
			{ incident: b, customer: { ...customer('done', -5), firstContactAt: iso(-10) } }
		],
		duties: [{ incident: a, group: 'logistics', open: [{ item: 0, en: 'x', zh: 'x' }] }],
		commitments: [{ incident: a, commitment: commitment('promise-late', -1) }]
	};

	it('overdue, then due soon, then seats to acknowledge, seats to take, the rest by deadline, then duties', () => {
		const rows = taskList(tasks, T0);
		expect(rows.map((r) => r.key)).toEqual(['c:late', 'k:promise-late', 'c:soon', 's:B', 's:A', 'c:later', 'd:A:logistics']);
	});
	it('seats come one row per incident and only for live phases; a contacted customer is no task', () => {
		const seats = taskList(tasks, T0).filter((r) => r.kind === 'seats');
		expect(seats.map((r) => r.incident.code)).toEqual(['B', 'A']);
		const b = seats[0];
		expect(b.kind === 'seats' && b.seats.map((s) => s.action)).toEqual(['acknowledge', 'take']);
		expect(taskList(tasks, T0).some((r) => r.key === 'c:done')).toBe(false);
	});
	it('time moves a customer from waiting to due soon to overdue, never out of the list', () => {
		const at = (min: number) => {
			const row = taskList(tasks, T0 + min * MIN).find((r) => r.key === 'c:later');
			return row?.kind === 'contact' ? row.urgency : null;
		};
		expect([at(0), at(55), at(61)]).toEqual(['pending', 'due_soon', 'overdue']);
		expect(taskList(tasks, T0 + 61 * MIN)).toHaveLength(taskList(tasks, T0).length);
	});
	it('past a few incidents, invitations to take a seat fold into one row; seats to acknowledge stay one row each', () => {
		const many: TasksJson = {
			...tasks,
			seats: [seat(inc('ACK', 'initiation', 3), 'leader', 'acknowledge'), ...['P', 'Q', 'R', 'S', 'T'].map((c, n) => seat(inc(c, 'containment', n === 3 ? 1 : 2), 'customer_service', 'take'))]
		};
		const rows = taskList(many, T0);
		expect(rows.filter((r) => r.kind === 'seats').map((r) => r.key)).toEqual(['s:ACK']);
		const folded = rows.find((r) => r.kind === 'invitations');
		expect(folded?.kind === 'invitations' && folded.invitations.map((r) => r.incident.code)).toEqual(['S', 'P', 'Q', 'R', 'T']);
		expect(rows.indexOf(folded!)).toBe(rows.findIndex((r) => r.key === 's:ACK') + 1);
		expect(5).toBeGreaterThan(FOLD_INVITATIONS_AFTER);
	});
});
