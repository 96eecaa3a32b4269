// Resolution (问题解决, PRODUCT.md §4): the cause analysis by the group that owns the category,
// solutions from the category's catalogue approved by the approver the level requires, and
// execution progress. Every change is a timeline event in the same transaction.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/client';
import { causeAnalyses, confirmations, customers, solutions } from '../db/schema';
import { ServiceError, notFound } from '../errors';
import { authorize, type SessionUser } from '../auth/principal';
import type { IncidentCommands } from './incident-commands';
import type { IncidentRow, Lang } from './incident-view';
import { CAUSE_GROUP, SOLUTION_CATALOGUE, approverOf, solutionKind } from '$lib/domain/resolution';
import type { Level } from '$lib/domain/levels';
import type { FollowUpFacts } from '$lib/domain/phases';
import type { ApproveRequest, CauseJson, CauseRequest, ProgressRequest, QualityCheckRequest, SolutionJson, SolutionRequest } from '$lib/api/schemas';

type CauseRow = typeof causeAnalyses.$inferSelect;
type SolutionRow = typeof solutions.$inferSelect;

/**
 * The follow-up gate's facts: solutions by how far they got (approved → executed → checked), and
 * reached customers with neither a confirmation nor a recorded reason for none.
 */
export async function followUpFacts(db: DbOrTx, incidentId: string): Promise<FollowUpFacts> {
	const [s] = await db
		.select({
			ready: sql<number>`count(*) filter (where ${solutions.status} = 'done' and ${solutions.qcStatus} = 'passed')::int`,
			awaitingApproval: sql<number>`count(*) filter (where ${solutions.status} = 'pending_approval')::int`,
			inExecution: sql<number>`count(*) filter (where ${solutions.status} in ('approved', 'in_progress'))::int`,
			awaitingCheck: sql<number>`count(*) filter (where ${solutions.status} = 'done' and ${solutions.qcStatus} is distinct from 'passed')::int`
		})
		.from(solutions)
		.where(eq(solutions.incidentId, incidentId));
	const [c] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(customers)
		.leftJoin(confirmations, eq(confirmations.customerId, customers.id))
		.where(and(eq(customers.incidentId, incidentId), sql`${customers.firstContactAt} is not null and ${confirmations.customerId} is null and ${customers.confirmationWaivedAt} is null`));
	return {
		solutionsReady: s.ready,
		solutionsAwaitingApproval: s.awaitingApproval,
		solutionsInExecution: s.inExecution,
		solutionsAwaitingCheck: s.awaitingCheck,
		confirmationsMissing: c.n
	};
}

function toCauseJson(incident: IncidentRow, r: CauseRow | undefined): CauseJson {
	return {
		incidentId: incident.id,
		rootCause: r?.rootCause ?? '',
		directCause: r?.directCause ?? '',
		group: r?.group ?? CAUSE_GROUP[incident.category],
		version: r?.version ?? 0,
		updatedBy: r?.updatedById ? { id: r.updatedById, name: r.updatedByName ?? '' } : null,
		updatedAt: r?.updatedAt.toISOString() ?? null
	};
}

function toSolutionJson(r: SolutionRow, category: IncidentRow['category']): SolutionJson {
	const kind = solutionKind(category, r.kind) ?? { key: r.kind, en: r.kind, zh: r.kind };
	return {
		id: r.id,
		incidentId: r.incidentId,
		kind: r.kind,
		kindName: { en: kind.en, zh: kind.zh },
		description: r.description,
		status: r.status,
		proposedBy: { id: r.proposedById ?? '', name: r.proposedByName ?? '' },
		proposedAt: r.proposedAt.toISOString(),
		decidedBy: r.decidedById ? { id: r.decidedById, name: r.decidedByName ?? '' } : null,
		decidedAt: r.decidedAt?.toISOString() ?? null,
		comment: r.comment,
		progress: r.progress,
		qualityCheck: r.qcStatus ? { passed: r.qcStatus === 'passed', by: { id: r.qcById ?? '', name: r.qcByName ?? '' }, at: r.qcAt!.toISOString(), note: r.qcNote } : null
	};
}

export class ResolutionService {
	constructor(
		private db: Db,
		private incidents: IncidentCommands
	) {}

