// Review (复盘): the 5W1H post-mortem and the improvement measures it leads to.
import { z } from 'zod';
import { IMPROVEMENT_STATUSES, IMPROVEMENT_TYPES } from '$lib/domain/vocabulary';
import { UserRef, int, isoDate, nullableTime, pageOf, pageQuery, queryFlag, readOnlyFields, text, time, version } from './common';

export const Postmortem = z
	.object({
		incidentId: z.string(),
		version: int,
		dueAt: nullableTime,
		heldAt: nullableTime.meta({ description: 'When What, Why and How were first all written (the post-mortem was held); its deadline alarms stop' }),
		what: z.string(),
		why: z.object({ rootCause: z.string(), directCause: z.string() }),
		who: z.string(),
		when: z
			.array(z.object({ key: z.string(), at: nullableTime, label: z.string(), annotation: z.string() }))
			.meta({ description: 'Generated from the incident’s event log; `annotation` is the review’s note on it' }),
		where: z.string(),
		how: z.object({ wentWell: z.string(), wentBadly: z.string() }),
		improvementPoints: z.string(),
		updatedBy: UserRef.nullable(),
		updatedAt: nullableTime
	})
	.meta({ id: 'Postmortem', description: '5W1H post-mortem (复盘)' });
export type PostmortemJson = z.output<typeof Postmortem>;

/**
 * The 5W1H fields to save against `version`: exactly the GET shape is accepted back (the round
 * trip). `when[].at` and `when[].label` come from the event log and are ignored (null for a
 * milestone not reached yet); only `when[].annotation` is saved, by `key`. `incidentId` must be this
 * incident's; `dueAt`, `heldAt`, `updatedBy` and `updatedAt` are ignored. A PUT that changes
 * nothing is a no-op: 200 with the same version, no event.
 */
export const PostmortemRequest = z.strictObject({
	...readOnlyFields(Postmortem, ['version', 'what', 'why', 'who', 'when', 'where', 'how', 'improvementPoints']),
	version: version(0),
	what: text(5000).optional(),
	why: z.strictObject({ rootCause: text(5000).optional(), directCause: text(5000).optional() }).optional(),
	who: text(5000).optional(),
	when: z
		.array(z.strictObject({ key: text(50), at: z.string().max(40).nullable().optional(), label: z.string().max(200).optional(), annotation: text(1000) }))
		.max(20)
		.optional(),
	where: text(2000).optional(),
	how: z.strictObject({ wentWell: text(5000).optional(), wentBadly: text(5000).optional() }).optional(),
	improvementPoints: text(5000).optional()
});

export const ImprovementRequest = z.strictObject({
	type: z.enum(IMPROVEMENT_TYPES),
	description: text(2000).min(1),
	ownerId: z.string().min(1).max(100).optional(),
	dueAt: isoDate.optional()
});
export const ImprovementPatch = z.strictObject({ status: z.enum(IMPROVEMENT_STATUSES) });
/** Improvements across incidents, most urgent first: 1,000 a page unless `limit` says fewer. */
export const ImprovementsQuery = z.object({
	status: z.enum(IMPROVEMENT_STATUSES).optional(),
	overdue: queryFlag(),
	...pageQuery({ defaultLimit: 1000, maxLimit: 1000 })
});

export const Improvement = z
	.object({
		id: z.string(),
		incidentId: z.string(),
		incidentCode: z.string(),
		type: z.enum(IMPROVEMENT_TYPES),
		description: z.string(),
		owner: UserRef.nullable(),
		dueAt: nullableTime,
		status: z.enum(IMPROVEMENT_STATUSES),
		overdue: z.boolean(),
		createdAt: time
	})
	.meta({ id: 'Improvement', description: 'An improvement measure (改进措施)' });
export type ImprovementJson = z.output<typeof Improvement>;

/** How many improvements there are in each status, and how many of the unfinished are overdue (all incidents). */
export const ImprovementCounts = z
	.object({
		open: int,
		in_progress: int,
		done: int,
		overdue: int.meta({ description: 'Not done and past their due time' })
	})
	.meta({ id: 'ImprovementCounts' });
export type ImprovementCountsJson = z.output<typeof ImprovementCounts>;
export const ImprovementsPage = pageOf(Improvement).extend({
	// across all incidents, whatever the filters: the numbers the dashboard and the monthly report show
	// (said in the operation's description: a description beside a $ref would close the object to its own properties)
	counts: ImprovementCounts
});
export type ImprovementsPageJson = z.output<typeof ImprovementsPage>;
