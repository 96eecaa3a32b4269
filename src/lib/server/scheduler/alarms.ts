// Durable deadline alarms: "due soon" at 80 % of a window and "overdue" at 100 %, for each
// customer's contact deadline, each incident's own contact clock (before its first customer),
// each open commitment made in a contact, and each resolved incident's post-mortem deadline.
// The work is stored, not held in timers: each customer row says when its alarms fired, so an
// alarm fires exactly once — also after a restart (due-while-down alarms fire at start) and with
// several instances on one PostgreSQL (the incident row lock taken by `mutate` serialises them;
// the second finds nothing left to claim). An alarm is owed once per window (`alarmOwed`): its fired
// time stays when a level change moves its moment, so flipping the level back and forth does not
// announce the same deadline again; only a moment later than the firing alarms anew. When to look
// is PollLoop's business.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { customerContacts, customers, incidents } from '../db/schema';
import type { Clock } from '../clock';
import type { IncidentCommands } from '../services/incident-commands';
import type { NewEvent } from '../services/timeline';
import { alarmOwed, dueSoonOffsetMs, DUE_SOON_FRACTION } from '$lib/domain/deadlines';
import { alarmOwedSql, contactOpen, postmortemDueSoonAt as pmSoonAt, timestampSql } from '../db/deadline-sql';
import { logger } from '../logger.js';
import { PollLoop } from './loop';
import { claimCommitmentAlarms } from '../services/commitments';

/** How many deadlines an alarm event lists in full; the count is always exact. */
const EVENT_DEADLINE_LIMIT = 200;

const open = contactOpen();

/** A post-mortem still owed: resolved, not closed, not held, overdue alarm not fired yet. */
const pmOwed = sql`${incidents.phase} = 'follow_up' and ${incidents.postmortemHeldAt} is null and ${incidents.postmortemDueAt} is not null and ${alarmOwedSql(incidents.postmortemOverdueFiredAt, incidents.postmortemDueAt)}`;
const pmSoonOwed = alarmOwedSql(incidents.postmortemDueSoonFiredAt, pmSoonAt);

type Claimed = { id: string; position: number; due: Date };

/** The incident's own contact clock still runs (no customer yet) and has an alarm left to fire. */
const clockOwed = sql`${incidents.phase} <> 'closed' and ${incidents.firstCustomerAt} is null and ${incidents.contactDueAt} is not null and ${alarmOwedSql(incidents.contactOverdueFiredAt, incidents.contactDueAt)}`;
const clockSoonOwed = alarmOwedSql(incidents.contactDueSoonFiredAt, incidents.contactDueSoonAt);
/** A customer's alarms still owed. */
const overdueOwed = alarmOwedSql(customers.overdueFiredAt, customers.dueAt);
const soonOwed = alarmOwedSql(customers.dueSoonFiredAt, customers.dueSoonAt);

/** A commitment still owed whose overdue alarm has not fired, on an incident that is not closed. */
const commitmentOwed = sql`${customerContacts.commitmentDueAt} is not null and ${customerContacts.commitment} <> '' and ${customerContacts.commitmentClosedAt} is null and ${customerContacts.commitmentOverdueFiredAt} is null and ${incidents.phase} <> 'closed'`;
/** "Due soon" of a commitment: 80 % of the way from the contact to its time (as `commitmentDueSoonAt`). */
const commitmentSoonAt = sql`(${customerContacts.at} + greatest(${customerContacts.commitmentDueAt} - ${customerContacts.at}, interval '0') * ${DUE_SOON_FRACTION})`;

export class AlarmScheduler extends PollLoop {
	/** Alarms fired by this instance (for logs and tests). */
	fired = 0;

	constructor(
		private db: Db,
		clock: Clock,
		private incidents: IncidentCommands,
		pollMs: number
	) {
		super(clock, pollMs, 'alarm');
	}

