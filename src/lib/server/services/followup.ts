// Follow-up (后续跟进, PRODUCT.md §4): the customer's confirmation of the fix, the satisfaction
// survey (satisfied = mean ≥ 4), the incident's rate against the level's target, and a
// re-follow-up task for every unsatisfied customer while the rate is below target.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/client';
import { confirmations, customers, followUps, responseSeats, surveys, users } from '../db/schema';
import { notFound, ServiceError } from '../errors';
import { authorize, type SessionUser } from '../auth/principal';
import type { IncidentCommands } from './incident-commands';
import type { Lang } from './incident-view';
import type { NewEvent } from './timeline';
import { isSatisfied, satisfaction } from '$lib/domain/survey';
import type { Level } from '$lib/domain/levels';
import type { ConfirmationRequest, ConfirmationWaiverRequest, FollowUpJson, SatisfactionJson, SurveyRequest } from '$lib/api/schemas';

/** A re-follow-up is due a day after it is opened. */
const FOLLOW_UP_MS = 24 * 3600_000;

export class FollowUpService {
	constructor(
		private db: Db,
		private incidents: IncidentCommands
	) {}

	private async customer(tx: DbOrTx, incidentId: string, customerId: string) {
		if (!/^[0-9a-f-]{36}$/i.test(customerId)) throw notFound('Customer');
		const [c] = await tx
			.select()
			.from(customers)
			.where(and(eq(customers.id, customerId), eq(customers.incidentId, incidentId)));
		if (!c) throw notFound('Customer');
		return c;
	}

	async summary(incidentId: string, db: DbOrTx = this.db): Promise<SatisfactionJson> {
		const row = await this.incidents.getRow(incidentId, db);
		const s = await db.select({ satisfied: surveys.satisfied }).from(surveys).where(eq(surveys.incidentId, incidentId));
		const conf = await db
			.select({ result: confirmations.result, n: sql<number>`count(*)::int` })
			.from(confirmations)
			.where(eq(confirmations.incidentId, incidentId))
			.groupBy(confirmations.result);
		const tasks = await db
			.select({ f: followUps, position: customers.position })
			.from(followUps)
			.innerJoin(customers, eq(customers.id, followUps.customerId))
			.where(eq(followUps.incidentId, incidentId))
			.orderBy(asc(followUps.dueAt));
		const reached = await db
			.select({ c: customers, result: confirmations.result })
			.from(customers)
			.leftJoin(confirmations, eq(confirmations.customerId, customers.id))
			.where(and(eq(customers.incidentId, incidentId), sql`${customers.firstContactAt} is not null`))
			.orderBy(asc(customers.position));
		const count = (k: string) => conf.find((c) => c.result === k)?.n ?? 0;
		return {
			...satisfaction(s, row.level as Level),
			confirmations: { satisfied: count('satisfied'), neutral: count('neutral'), unsatisfied: count('unsatisfied') },
			reached: reached.map(({ c, result }) => ({
				customerId: c.id,
				position: c.position,
				confirmation: result,
				waiver: c.confirmationWaivedAt ? { reason: c.confirmationWaivedReason ?? '', byName: c.confirmationWaivedByName ?? '', at: c.confirmationWaivedAt.toISOString() } : null
			})),
			followUps: tasks.map(({ f, position }): FollowUpJson => ({
				id: f.id,
				customerId: f.customerId,
				position,
				owner: f.ownerId ? { id: f.ownerId, name: f.ownerName ?? '' } : null,
				dueAt: f.dueAt.toISOString(),
				status: f.status,
				note: f.note
			}))
		};
	}

