// The response group (应急小组): seats, the groups' duty checklists, the response notice.
import { z } from 'zod';
import { GROUPS, SEAT_STATUSES } from '$lib/domain/vocabulary';
import { UserRef, bilingual, int, level, nullableTime } from './common';

export const AssignSeatRequest = z.strictObject({ userId: z.string().min(1).nullable() });
export const DutyCheckRequest = z.strictObject({ done: z.boolean() });

export const Seat = z
	.object({
		seat: z.string().meta({ description: '`leader` or a group' }),
		group: z.enum(GROUPS),
		title: bilingual,
		required: z.boolean().meta({ description: 'Whether the incident’s current level requires the seat (seats stay when the level is lowered)' }),
		convenedAtLevel: level,
		user: UserRef.nullable(),
		assignedAt: nullableTime,
		acknowledgedAt: nullableTime,
		status: z.enum(SEAT_STATUSES),
		candidates: z.array(UserRef).meta({ description: 'Users who may hold the seat' })
	})
	.meta({ id: 'Seat', description: 'One seat of the response group (应急小组)' });
export type SeatJson = z.output<typeof Seat>;

export const ResponseGroup = z
	.object({
		incidentId: z.string(),
		level,
		seats: z.array(Seat),
		summary: z.object({ total: int, filled: int, acknowledged: int, vacant: int }),
		duties: z.array(
			z.object({
				group: z.enum(GROUPS),
				title: bilingual,
				items: z.array(z.object({ item: int, en: z.string(), zh: z.string(), done: z.boolean(), doneBy: UserRef.nullable(), doneAt: nullableTime }))
			})
		),
		notice: z.object({ en: z.string(), zh: z.string(), text: z.string() }).meta({ description: 'The response notice (《应急响应通知》), in both languages and in the caller’s' })
	})
	.meta({ id: 'ResponseGroup', description: 'The response group: seats, duties, notice' });
export type ResponseJson = z.output<typeof ResponseGroup>;
