// Contact deadlines (PRODUCT.md §3), phase gates (§4) and masking: each rule named.
import { describe, it, expect } from 'vitest';
import { alarmOwed, commitmentDueSoonAt, commitmentStatus, contactDeadline, contactStatus, deadlineStatus, incidentContactClock, rollup } from '$lib/domain/deadlines';
import { nextPhase, unmetConditions } from '$lib/domain/phases';
import { maskEmail, maskOrderNo, maskPhone } from '$lib/domain/masking';

const T0 = new Date('2026-11-23T08:00:00.000Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const open = { startAt: T0, firstContactAt: null, unreachableAt: null };

describe('contact deadlines', () => {
	it('level 1 → first contact within 30 min of reportedAt', () => expect(contactDeadline(T0, 1).dueAt).toEqual(at(30)));
	it('level 2 → within 1 h', () => expect(contactDeadline(T0, 2).dueAt).toEqual(at(60)));
	it('level 3 → within 2 h', () => expect(contactDeadline(T0, 3).dueAt).toEqual(at(120)));
	it('due soon once 80 % of the window has elapsed (level 3: 96 min)', () => {
		expect(contactStatus(open, 3, at(95))).toBe('pending');
		expect(contactStatus(open, 3, at(96))).toBe('due_soon');
	});
	it('overdue at 100 % of the window', () => {
		expect(contactStatus(open, 2, at(59))).toBe('due_soon');
		expect(contactStatus(open, 2, at(60))).toBe('overdue');
	});
	it('a first contact before the deadline → met, after it → met_late, whatever the time now', () => {
		expect(contactStatus({ ...open, firstContactAt: at(29) }, 1, at(500))).toBe('met');
		expect(contactStatus({ ...open, firstContactAt: at(31) }, 1, at(500))).toBe('met_late');
	});
	it('a customer marked unreachable is not overdue', () => expect(contactStatus({ ...open, unreachableAt: at(10) }, 3, at(500))).toBe('unreachable'));
	it('escalation recomputes an unmet 2 h deadline to 1 h from the same start', () => {
		const before = contactDeadline(T0, 3);
		const after = contactDeadline(T0, 2);
		expect(after.startAt).toEqual(before.startAt);
		expect(after.dueAt).toEqual(at(60));
		// 75 min in: fine at level 3, overdue at once at level 2
		expect(contactStatus(open, 3, at(75))).toBe('pending');
		expect(contactStatus(open, 2, at(75))).toBe('overdue');
	});
	it('escalation to level 1 makes a 40-minute-old customer overdue at once', () => expect(contactStatus(open, 1, at(40))).toBe('overdue'));
	it('the stored deadline decides, not the current level', () => {
		const d = contactDeadline(T0, 3);
		expect(deadlineStatus({ ...d, firstContactAt: null, unreachableAt: null }, at(100))).toBe('due_soon');
	});
	it('the roll-up counts met (on time and late), pending (incl. due soon), overdue', () => {
		expect(rollup(['met', 'met_late', 'pending', 'due_soon', 'overdue', 'unreachable'])).toEqual({
			total: 6,
			met: 2,
			metLate: 1,
			pending: 2,
			dueSoon: 1,
			overdue: 1,
			unreachable: 1
		});
	});
});

describe('an alarm fires once per window', () => {
	const at = (min: number) => new Date(Date.UTC(2026, 11, 2, 0, min));
	it('never fired: owed', () => expect(alarmOwed(null, at(48))).toBe(true));
	it('fired at or after its moment: not owed again, however the moment moves back and forth up to then', () => {
		expect(alarmOwed(at(50), at(48))).toBe(false);
		expect(alarmOwed(at(50), at(50))).toBe(false);
		expect(alarmOwed(at(50), at(24))).toBe(false); // raised to level 1: an earlier moment, already announced
	});
	it('a moment moved past the firing (more time given) is a new window: owed once more', () => expect(alarmOwed(at(50), at(96))).toBe(true));
});

describe("the incident's own contact clock", () => {
	const identified = new Date('2026-12-01T10:00:00.000Z');
	const after = (min: number) => new Date(identified.getTime() + min * 60_000);
	it('a level-1 incident with no customers is due 30 min after identification', () => {
		const c = incidentContactClock(identified, 1, null, after(0));
		expect(c.dueAt).toEqual(after(30));
		expect(c.dueSoonAt).toEqual(after(24));
		expect(c.status).toBe('pending');
		expect(incidentContactClock(identified, 1, null, after(24)).status).toBe('due_soon');
		expect(incidentContactClock(identified, 1, null, after(30)).status).toBe('overdue');
		expect(incidentContactClock(identified, 2, null, after(0)).dueAt).toEqual(after(60));
		expect(incidentContactClock(identified, 3, null, after(0)).dueAt).toEqual(after(120));
	});
	it('the first customer ends it: met if not after the deadline, met late otherwise', () => {
		expect(incidentContactClock(identified, 1, after(30), after(90))).toMatchObject({ status: 'met', endedAt: after(30) });
		expect(incidentContactClock(identified, 1, after(31), after(90)).status).toBe('met_late');
	});
});

describe('commitments made in a contact', () => {
	const at = new Date('2026-12-01T10:00:00.000Z');
	const due = new Date('2026-12-02T10:00:00.000Z'); // "technician within 24 h"
	it('a commitment is due soon 80 % of the way from the contact to its time, overdue at its time, until closed', () => {
		expect(commitmentDueSoonAt(at, due)).toEqual(new Date('2026-12-02T05:12:00.000Z'));
		expect(commitmentStatus({ at, dueAt: due, closedAt: null }, new Date('2026-12-02T05:11:59.000Z'))).toBe('pending');
		expect(commitmentStatus({ at, dueAt: due, closedAt: null }, new Date('2026-12-02T05:12:00.000Z'))).toBe('due_soon');
		expect(commitmentStatus({ at, dueAt: due, closedAt: null }, due)).toBe('overdue');
		expect(commitmentStatus({ at, dueAt: due, closedAt: due }, new Date('2026-12-03T00:00:00.000Z'))).toBe('closed');
	});
});

describe('phase gates', () => {
	it('phases go initiation → containment → resolution → follow-up → closed, one at a time', () => {
		expect(nextPhase('initiation')).toBe('containment');
		expect(nextPhase('containment')).toBe('resolution');
		expect(nextPhase('resolution')).toBe('follow_up');
		expect(nextPhase('follow_up')).toBe('closed');
		expect(nextPhase('closed')).toBeNull();
	});
	it('resolution needs every affected customer contacted or marked unreachable', () => {
		expect(unmetConditions('resolution', { customersOpen: 3 }).map((u) => u.key)).toEqual(['customers_not_contacted']);
		expect(unmetConditions('resolution', { customersOpen: 3 })[0].zh).toBe('3 位受影响客户尚未联系或标记为无法联系');
		expect(unmetConditions('resolution', { customersOpen: 0 })).toEqual([]);
	});
});

describe('masking', () => {
	it('phone 13812345678 → 138****5678', () => expect(maskPhone('13812345678')).toBe('138****5678'));
	it('e-mail keeps the first letter and the domain', () => expect(maskEmail('zhang.san@example.cn')).toBe('z***@example.cn'));
	it('order number keeps its prefix and last four', () => expect(maskOrderNo('SO20261123987654')).toBe('SO****7654'));
	it('masks by character, never cutting one outside the BMP in half (found by fuzzing: an unpaired surrogate cannot be stored)', () => {
		expect(maskOrderNo('𐀀\u0001𐀀𐀀𐀀𐀀')).toBe('𐀀\u0001****𐀀𐀀𐀀𐀀');
		expect(maskEmail('😀x@example.com')).toBe('😀***@example.com');
		expect(maskPhone('𝟙𝟛𝟠12345678')).toBe('𝟙𝟛𝟠****5678');
	});
	it('short values are masked entirely', () => {
		expect(maskPhone('1234')).toBe('****');
		expect(maskOrderNo('A12')).toBe('****');
	});
});