	async cause(incidentId: string): Promise<CauseJson> {
		const incident = await this.incidents.getRow(incidentId);
		const [r] = await this.db.select().from(causeAnalyses).where(eq(causeAnalyses.incidentId, incidentId));
		return toCauseJson(incident, r);
	}

	/**
	 * Saves the cause analysis against its version (0 for the first save): the later of two
	 * saves from the same version gets 409 with the current analysis. Written by the group that
	 * owns the category, or a lead.
	 */
	async putCause(actor: SessionUser, incidentId: string, input: z.infer<typeof CauseRequest>, lang: Lang) {
		let cause: CauseJson | undefined;
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (row, now, tx) => {
				const owner = CAUSE_GROUP[row.category];
				authorize(actor, 'analyse_cause', { category: row.category });
				const [current] = await tx.select().from(causeAnalyses).where(eq(causeAnalyses.incidentId, incidentId)).for('update');
				const version = current?.version ?? 0;
				if (input.version !== version) {
					throw new ServiceError('version_conflict', `The cause analysis was changed by someone else (now version ${version}); reload and re-apply your change`, {
						current: toCauseJson(row, current)
					});
				}
				if (input.incidentId !== undefined && input.incidentId !== incidentId) {
					throw new ServiceError('invalid_input', `incidentId ${JSON.stringify(input.incidentId)} is not this incident`, [{ field: 'incidentId', message: `this is incident ${incidentId}` }]);
				}
				const group = input.group ?? current?.group ?? owner;
				const before = toCauseJson(row, current);
				// the GET shape sent back unchanged: nothing to save, no new version
				if (before.rootCause === input.rootCause && before.directCause === input.directCause && before.group === group) {
					cause = before;
					return { set: {}, events: [] };
				}
				const values = {
					rootCause: input.rootCause,
					directCause: input.directCause,
					group,
					version: version + 1,
					updatedById: actor.id,
					updatedByName: actor.name,
					updatedAt: now
				};
				const [saved] = current
					? await tx.update(causeAnalyses).set(values).where(eq(causeAnalyses.incidentId, incidentId)).returning()
					: await tx
							.insert(causeAnalyses)
							.values({ incidentId, ...values })
							.returning();
				cause = toCauseJson(row, saved);
				return { set: {}, events: [{ type: 'cause.updated', data: { version: saved.version, rootCause: saved.rootCause, directCause: saved.directCause, group: saved.group } }] };
			},
			lang
		);
		return { cause: cause!, incident };
	}

	async list(incidentId: string): Promise<SolutionJson[]> {
		const incident = await this.incidents.getRow(incidentId);
		const rows = await this.db.select().from(solutions).where(eq(solutions.incidentId, incidentId)).orderBy(asc(solutions.proposedAt));
		return rows.map((r) => toSolutionJson(r, incident.category));
	}

	/** Proposes a solution (status pending_approval); the timeline asks the required approver. */
	async propose(actor: SessionUser, incidentId: string, input: z.infer<typeof SolutionRequest>, lang: Lang) {
		let solution: SolutionJson | undefined;
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (row, now, tx) => {
				const kind = solutionKind(row.category, input.kind);
				if (!kind) {
					const allowed = [...SOLUTION_CATALOGUE[row.category].map((k) => k.key), 'other'];
					throw new ServiceError('invalid_input', `"${input.kind}" is not a solution for ${row.category.replace('_', ' ')} incidents; use one of: ${allowed.join(', ')}`, [
						{ field: 'kind', message: `one of ${allowed.join(', ')}` }
					]);
				}
				const [r] = await tx
					.insert(solutions)
					.values({ id: randomUUID(), incidentId, kind: kind.key, description: input.description, status: 'pending_approval', proposedById: actor.id, proposedByName: actor.name, proposedAt: now })
					.returning();
				solution = toSolutionJson(r, row.category);
				return { set: {}, events: [{ type: 'solution.proposed', data: { solutionId: r.id, kind: kind.key, kindName: { en: kind.en, zh: kind.zh }, approver: approverOf(row.level as Level) } }] };
			},
			lang
		);
		return { solution: solution!, incident };
	}

	private async solutionRow(tx: Parameters<Parameters<IncidentCommands['mutate']>[3]>[2], incidentId: string, solutionId: string): Promise<SolutionRow> {
		if (!/^[0-9a-f-]{36}$/i.test(solutionId)) throw notFound('Solution');
		const [r] = await tx
			.select()
			.from(solutions)
			.where(and(eq(solutions.id, solutionId), eq(solutions.incidentId, incidentId)))
			.for('update');
		if (!r) throw notFound('Solution');
		return r;
	}

	/** Approves (or rejects) a pending solution: only the approver the level requires (403 for anyone else). */
	async decide(actor: SessionUser, incidentId: string, solutionId: string, input: z.infer<typeof ApproveRequest>, lang: Lang) {
		let solution: SolutionJson | undefined;
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (row, now, tx) => {
				const level = row.level as Level;
				authorize(actor, 'approve_solution', { incidentLevel: level });
				const s = await this.solutionRow(tx, incidentId, solutionId);
				if (s.status !== 'pending_approval') throw new ServiceError('conflict', `This solution is already ${s.status.replace('_', ' ')}`);
				const status = input.reject ? 'rejected' : 'approved';
				const [r] = await tx
					.update(solutions)
					.set({ status, decidedById: actor.id, decidedByName: actor.name, decidedAt: now, comment: input.comment ?? '' })
					.where(eq(solutions.id, solutionId))
					.returning();
				solution = toSolutionJson(r, row.category);
				return { set: {}, events: [{ type: input.reject ? 'solution.rejected' : 'solution.approved', data: { solutionId, kindName: solution.kindName, comment: r.comment } }] };
			},
			lang
		);
		return { solution: solution!, incident };
	}

	/** Execution progress by the executing group ("technician dispatched"); `done` finishes it. Only approved solutions run. */
	async progress(actor: SessionUser, incidentId: string, solutionId: string, input: z.infer<typeof ProgressRequest>, lang: Lang) {
		let solution: SolutionJson | undefined;
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (row, now, tx) => {
				const s = await this.solutionRow(tx, incidentId, solutionId);
				if (s.status === 'pending_approval' || s.status === 'rejected') {
					throw new ServiceError('conflict', s.status === 'rejected' ? 'A rejected solution is not executed' : `Waiting for approval by ${approverOf(row.level as Level).en}`);
				}
				if (s.status === 'done') throw new ServiceError('conflict', 'This solution is already done');
				const entry = { at: now.toISOString(), by: { id: actor.id, name: actor.name }, note: input.note, ...(input.done ? { done: true } : {}) };
				const [r] = await tx
					.update(solutions)
					.set({ progress: [...s.progress, entry], status: input.done ? 'done' : 'in_progress' })
					.where(eq(solutions.id, solutionId))
					.returning();
				solution = toSolutionJson(r, row.category);
				return { set: {}, events: [{ type: 'solution.progress', data: { solutionId, note: input.note, done: !!input.done, kindName: solution.kindName } }] };
			},
			lang
		);
		return { solution: solution!, incident };
	}

	/**
	 * Quality check of an executed solution by quality control (or a lead): passed, or failed —
	 * which sends the solution back to execution with the note.
	 */
	async qualityCheck(actor: SessionUser, incidentId: string, solutionId: string, input: z.infer<typeof QualityCheckRequest>, lang: Lang) {
		authorize(actor, 'quality_check');
		let solution: SolutionJson | undefined;
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (row, now, tx) => {
				const s = await this.solutionRow(tx, incidentId, solutionId);
				if (s.status !== 'done') throw new ServiceError('conflict', 'Only a solution whose execution is done can be quality-checked');
				if (s.qcStatus === 'passed') throw new ServiceError('conflict', 'This solution already passed its quality check');
				const [r] = await tx
					.update(solutions)
					.set({
						qcStatus: input.passed ? 'passed' : 'failed',
						qcById: actor.id,
						qcByName: actor.name,
						qcAt: now,
						qcNote: input.note ?? '',
						...(input.passed ? {} : { status: 'in_progress' as const })
					})
					.where(eq(solutions.id, solutionId))
					.returning();
				solution = toSolutionJson(r, row.category);
				return { set: {}, events: [{ type: 'solution.quality_checked', data: { solutionId, passed: input.passed, note: input.note ?? '', kindName: solution.kindName } }] };
			},
			lang
		);
		return { solution: solution!, incident };
	}
}
