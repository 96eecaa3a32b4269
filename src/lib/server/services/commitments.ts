// Commitments kept (guide §三.2 承诺进度): a contact's committed next step with a time ("technician
// within 24 h") is a task of the contact's author — on *My tasks* with a countdown, due soon at
// 80 % of the way from the contact to its time and overdue at its time (alarms claimed once on
// the contact row's fired columns, under the incident row lock), until a later contact with the
// same customer closes it ("closed by the contact of …") or its author or a lead closes it with
// a note. Each close is a `commitment.closed` event.
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { customerContacts, customers, incidents } from '../db/schema';
import { ServiceError, notFound } from '../errors';
import { authorize, type SessionUser } from '../auth/principal';
import { timestampSql } from '../db/deadline-sql';
import { commitmentDueSoonAt, commitmentStatus, DUE_SOON_FRACTION } from '$lib/domain/deadlines';
import type { Level } from '$lib/domain/levels';
import type { CommitmentJson, IncidentJson } from '$lib/api/schemas';
import type { NewEvent } from './timeline';
import type { IncidentCommands } from './incident-commands';
import type { Lang } from './incident-view';

type ContactRow = typeof customerContacts.$inferSelect;

/** The note a later contact leaves on the commitments it closes (the UI shows it in the reader's language). */
export const closedByContactNote = (at: Date) => `closed by the contact of ${at.toISOString()}`;

/** An open commitment: something committed with a time, not closed. */
const open = sql`${customerContacts.commitmentDueAt} is not null and ${customerContacts.commitment} <> '' and ${customerContacts.commitmentClosedAt} is null`;

export function toCommitmentJson(c: ContactRow, customer: { position: number; name: string }, now: Date): CommitmentJson {
	const dueAt = c.commitmentDueAt!;
	return {
		contactId: c.id,
		incidentId: c.incidentId,
		customerId: c.customerId,
		position: customer.position,
		customerName: customer.name,
		commitment: c.commitment,
		at: c.at.toISOString(),
		by: c.byId ? { id: c.byId, name: c.byName ?? '' } : null,
		dueAt: dueAt.toISOString(),
		dueSoonAt: commitmentDueSoonAt(c.at, dueAt).toISOString(),
		status: commitmentStatus({ at: c.at, dueAt, closedAt: c.commitmentClosedAt }, now),
		closedAt: c.commitmentClosedAt?.toISOString() ?? null,
		closedByName: c.commitmentClosedByName,
		closedNote: c.commitmentClosedNote
	};
}

/**
 * A contact just recorded (in its transaction): a commitment's time must come after the contact,
 * and a reached customer's earlier open commitments are closed by it. Returns their events.
 */
export async function commitmentsOnContact(tx: DbOrTx, actor: SessionUser, contact: ContactRow, position: number): Promise<NewEvent[]> {
	if (contact.commitmentDueAt && contact.commitmentDueAt.getTime() <= contact.at.getTime()) {
		const message = 'a committed next step needs a time after the contact';
		throw new ServiceError('invalid_input', `commitmentDueAt: ${message}`, [{ field: 'commitmentDueAt', message }]);
	}
	if (contact.commitmentDueAt && !contact.commitment.trim()) {
		const message = 'say what was committed for this time';
		throw new ServiceError('invalid_input', `commitment: ${message}`, [{ field: 'commitment', message }]);
	}
	if (!contact.reached) return [];
	const closed = await tx
		.update(customerContacts)
		.set({ commitmentClosedAt: contact.at, commitmentClosedByName: actor.name, commitmentClosedNote: closedByContactNote(contact.at) })
		.where(and(eq(customerContacts.customerId, contact.customerId), ne(customerContacts.id, contact.id), open, sql`${customerContacts.at} <= ${timestampSql(contact.at)}`))
		.returning();
	return closed.map((c) => closedEvent(c, position, { id: actor.id, name: actor.name }, contact.id));
}

function closedEvent(c: ContactRow, position: number, by: { id: string; name: string }, byContactId: string | null): NewEvent {
	return {
		type: 'commitment.closed',
		data: {
			contactId: c.id,
			customerId: c.customerId,
			position,
			dueAt: c.commitmentDueAt!.toISOString(),
			closedAt: c.commitmentClosedAt!.toISOString(),
			closedBy: by,
			byContactId,
			note: c.commitmentClosedNote
		}
	};
}

type Fired = { id: string; customer_id: string; position: number; due: string | Date; by_id: string | null; by_name: string | null };
const rowsOf = (r: unknown) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Fired[];

