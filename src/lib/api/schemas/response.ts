// The response group (应急小组): seats, the groups' duty checklists, the response notice.
import { z } from 'zod';
import { GROUPS, SEAT_STATUSES } from '$lib/domain/vocabulary';
import { UserRef, bilingual, int, level, nullableTime, time } from './common';

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

const seatRef = z.object({ seat: z.string(), group: z.string(), en: z.string(), zh: z.string() });
/** A version of the response notice as frozen at publication (`response_notices.content`, the event's `notice`). */
export const NoticeContent = z
	.object({
		version: int,
		reason: z.enum(['published', 'escalation']),
		code: z.string(),
		title: z.string(),
		category: bilingual,
		level,
		levelName: bilingual,
		levelReason: bilingual,
		leader: z.object({ title: bilingual, holder: UserRef.nullable() }).nullable(),
		seats: z.array(
			z.object({ seat: z.string(), group: z.string(), title: bilingual, holder: UserRef.nullable(), added: z.boolean().meta({ description: 'Convened by the escalation this version announces' }) })
		),
		escalation: z.object({ from: level, to: level, added: z.array(seatRef), leader: bilingual.nullable() }).nullable(),
		contactWindowMinutes: int,
		contactDueAt: nullableTime.meta({ description: 'The incident’s own first-contact deadline while no customer is registered' }),
		contactDueAtText: bilingual.nullable(),
		identifiedAt: time,
		identifiedAtText: bilingual.meta({ description: 'Local time in WARROOM_TIMEZONE, zone named: `2026-12-01 23:38（北京时间）`' }),
		publishedAt: time,
		publishedAtText: bilingual.meta({ description: 'Local time in WARROOM_TIMEZONE, zone named' }),
		publishedBy: UserRef.nullable().meta({ description: 'Null when published on an escalation' }),
		timeZone: z.string(),
		en: z.string(),
		zh: z.string()
	})
	.meta({ id: 'NoticeContent', description: 'A frozen version of the response notice (《应急响应通知》)' });
export type NoticeContentJson = z.output<typeof NoticeContent>;

export const PublishedNotice = z
	.object({
		version: int,
		level,
		reason: z.enum(['published', 'escalation']),
		publishedAt: time,
		publishedAtText: bilingual,
		publishedBy: UserRef.nullable(),
		content: NoticeContent,
		text: z.string().meta({ description: 'The notice in the caller’s language' }),
		reads: z.array(z.object({ user: UserRef, readAt: time })).meta({ description: 'Who marked this version as read, first first' }),
		unread: z.array(UserRef).meta({ description: 'Current seat holders who have not marked this version as read' })
	})
	.meta({ id: 'PublishedNotice', description: 'A published version of the response notice with its read acknowledgements' });
export type PublishedNoticeJson = z.output<typeof PublishedNotice>;

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
		notice: z
			.object({ en: z.string(), zh: z.string(), text: z.string() })
			.meta({ description: 'The response notice (《应急响应通知》) as it would be published now (the draft), in both languages and in the caller’s' }),
		notices: z.array(PublishedNotice).meta({ description: 'Published versions, newest first (empty until the first publication)' })
	})
	.meta({ id: 'ResponseGroup', description: 'The response group: seats, duties, notice' });
export type ResponseJson = z.output<typeof ResponseGroup>;
