// Follow-up (后续跟进): the resolution confirmation, surveys, the satisfaction rate and re-follow-ups.
import { z } from 'zod';
import { CONFIRMATION_METHODS, CONFIRMATION_RESULTS, FOLLOW_UP_STATUSES } from '$lib/domain/vocabulary';
import { UserRef, int, text, time } from './common';
import { Incident } from './incidents';

const rating = z.number().int().min(1, '1 to 5').max(5, '1 to 5');
export const SurveyRequest = z.strictObject({ speed: rating, result: rating, attitude: rating, suggestion: text(2000).optional() });
export const ConfirmationRequest = z.strictObject({
	result: z.enum(CONFIRMATION_RESULTS),
	method: z.enum(CONFIRMATION_METHODS),
	note: text(1000).optional()
});
export const ConfirmationWaiverRequest = z.strictObject({ reason: z.string().trim().min(1, 'say why no confirmation will be recorded').max(1000) });
export const FollowUpDoneRequest = z.strictObject({ note: z.string().trim().min(1, 'say what was done').max(2000) });

export const FollowUp = z
	.object({ id: z.string(), customerId: z.string(), position: int, owner: UserRef.nullable(), dueAt: time, status: z.enum(FOLLOW_UP_STATUSES), note: z.string() })
	.meta({ id: 'FollowUp', description: 'A re-follow-up task (回访)' });
export type FollowUpJson = z.output<typeof FollowUp>;

export const ReachedCustomer = z
	.object({
		customerId: z.string(),
		position: int,
		confirmation: z.enum(CONFIRMATION_RESULTS).nullable(),
		waiver: z.object({ reason: z.string(), byName: z.string(), at: time }).nullable()
	})
	.meta({ id: 'ReachedCustomer', description: 'A reached customer’s confirmation of the fix, or the reason recorded for none' });

export const Satisfaction = z
	.object({
		surveyed: int,
		satisfied: int,
		rate: z.number().nullable(),
		target: z.number(),
		met: z.boolean().nullable(),
		confirmations: z.object({ satisfied: int, neutral: int, unsatisfied: int }),
		/** Each reached customer: their confirmation, or the recorded reason for none (the follow-up gate waits for one of the two). */
		reached: z.array(ReachedCustomer),
		followUps: z.array(FollowUp)
	})
	.meta({ id: 'Satisfaction', description: 'Satisfaction rate against the level’s target, confirmations and re-follow-up tasks' });
export type SatisfactionJson = z.output<typeof Satisfaction>;
/** The answer to a survey, a confirmation or a completed re-follow-up. */
export const SatisfactionChanged = z.object({ satisfaction: Satisfaction, incident: Incident });
export type SatisfactionChangedJson = z.output<typeof SatisfactionChanged>;