/** Claims the incident's commitment alarms due at `now` (overdue first; an overdue one does not also announce "due soon"). */
export async function claimCommitmentAlarms(tx: DbOrTx, incidentId: string, now: Date): Promise<NewEvent[]> {
	const t = timestampSql(now);
	const soonAt = sql`(cc.at + greatest(cc.commitment_due_at - cc.at, interval '0') * ${DUE_SOON_FRACTION})`;
	const overdue = await tx.execute(sql`
		update customer_contacts cc set commitment_overdue_fired_at = ${t}, commitment_due_soon_fired_at = coalesce(cc.commitment_due_soon_fired_at, ${t})
		from customers c
		where c.id = cc.customer_id and cc.incident_id = ${incidentId} and cc.commitment_due_at is not null and cc.commitment <> '' and cc.commitment_closed_at is null
			and cc.commitment_overdue_fired_at is null and cc.commitment_due_at <= ${t}
		returning cc.id, cc.customer_id, c.position, cc.commitment_due_at as due, cc.by_id, cc.by_name`);
	const soon = await tx.execute(sql`
		update customer_contacts cc set commitment_due_soon_fired_at = ${t}
		from customers c
		where c.id = cc.customer_id and cc.incident_id = ${incidentId} and cc.commitment_due_at is not null and cc.commitment <> '' and cc.commitment_closed_at is null
			and cc.commitment_due_soon_fired_at is null and ${soonAt} <= ${t} and cc.commitment_due_at > ${t}
		returning cc.id, cc.customer_id, c.position, cc.commitment_due_at as due, cc.by_id, cc.by_name`);
	const events: NewEvent[] = [];
	for (const [type, rows] of [
		['deadline.due_soon', rowsOf(soon)],
		['deadline.overdue', rowsOf(overdue)]
	] as const) {
		for (const r of rows.sort((a, b) => new Date(a.due).getTime() - new Date(b.due).getTime() || a.position - b.position)) {
			events.push({
				type,
				data: {
					kind: 'commitment',
					count: 1,
					dueAt: new Date(r.due).toISOString(),
					firedAt: now.toISOString(),
					contactId: r.id,
					customerId: r.customer_id,
					position: Number(r.position),
					author: r.by_id ? { id: r.by_id, name: r.by_name ?? '' } : null
				}
			});
		}
	}
	return events;
}

/** The open commitments `userId` made, on incidents not closed, the earliest due first (My tasks). */
export async function openCommitmentsOf(db: DbOrTx, userId: string, now: Date, limit = 200) {
	const rows = await db
		.select({
			c: customerContacts,
			customer: { position: customers.position, name: customers.name },
			incident: { id: incidents.id, code: incidents.code, title: incidents.title, level: incidents.level, phase: incidents.phase }
		})
		.from(customerContacts)
		.innerJoin(customers, eq(customers.id, customerContacts.customerId))
		.innerJoin(incidents, eq(incidents.id, customerContacts.incidentId))
		.where(and(eq(customerContacts.byId, userId), open, ne(incidents.phase, 'closed')))
		.orderBy(asc(customerContacts.commitmentDueAt))
		.limit(limit);
	return rows.map((r) => ({ incident: { ...r.incident, level: r.incident.level as Level }, commitment: toCommitmentJson(r.c, r.customer, now) }));
}

export class CommitmentsService {
	constructor(private incidents: IncidentCommands) {}

	/** Closes an open commitment with a note: its author or a lead. 409 when it is already closed. */
	async close(actor: SessionUser, incidentId: string, customerId: string, contactId: string, note: string, lang: Lang): Promise<{ commitment: CommitmentJson; incident: IncidentJson }> {
		let result: CommitmentJson | undefined;
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (_row, now, tx) => {
				if (!/^[0-9a-f-]{36}$/i.test(contactId) || !/^[0-9a-f-]{36}$/i.test(customerId)) throw notFound('Contact');
				const [found] = await tx
					.select({ c: customerContacts, customer: { position: customers.position, name: customers.name } })
					.from(customerContacts)
					.innerJoin(customers, eq(customers.id, customerContacts.customerId))
					.where(and(eq(customerContacts.id, contactId), eq(customerContacts.customerId, customerId), eq(customerContacts.incidentId, incidentId)))
					.for('update');
				if (!found) throw notFound('Contact');
				if (!found.c.commitmentDueAt) throw new ServiceError('conflict', 'This contact made no commitment with a time');
				authorize(actor, 'close_commitment', { authorId: found.c.byId });
				if (found.c.commitmentClosedAt) {
					throw new ServiceError('conflict', `The commitment was already closed at ${found.c.commitmentClosedAt.toISOString()}`, { commitment: toCommitmentJson(found.c, found.customer, now) });
				}
				const [closed] = await tx
					.update(customerContacts)
					.set({ commitmentClosedAt: now, commitmentClosedByName: actor.name, commitmentClosedNote: note })
					.where(eq(customerContacts.id, contactId))
					.returning();
				result = toCommitmentJson(closed, found.customer, now);
				return { set: {}, events: [closedEvent(closed, found.customer.position, { id: actor.id, name: actor.name }, null)] };
			},
			lang
		);
		return { commitment: result!, incident };
	}
}