	/** The earliest alarm not yet fired, of incidents that are not closed. */
	async nextDue(): Promise<Date | null> {
		const [r] = await this.db
			.select({
				at: sql<string | null>`min(case when ${soonOwed} then ${customers.dueSoonAt} else ${customers.dueAt} end)`
			})
			.from(customers)
			.innerJoin(incidents, sql`${incidents.id} = ${customers.incidentId}`)
			.where(sql`${open} and ${overdueOwed} and ${incidents.phase} <> 'closed'`);
		const [p] = await this.db
			.select({ at: sql<string | null>`min(case when ${pmSoonOwed} then ${pmSoonAt} else ${incidents.postmortemDueAt} end)` })
			.from(incidents)
			.where(pmOwed);
		const [c] = await this.db
			.select({ at: sql<string | null>`min(case when ${clockSoonOwed} then ${incidents.contactDueSoonAt} else ${incidents.contactDueAt} end)` })
			.from(incidents)
			.where(clockOwed);
		const [k] = await this.db
			.select({ at: sql<string | null>`min(case when ${customerContacts.commitmentDueSoonFiredAt} is null then ${commitmentSoonAt} else ${customerContacts.commitmentDueAt} end)` })
			.from(customerContacts)
			.innerJoin(incidents, sql`${incidents.id} = ${customerContacts.incidentId}`)
			.where(commitmentOwed);
		const times = [r?.at, p?.at, c?.at, k?.at].filter((x): x is string => !!x).map((x) => new Date(x).getTime());
		return times.length ? new Date(Math.min(...times)) : null;
	}

