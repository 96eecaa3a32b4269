// The contact-deadline rule's other forms: the post-mortem window, the client helper every
// countdown uses, and the SQL built from the domain's constants (rendered, not run: the property
// test in tests/integration/deadline-sql.test.ts runs it on both drivers).
import { describe, it, expect } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import { CONTACT_WINDOW_MS, postmortemDeadline } from '$lib/domain/deadlines';
import { clockText, countdown, customerStatus, liveRollup, rollupTone, statusLabelKey } from '$lib/client/deadline-view';
import { contactDeadlineSql, contactOpen, contactStatusIs, deadlineColumns } from '$lib/server/db/deadline-sql';
import type { CustomerJson, IncidentJson } from '$lib/api/schemas';

const T0 = Date.parse('2026-11-23T08:00:00.000Z');
const MIN = 60_000;
const iso = (min: number) => new Date(T0 + min * MIN).toISOString();

/** A customer reported at T0 on a level-1 (30 min) deadline. */
const customer = (o: Partial<CustomerJson> = {}) => ({ contactDeadline: { dueAt: iso(30), dueSoonAt: iso(24), status: 'pending' }, firstContactAt: null, unreachableAt: null, ...o }) as CustomerJson;

describe('post-mortem deadline', () => {
	it('level 1 → 24 h after resolution, level 2 → 48 h, level 3 → 72 h; due soon at 80 %', () => {
		const resolved = new Date(T0);
		expect(postmortemDeadline(resolved, 1).dueAt.toISOString()).toBe(iso(24 * 60));
		expect(postmortemDeadline(resolved, 2).dueAt.toISOString()).toBe(iso(48 * 60));
		expect(postmortemDeadline(resolved, 3).dueAt.toISOString()).toBe(iso(72 * 60));
		expect(postmortemDeadline(resolved, 3).dueSoonAt.toISOString()).toBe(iso(72 * 60 * 0.8));
	});
});

describe('countdowns on screen', () => {
	it('12:34 left under an hour, 1:05:09 from an hour; the wall shows 2:05 where the chip shows 02:05', () => {
		expect(clockText(12 * MIN + 34_000)).toBe('12:34');
		expect(clockText(65 * MIN + 9_000)).toBe('1:05:09');
		expect(clockText(2 * MIN + 5_999)).toBe('02:05');
		expect(clockText(2 * MIN + 5_999, 1)).toBe('2:05');
	});
	it('a passed deadline counts how late with a +', () => {
		expect(countdown(iso(0), T0 + 77_000, 1)).toEqual({ text: '+1:17', ms: -77_000 });
		expect(countdown(iso(10), T0, 2)).toEqual({ text: '10:00', ms: 10 * MIN });
		expect(countdown(null, T0)).toBeNull();
	});
	it("a customer's status ticks with now: pending, due soon at 24 min, overdue at 30; a contact settles it", () => {
		expect(customerStatus(customer(), T0 + 23 * MIN)).toBe('pending');
		expect(customerStatus(customer(), T0 + 24 * MIN)).toBe('due_soon');
		expect(customerStatus(customer(), T0 + 30 * MIN)).toBe('overdue');
		expect(customerStatus(customer({ firstContactAt: iso(31) }), T0 + 90 * MIN)).toBe('met_late');
		expect(customerStatus(customer({ unreachableAt: iso(5) }), T0 + 90 * MIN)).toBe('unreachable');
		expect(statusLabelKey('due_soon')).toBe('contactStatus.due_soon');
	});
	it('the live roll-up counts as the server does: due soon is also pending, late contacts are met', () => {
		const r = liveRollup([customer(), customer({ contactDeadline: { dueAt: iso(60), dueSoonAt: iso(48), status: 'pending' } }), customer({ firstContactAt: iso(40) })], T0 + 50 * MIN);
		expect(r).toEqual({ total: 3, met: 1, metLate: 1, pending: 1, dueSoon: 1, overdue: 1, unreachable: 0 });
	});
	it('the wall colours an incident by its next deadline: over, soon, ok, or none left', () => {
		const contact = { total: 1, met: 0, pending: 1, overdue: 0, dueSoon: 0, metLate: 0, unreachable: 0, nextDueAt: iso(30), nextDueSoonAt: iso(24) } as IncidentJson['contact'];
		expect(rollupTone(contact, T0)).toBe('ok');
		expect(rollupTone(contact, T0 + 24 * MIN)).toBe('soon');
		expect(rollupTone(contact, T0 + 30 * MIN)).toBe('over');
		expect(rollupTone({ ...contact, overdue: 1 }, T0)).toBe('over');
		expect(rollupTone({ ...contact, nextDueAt: null, nextDueSoonAt: null }, T0)).toBe('none');
	});
});

describe('the rule in SQL is built from the domain', () => {
	const dialect = new PgDialect();
	it("due-at by level adds the domain's window to each customer's own start", () => {
		for (const level of [1, 2, 3] as const) {
			const { dueAt, dueSoonAt } = contactDeadlineSql(level);
			expect(dialect.sqlToQuery(dueAt)).toMatchObject({ sql: `"customers"."reported_at" + $1 * interval '1 millisecond'`, params: [CONTACT_WINDOW_MS[level]] });
			expect(dialect.sqlToQuery(dueSoonAt).params).toEqual([CONTACT_WINDOW_MS[level] * 0.8]);
		}
	});
	it('the same predicates serve hand-written SQL with a table alias', () => {
		expect(dialect.sqlToQuery(contactOpen(deadlineColumns('c'))).sql).toBe(`"c"."first_contact_at" is null and "c"."unreachable_at" is null`);
		expect(dialect.sqlToQuery(contactStatusIs('overdue', new Date(T0), deadlineColumns('c')))).toMatchObject({
			sql: `"c"."first_contact_at" is null and "c"."unreachable_at" is null and "c"."due_at" <= $1::timestamptz`,
			params: [iso(0)]
		});
	});
});
