// The contact-deadline rule (`$lib/domain/deadlines`) in SQL, built from the domain's constants in
// this one module: the open predicate, the status CASE, the roll-up columns, due-at by level and
// the post-mortem's due-soon moment. Services and the scheduler use these forms so that an
// incident with 10,000 customers is counted or recomputed in one statement, and a property test
// (tests/integration/deadline-sql.test.ts) holds the SQL roll-up to the domain's on both drivers.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { customers, incidents } from './schema';
import { CONTACT_WINDOW_MS, dueSoonOffsetMs, DUE_SOON_FRACTION, type ContactStatus } from '$lib/domain/deadlines';
import type { Level } from '$lib/domain/levels';

/** The customer columns the rule reads, as drizzle columns or as `alias.column` in hand-written SQL. */
export interface DeadlineColumns {
	reportedAt: SQLWrapper;
	dueAt: SQLWrapper;
	dueSoonAt: SQLWrapper;
	firstContactAt: SQLWrapper;
	unreachableAt: SQLWrapper;
}

/** The customers table's columns; with an alias (`from customers c`), the aliased ones. */
export function deadlineColumns(alias?: string): DeadlineColumns {
	if (!alias) return customers;
	const col = (name: string) => sql`${sql.identifier(alias)}.${sql.identifier(name)}`;
	return { reportedAt: col('reported_at'), dueAt: col('due_at'), dueSoonAt: col('due_soon_at'), firstContactAt: col('first_contact_at'), unreachableAt: col('unreachable_at') };
}

/** A moment as a SQL timestamptz (both drivers read the ISO text the same way). */
export function timestampSql(at: Date): SQL {
	return sql`${at.toISOString()}::timestamptz`;
}

/** Neither contacted nor marked unreachable: the deadline still runs (and a level change moves it). */
export function contactOpen(c: DeadlineColumns = customers): SQL {
	return sql`${c.firstContactAt} is null and ${c.unreachableAt} is null`;
}

/** Contacted by the deadline in force (met on time). */
export function contactMetOnTime(c: DeadlineColumns = customers): SQL {
	return sql`${c.firstContactAt} is not null and ${c.firstContactAt} <= ${c.dueAt}`;
}

/** Contacted, but after the deadline in force. */
export function contactMetLate(c: DeadlineColumns = customers): SQL {
	return sql`${c.firstContactAt} is not null and ${c.firstContactAt} > ${c.dueAt}`;
}

/** One predicate per status at `now`, in the domain's order: a first contact settles it, then unreachable, then time. */
export function contactStatusIs(status: ContactStatus, now: Date, c: DeadlineColumns = customers): SQL {
	const at = timestampSql(now);
	switch (status) {
		case 'met':
			return contactMetOnTime(c);
		case 'met_late':
			return contactMetLate(c);
		case 'unreachable':
			return sql`${c.firstContactAt} is null and ${c.unreachableAt} is not null`;
		case 'overdue':
			return sql`${contactOpen(c)} and ${c.dueAt} <= ${at}`;
		case 'due_soon':
			return sql`${contactOpen(c)} and ${c.dueAt} > ${at} and ${c.dueSoonAt} <= ${at}`;
		case 'pending':
			return sql`${contactOpen(c)} and ${c.dueAt} > ${at} and ${c.dueSoonAt} > ${at}`;
	}
}

/** The status of each row at `now`, as `deadlineStatus` computes it. */
export function contactStatusCase(now: Date, c: DeadlineColumns = customers): SQL<ContactStatus> {
	const at = timestampSql(now);
	return sql<ContactStatus>`case
		when ${c.firstContactAt} is not null then (case when ${c.firstContactAt} <= ${c.dueAt} then 'met' else 'met_late' end)
		when ${c.unreachableAt} is not null then 'unreachable'
		when ${c.dueAt} <= ${at} then 'overdue'
		when ${c.dueSoonAt} <= ${at} then 'due_soon'
		else 'pending' end`;
}

const count = (where: SQL) => sql<number>`(count(*) filter (where ${where}))::int`;

/** The incident's roll-up as aggregate columns, counting as the domain's `rollup` does; plus the next moments still open. */
export function contactRollupColumns(now: Date, c: DeadlineColumns = customers) {
	const is = (s: ContactStatus) => contactStatusIs(s, now, c);
	return {
		total: sql<number>`count(*)::int`,
		met: count(sql`${c.firstContactAt} is not null`),
		metLate: count(is('met_late')),
		// pending counts pending and due soon
		pending: count(sql`${contactOpen(c)} and ${c.dueAt} > ${timestampSql(now)}`),
		dueSoon: count(is('due_soon')),
		overdue: count(is('overdue')),
		unreachable: count(is('unreachable')),
		nextDueAt: sql<string | Date | null>`min(${c.dueAt}) filter (where ${contactOpen(c)})`,
		nextDueSoonAt: sql<string | Date | null>`min(${c.dueSoonAt}) filter (where ${contactOpen(c)})`
	};
}

/** The contact deadline of the level, from each row's own start: `{ dueAt, dueSoonAt }` as SQL. */
export function contactDeadlineSql(level: Level, c: DeadlineColumns = customers): { dueAt: SQL; dueSoonAt: SQL } {
	const windowMs = CONTACT_WINDOW_MS[level];
	return {
		dueAt: sql`${c.reportedAt} + ${windowMs} * interval '1 millisecond'`,
		dueSoonAt: sql`${c.reportedAt} + ${dueSoonOffsetMs(windowMs)} * interval '1 millisecond'`
	};
}

/** "Due soon" of the stored post-mortem deadline: the same share of the way from resolution to due. */
export const postmortemDueSoonAt: SQL = sql`(${incidents.resolvedAt} + (${incidents.postmortemDueAt} - ${incidents.resolvedAt}) * ${DUE_SOON_FRACTION})`;

/** `alarmOwed` in SQL: the alarm never fired, or fired before the moment it now announces (a new window). */
export function alarmOwedSql(firedAt: SQLWrapper, at: SQLWrapper): SQL {
	return sql`(${firedAt} is null or ${firedAt} < ${at})`;
}