	/** 《问题解决确认单》: confirmed by signature, in the app or by phone, with 满意/一般/不满意. */
	async confirm(actor: SessionUser, incidentId: string, customerId: string, input: z.infer<typeof ConfirmationRequest>, lang: Lang) {
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (_row, now, tx) => {
				const c = await this.customer(tx, incidentId, customerId);
				const values = { incidentId, result: input.result, method: input.method, note: input.note ?? '', byId: actor.id, byName: actor.name, at: now };
				await tx
					.insert(confirmations)
					.values({ customerId, ...values })
					.onConflictDoUpdate({ target: confirmations.customerId, set: values });
				return { set: {}, events: [{ type: 'confirmation.recorded', data: { customerId, position: c.position, result: input.result, method: input.method } }] };
			},
			lang
		);
		return { incident, satisfaction: await this.summary(incidentId) };
	}

	/**
	 * Records why a reached customer will give no confirmation of the fix (moved away, refuses to
	 * sign, …): the follow-up gate accepts the reason instead. Customer-service members and leads.
	 */
	async waiveConfirmation(actor: SessionUser, incidentId: string, customerId: string, input: z.infer<typeof ConfirmationWaiverRequest>, lang: Lang) {
		authorize(actor, 'waive_confirmation');
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (_row, now, tx) => {
				const c = await this.customer(tx, incidentId, customerId);
				if (!c.firstContactAt) {
					throw new ServiceError(
						'conflict',
						lang === 'zh' ? `客户 #${c.position} 尚未联系上：确认单只针对已联系的客户` : `Customer #${c.position} has not been reached: only a reached customer's confirmation is waived`
					);
				}
				await tx.update(customers).set({ confirmationWaivedReason: input.reason, confirmationWaivedByName: actor.name, confirmationWaivedAt: now }).where(eq(customers.id, customerId));
				return { set: {}, events: [{ type: 'customer.confirmation_waived', data: { customerId, position: c.position, reason: input.reason, by: { id: actor.id, name: actor.name } } }] };
			},
			lang
		);
		return { incident, satisfaction: await this.summary(incidentId) };
	}

	/**
	 * Records a customer's survey. When the incident's rate is then below the level's target,
	 * every unsatisfied surveyed customer without an open re-follow-up gets one (owner: the
	 * customer-service seat holder, else the person recording; due in 24 h).
	 */
	async survey(actor: SessionUser, incidentId: string, customerId: string, input: z.infer<typeof SurveyRequest>, lang: Lang) {
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (row, now, tx) => {
				if (row.phase === 'initiation' || row.phase === 'containment') {
					throw new ServiceError('conflict', 'Satisfaction surveys belong to resolution and follow-up: move the incident on first');
				}
				const c = await this.customer(tx, incidentId, customerId);
				const satisfied = isSatisfied(input);
				const values = { incidentId, speed: input.speed, result: input.result, attitude: input.attitude, suggestion: input.suggestion ?? '', satisfied, byId: actor.id, byName: actor.name, at: now };
				await tx
					.insert(surveys)
					.values({ customerId, ...values })
					.onConflictDoUpdate({ target: surveys.customerId, set: values });
				const all = await tx.select({ customerId: surveys.customerId, satisfied: surveys.satisfied }).from(surveys).where(eq(surveys.incidentId, incidentId));
				const sum = satisfaction(all, row.level as Level);
				const events: NewEvent[] = [
					{
						type: 'survey.recorded',
						data: { customerId, position: c.position, satisfied, mean: Math.round(((input.speed + input.result + input.attitude) / 3) * 100) / 100, rate: sum.rate, target: sum.target }
					}
				];
				if (sum.met === false) {
					const open = new Set(
						(
							await tx
								.select({ customerId: followUps.customerId })
								.from(followUps)
								.where(and(eq(followUps.incidentId, incidentId), eq(followUps.status, 'open')))
						).map((f) => f.customerId)
					);
					const [seat] = await tx
						.select({ id: users.id, name: users.name })
						.from(responseSeats)
						.innerJoin(users, eq(users.id, responseSeats.userId))
						.where(and(eq(responseSeats.incidentId, incidentId), eq(responseSeats.seat, 'customer_service')));
					const owner = seat ?? { id: actor.id, name: actor.name };
					const unsatisfied = all.filter((s) => !s.satisfied && !open.has(s.customerId));
					if (unsatisfied.length) {
						await tx.insert(followUps).values(
							unsatisfied.map((s) => ({
								id: randomUUID(),
								incidentId,
								customerId: s.customerId,
								ownerId: owner.id,
								ownerName: owner.name,
								dueAt: new Date(now.getTime() + FOLLOW_UP_MS),
								status: 'open' as const,
								createdAt: now
							}))
						);
						events.push({ type: 'followup.opened', data: { count: unsatisfied.length, rate: sum.rate, target: sum.target, owner } });
					}
				}
				return { set: {}, events };
			},
			lang
		);
		return { incident, satisfaction: await this.summary(incidentId) };
	}

	/** Closes a re-follow-up task with what was done. */
	async complete(actor: SessionUser, incidentId: string, taskId: string, note: string, lang: Lang) {
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (_row, now, tx) => {
				if (!/^[0-9a-f-]{36}$/i.test(taskId)) throw notFound('Follow-up');
				const [f] = await tx
					.select()
					.from(followUps)
					.where(and(eq(followUps.id, taskId), eq(followUps.incidentId, incidentId)));
				if (!f) throw notFound('Follow-up');
				if (f.status === 'done') return { set: {}, events: [] };
				await tx.update(followUps).set({ status: 'done', doneAt: now, note }).where(eq(followUps.id, taskId));
				return { set: {}, events: [{ type: 'followup.done', data: { followUpId: taskId } }] };
			},
			lang
		);
		return { incident, satisfaction: await this.summary(incidentId) };
	}
}
