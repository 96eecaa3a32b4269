// Contact deadlines in the database: roll-ups per incident and recomputation on a level change.
// The rules themselves are pure (`$lib/domain/deadlines`); this applies them in SQL so that an
// incident with 10,000 customers is recomputed and counted in one statement.
import { eq, sql, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { customers, incidents } from '../db/schema';
import { contactDeadlineSql, contactOpen, contactRollupColumns } from '../db/deadline-sql';
import { postmortemDeadline } from '$lib/domain/deadlines';
import type { Level } from '$lib/domain/levels';
import type { IncidentJson } from '$lib/api/schemas';
import type { ResolutionFacts } from '$lib/domain/phases';

/** The customers' roll-up (the incident's own clock joins it in the incident view). */
export type Rollup = Omit<IncidentJson['contact'], 'incidentClock'>;

/** Drivers return timestamps from raw SQL as Date or as text: the API always says ISO-8601. */
function normalize(r: Omit<Rollup, 'nextDueAt' | 'nextDueSoonAt'> & { nextDueAt: string | Date | null; nextDueSoonAt: string | Date | null }): Rollup {
	const iso = (v: string | Date | null) => (v === null || v === undefined ? null : new Date(v).toISOString());
	return { ...r, nextDueAt: iso(r.nextDueAt), nextDueSoonAt: iso(r.nextDueSoonAt) };
}

export async function contactRollup(db: DbOrTx, incidentId: string, now: Date): Promise<Rollup> {
	const [r] = await db
		.select(contactRollupColumns(now))
		.from(customers)
		.where(sql`${customers.incidentId} = ${incidentId}`);
	return normalize(r);
}

export async function contactRollups(db: DbOrTx, incidentIds: string[], now: Date): Promise<Map<string, Rollup>> {
	const out = new Map<string, Rollup>();
	if (incidentIds.length === 0) return out;
	const rows = await db
		.select({ incidentId: customers.incidentId, ...contactRollupColumns(now) })
		.from(customers)
		.where(inArray(customers.incidentId, incidentIds))
		.groupBy(customers.incidentId);
	for (const { incidentId, ...r } of rows) out.set(incidentId, normalize(r));
	return out;
}

/** Every deadline not yet met gets the new level's window from its original start. */
export async function recomputeOpenDeadlines(db: DbOrTx, incidentId: string, level: Level): Promise<void> {
	const { dueAt, dueSoonAt } = contactDeadlineSql(level);
	// the alarms' fired times stay: an alarm is owed again only for a moment later than it fired (`alarmOwed`)
	await db
		.update(customers)
		.set({ dueAt, dueSoonAt })
		// rows already on the new window (e.g. just inserted with it) are not rewritten
		.where(sql`${customers.incidentId} = ${incidentId} and ${contactOpen()} and ${customers.dueAt} <> ${dueAt}`);
}

/** Affected customers neither contacted nor marked unreachable (the resolution gate). */
export async function openCustomerCount(db: DbOrTx, incidentId: string): Promise<number> {
	const [r] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(customers)
		.where(sql`${customers.incidentId} = ${incidentId} and ${contactOpen()}`);
	return r.n;
}

/** The resolution gate's facts: customers neither reached nor decided unreachable. */
export async function resolutionFacts(db: DbOrTx, incidentId: string): Promise<ResolutionFacts> {
	return { customersOpen: await openCustomerCount(db, incidentId) };
}

/** The post-mortem deadline with a new level: resolved + the level's window; its alarms are owed again only for a moment later than they fired. */
export async function recomputePostmortemDeadline(db: DbOrTx, incidentId: string, resolvedAt: Date, level: Level): Promise<void> {
	const { dueAt: due } = postmortemDeadline(resolvedAt, level);
	await db.update(incidents).set({ postmortemDueAt: due }).where(eq(incidents.id, incidentId));
}