	/** Fires every alarm due by now, one transaction per incident; returns how many fired. */
	async runDue(): Promise<number> {
		const now = this.clock.now();
		const at = timestampSql(now);
		const due = await this.db
			.selectDistinct({ id: customers.incidentId })
			.from(customers)
			.innerJoin(incidents, sql`${incidents.id} = ${customers.incidentId}`)
			.where(sql`${open} and ${incidents.phase} <> 'closed' and ((${overdueOwed} and ${customers.dueAt} <= ${at}) or (${soonOwed} and ${customers.dueSoonAt} <= ${at}))`);
		let count = 0;
		for (const { id } of due) {
			try {
				await this.incidents.mutate(id, { system: true }, undefined, async (_row, txNow, tx) => {
					const t = timestampSql(txNow);
					// Overdue first; a deadline that is already overdue does not also announce "due soon".
					const overdue = await tx.execute<{ id: string; position: number; due: string }>(sql`
						update customers set overdue_fired_at = ${t}, due_soon_fired_at = case when ${soonOwed} then ${t} else due_soon_fired_at end
						where incident_id = ${id} and ${open}
							and ${overdueOwed} and ${customers.dueAt} <= ${t}
						returning id, position, due_at as due`);
					const soon = await tx.execute<{ id: string; position: number; due: string }>(sql`
						update customers set due_soon_fired_at = ${t}
						where incident_id = ${id} and ${open}
							and ${soonOwed} and ${customers.dueSoonAt} <= ${t} and ${customers.dueAt} > ${t}
						returning id, position, due_at as due`);
					const events: NewEvent[] = [];
					const rowsOf = (r: unknown) =>
						((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { id: string; position: number; due: string | Date }[]).map(
							(x) => ({ id: x.id, position: x.position, due: new Date(x.due) }) as Claimed
						);
					for (const [type, rows] of [
						['deadline.due_soon', rowsOf(soon)],
						['deadline.overdue', rowsOf(overdue)]
					] as const) {
						if (rows.length === 0) continue;
						rows.sort((a, b) => a.due.getTime() - b.due.getTime() || a.position - b.position);
						events.push({
							type,
							data: {
								kind: 'contact',
								count: rows.length,
								firedAt: txNow.toISOString(),
								deadlines: rows.slice(0, EVENT_DEADLINE_LIMIT).map((r) => ({ customerId: r.id, position: r.position, dueAt: r.due.toISOString() })),
								truncated: rows.length > EVENT_DEADLINE_LIMIT
							}
						});
						count += rows.length;
					}
					return { set: {}, events };
				});
			} catch (err) {
				logger.warn({ err, incidentId: id }, 'could not fire alarms for an incident; will retry');
			}
		}
		count += await this.runPostmortemsDue(now);
		count += await this.runIncidentClocksDue(now);
		count += await this.runCommitmentsDue(now);
		this.fired += count;
		if (count) logger.info({ count }, 'deadline alarms fired');
		return count;
	}

	/** Post-mortem deadlines (24/48/72 h after resolution): claimed on the locked incident row, so once. */
	private async runPostmortemsDue(now: Date): Promise<number> {
		const at = timestampSql(now);
		const due = await this.db
			.select({ id: incidents.id })
			.from(incidents)
			.where(sql`${pmOwed} and (${incidents.postmortemDueAt} <= ${at} or (${pmSoonOwed} and ${pmSoonAt} <= ${at}))`);
		let count = 0;
		for (const { id } of due) {
			try {
				await this.incidents.mutate(id, { system: true }, undefined, (row, txNow) => {
					const dueAt = row.postmortemDueAt;
					if (row.phase !== 'follow_up' || row.postmortemHeldAt || !dueAt || !row.resolvedAt || !alarmOwed(row.postmortemOverdueFiredAt, dueAt)) return { set: {}, events: [] };
					const soonAt = row.resolvedAt.getTime() + dueSoonOffsetMs(dueAt.getTime() - row.resolvedAt.getTime());
					const data = { kind: 'postmortem' as const, count: 1, dueAt: dueAt.toISOString(), firedAt: txNow.toISOString() };
					if (dueAt.getTime() <= txNow.getTime()) {
						count++;
						const soonFiredAt = alarmOwed(row.postmortemDueSoonFiredAt, soonAt) ? txNow : row.postmortemDueSoonFiredAt;
						return { set: { postmortemOverdueFiredAt: txNow, postmortemDueSoonFiredAt: soonFiredAt }, events: [{ type: 'deadline.overdue', data }] };
					}
					if (alarmOwed(row.postmortemDueSoonFiredAt, soonAt) && soonAt <= txNow.getTime()) {
						count++;
						return { set: { postmortemDueSoonFiredAt: txNow }, events: [{ type: 'deadline.due_soon', data }] };
					}
					return { set: {}, events: [] };
				});
			} catch (err) {
				logger.warn({ err, incidentId: id }, 'could not fire the post-mortem alarm; will retry');
			}
		}
		return count;
	}

	/** The incident's own contact clock (no customer yet): claimed on the locked incident row, so once. */
	private async runIncidentClocksDue(now: Date): Promise<number> {
		const at = timestampSql(now);
		const due = await this.db
			.select({ id: incidents.id })
			.from(incidents)
			.where(sql`${clockOwed} and (${incidents.contactDueAt} <= ${at} or (${clockSoonOwed} and ${incidents.contactDueSoonAt} <= ${at}))`);
		let count = 0;
		for (const { id } of due) {
			try {
				await this.incidents.mutate(id, { system: true }, undefined, (row, txNow) => {
					const dueAt = row.contactDueAt;
					const soonAt = row.contactDueSoonAt;
					if (row.firstCustomerAt || !dueAt || !soonAt || !alarmOwed(row.contactOverdueFiredAt, dueAt)) return { set: {}, events: [] };
					const data = { kind: 'incident' as const, count: 1 as const, dueAt: dueAt.toISOString(), firedAt: txNow.toISOString() };
					if (dueAt.getTime() <= txNow.getTime()) {
						count++;
						const soonFiredAt = alarmOwed(row.contactDueSoonFiredAt, soonAt) ? txNow : row.contactDueSoonFiredAt;
						return { set: { contactOverdueFiredAt: txNow, contactDueSoonFiredAt: soonFiredAt }, events: [{ type: 'deadline.overdue', data }] };
					}
					if (alarmOwed(row.contactDueSoonFiredAt, soonAt) && soonAt.getTime() <= txNow.getTime()) {
						count++;
						return { set: { contactDueSoonFiredAt: txNow }, events: [{ type: 'deadline.due_soon', data }] };
					}
					return { set: {}, events: [] };
				});
			} catch (err) {
				logger.warn({ err, incidentId: id }, "could not fire the incident's contact-clock alarm; will retry");
			}
		}
		return count;
	}

	/** Commitments made in contacts: claimed by their fired columns under the incident row lock, so once. */
	private async runCommitmentsDue(now: Date): Promise<number> {
		const at = timestampSql(now);
		const due = await this.db
			.selectDistinct({ id: customerContacts.incidentId })
			.from(customerContacts)
			.innerJoin(incidents, sql`${incidents.id} = ${customerContacts.incidentId}`)
			.where(sql`${commitmentOwed} and (${customerContacts.commitmentDueAt} <= ${at} or (${customerContacts.commitmentDueSoonFiredAt} is null and ${commitmentSoonAt} <= ${at}))`);
		let count = 0;
		for (const { id } of due) {
			try {
				await this.incidents.mutate(id, { system: true }, undefined, async (_row, txNow, tx) => {
					const events = await claimCommitmentAlarms(tx, id, txNow);
					count += events.length;
					return { set: {}, events };
				});
			} catch (err) {
				logger.warn({ err, incidentId: id }, 'could not fire commitment alarms; will retry');
			}
		}
		return count;
	}
}
