// Per-incident facts the metrics need — first customer contact, contacts on time and late,
// surveyed and satisfied customers — kept on the incident row, refreshed in the same transaction
// as the contact or survey that changes them. Metrics then read 5,000 incident rows instead of
// 200,000 customers (and the deadlines still open through a small partial index).
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { InTransactionParticipant } from '../unit-of-work';
import { contactMetLate, contactMetOnTime, deadlineColumns } from '../db/deadline-sql';

/** Event types after which an incident's stats are recomputed. */
export const STATS_EVENTS = new Set(['customer.contacted', 'customer.unreachable', 'survey.recorded']);

/** Recomputes the stats of the incidents `where` selects (one incident, or all of them). */
export async function refreshIncidentStats(db: DbOrTx, where: SQL = sql`true`): Promise<void> {
	const c = deadlineColumns('c');
	await db.execute(sql`
		update incidents i set
			first_contact_at = s.first_contact, contacts_on_time = s.on_time, contacts_late = s.late,
			surveyed = coalesce(v.surveyed, 0), satisfied = coalesce(v.satisfied, 0)
		from incidents x
		left join lateral (
			select min(c.first_contact_at) as first_contact,
				count(*) filter (where ${contactMetOnTime(c)})::int as on_time,
				count(*) filter (where ${contactMetLate(c)})::int as late
			from customers c where c.incident_id = x.id) s on true
		left join lateral (
			select count(*)::int as surveyed, count(*) filter (where v.satisfied)::int as satisfied
			from surveys v where v.incident_id = x.id) v on true
		where i.id = x.id and ${where}`);
}

/** Keeps the stats of the changed incident current, in the transaction of the contact or survey. */
export const incidentStatistics: InTransactionParticipant = {
	name: 'incident statistics',
	async apply({ tx, after, events }) {
		if (events.some((e) => STATS_EVENTS.has(e.type))) await refreshIncidentStats(tx, sql`x.id = ${after.id}`);
	}
};
