// Resolution (问题解决): cause analysis and solutions, from proposal through approval to the quality check.
import { z } from 'zod';
import { GROUPS, SOLUTION_STATUSES } from '$lib/domain/vocabulary';
import { UserRef, bilingual, int, nullableTime, readOnlyFields, text, time, version } from './common';

export const SolutionRequest = z.strictObject({ kind: z.string().trim().min(1).max(50), description: text(5000).min(1, 'describe the solution') });
export const ApproveRequest = z.strictObject({ comment: text(2000).optional(), reject: z.boolean().optional() });
export const ProgressRequest = z.strictObject({ note: text(2000).min(1, 'say what happened'), done: z.boolean().optional() });
export const QualityCheckRequest = z.strictObject({ passed: z.boolean(), note: text(2000).optional() });

export const Cause = z
	.object({
		incidentId: z.string(),
		rootCause: z.string(),
		directCause: z.string(),
		group: z.string(),
		version: int.meta({ description: '0 before the first save; send it back with the next PUT' }),
		updatedBy: UserRef.nullable(),
		updatedAt: nullableTime
	})
	.meta({ id: 'Cause', description: 'Cause analysis; version 0 before the first save' });
export type CauseJson = z.output<typeof Cause>;
/**
 * The analysis to save against `version` (0 for the first save); the GET shape is accepted back
 * (the round trip): `incidentId` must be this incident's, `updatedBy` and `updatedAt` are ignored.
 * A PUT that changes nothing is a no-op: 200 with the same version, no event.
 */
export const CauseRequest = z.strictObject({
	...readOnlyFields(Cause, ['version', 'rootCause', 'directCause', 'group']),
	version: version(0),
	rootCause: text(5000),
	directCause: text(5000),
	group: z.enum(GROUPS).optional()
});

export const Solution = z
	.object({
		id: z.string(),
		incidentId: z.string(),
		kind: z.string(),
		kindName: bilingual,
		description: z.string(),
		status: z.enum(SOLUTION_STATUSES),
		proposedBy: UserRef,
		proposedAt: time,
		decidedBy: UserRef.nullable(),
		decidedAt: nullableTime,
		comment: z.string(),
		progress: z.array(z.object({ at: time, by: UserRef, note: z.string(), done: z.boolean().optional() })),
		qualityCheck: z
			.object({ passed: z.boolean(), by: UserRef, at: time, note: z.string() })
			.nullable()
			.meta({ description: 'Quality check by quality control after execution (质量检查); null until checked' })
	})
	.meta({ id: 'Solution', description: 'A solution (解决方案); needs approval before execution' });
export type SolutionJson = z.output<typeof Solution>;
