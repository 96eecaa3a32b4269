// zod output schemas for the main response shapes, used by the OpenAPI document (and its tests) only:
// the routes build their JSON from the *Json interfaces, and `Same<>` at the bottom fails the type
// check when a schema and its interface drift apart. `.meta({ id })` makes each a reusable component.
import { z } from 'zod';
import {
	CATEGORIES,
	CONTACT_STATUSES,
	GROUPS,
	IMPROVEMENT_TYPES,
	LevelInputsSchema,
	NEEDS,
	PHASES,
	RESOURCE_KINDS,
	ROLES,
	type ContactJson,
	type CustomerJson,
	type ImprovementJson,
	type IncidentJson,
	type PostmortemJson,
	type ResourceJson,
	type UserJson,
	type CauseJson
} from './schemas';
import type { IncidentEvent } from '$lib/realtime/events';

const time = z.string().meta({ format: 'date-time', description: 'ISO-8601 UTC time' });
const nullableTime = time.nullable();
const int = z.number().int();
const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const bilingual = z.object({ en: z.string(), zh: z.string() });
export const UserRef = z.object({ id: z.string(), name: z.string() }).meta({ id: 'UserRef' });

export const Incident = z
	.object({
		id: z.string(),
		code: z.string().meta({ example: 'YJ202611230001' }),
		title: z.string(),
		description: z.string(),
		category: z.enum(CATEGORIES),
		source: z.string(),
		level,
		levelReason: z.string(),
		levelReasonI18n: bilingual,
		levelTriggers: z.array(z.object({ key: z.string(), level: int, en: z.string(), zh: z.string() })),
		phase: z.enum(PHASES),
		identifiedAt: time,
		resolvedAt: nullableTime,
		closedAt: nullableTime,
		inputs: LevelInputsSchema,
		affectedCustomers: int,
		productModel: z.string(),
		recurrenceOf: z.string().nullable(),
		contact: z.object({
			total: int,
			met: int,
			pending: int,
			overdue: int,
			dueSoon: int,
			metLate: int,
			unreachable: int,
			nextDueAt: nullableTime,
			nextDueSoonAt: nullableTime
		}),
		seats: z.object({ total: int, filled: int, acknowledged: int }),
		createdAt: time,
		updatedAt: time,
		version: int.meta({ description: 'Equals the seq of the incident’s latest event; send it back with PATCH' })
	})
	.meta({ id: 'Incident', description: 'Incident JSON' });

export const IncidentEventSchema = z
	.object({
		incidentId: z.string(),
		seq: int.min(1).meta({ description: 'Gap-free, increasing per incident, from 1' }),
		type: z.string().meta({ example: 'incident.declared' }),
		at: time,
		actor: z.union([UserRef, z.object({ system: z.literal(true) })]),
		data: z.record(z.string(), z.unknown())
	})
	.meta({ id: 'Event', description: 'One entry of an incident’s event log (also the socket `event` message)' });

export const Customer = z
	.object({
		id: z.string(),
		incidentId: z.string(),
		position: int,
		name: z.string(),
		phone: z.string().nullable().meta({ description: 'Masked unless allowed, e.g. 138****5678' }),
		email: z.string().nullable(),
		orderNo: z.string().nullable(),
		masked: z.boolean(),
		purchasedAt: nullableTime,
		productModel: z.string(),
		symptom: z.string(),
		occurredAt: nullableTime,
		impact: z.string(),
		reportedAt: time,
		contactDeadline: z.object({ dueAt: time, dueSoonAt: time, status: z.enum(CONTACT_STATUSES) }),
		firstContactAt: nullableTime,
		unreachableAt: nullableTime,
		evidenceAuthorized: z.boolean(),
		createdAt: time
	})
	.meta({ id: 'Customer', description: 'An affected customer (客户问题信息表 row)' });

export const Contact = z
	.object({
		id: z.string(),
		customerId: z.string(),
		at: time,
		by: UserRef.nullable(),
		reached: z.boolean(),
		apologized: z.boolean(),
		explained: z.boolean(),
		needAsked: z.boolean(),
		need: z.enum(NEEDS).nullable(),
		commitment: z.string(),
		commitmentDueAt: nullableTime,
		note: z.string()
	})
	.meta({ id: 'Contact', description: 'A contact attempt with a customer' });

export const User = z
	.object({ id: z.string(), email: z.string(), name: z.string(), roles: z.array(z.enum(ROLES)), groups: z.array(z.enum(GROUPS)), disabled: z.boolean(), createdAt: time })
	.meta({ id: 'User' });

export const Resource = z
	.object({
		id: z.string(),
		kind: z.enum(RESOURCE_KINDS),
		name: z.string(),
		model: z.string(),
		stock: int,
		lowThreshold: int,
		unit: z.string(),
		location: z.string(),
		low: z.boolean(),
		version: int,
		updatedAt: time
	})
	.meta({ id: 'Resource', description: 'A backup resource (备用资源); stock in units, yuan for the emergency fund' });

export const Cause = z
	.object({ incidentId: z.string(), rootCause: z.string(), directCause: z.string(), group: z.string(), version: int, updatedBy: UserRef.nullable(), updatedAt: nullableTime })
	.meta({ id: 'Cause', description: 'Cause analysis; version 0 before the first save' });

export const Postmortem = z
	.object({
		incidentId: z.string(),
		version: int,
		dueAt: nullableTime,
		heldAt: nullableTime,
		what: z.string(),
		why: z.object({ rootCause: z.string(), directCause: z.string() }),
		who: z.string(),
		when: z.array(z.object({ key: z.string(), at: nullableTime, label: z.string(), annotation: z.string() })),
		where: z.string(),
		how: z.object({ wentWell: z.string(), wentBadly: z.string() }),
		improvementPoints: z.string(),
		updatedBy: UserRef.nullable(),
		updatedAt: nullableTime
	})
	.meta({ id: 'Postmortem', description: '5W1H post-mortem (复盘)' });

export const Improvement = z
	.object({
		id: z.string(),
		incidentId: z.string(),
		incidentCode: z.string(),
		type: z.enum(IMPROVEMENT_TYPES),
		description: z.string(),
		owner: UserRef.nullable(),
		dueAt: nullableTime,
		status: z.enum(['open', 'in_progress', 'done']),
		overdue: z.boolean(),
		createdAt: time
	})
	.meta({ id: 'Improvement', description: 'An improvement measure (改进措施)' });

/** `{items: [...]}`, the list envelope of every collection. */
export const listOf = (item: z.ZodType) => z.object({ items: z.array(item) });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const _sameAsInterfaces: [
	Same<z.output<typeof Incident>, IncidentJson>,
	// the schema describes the envelope; each type's data is the union in $lib/realtime/events
	Same<z.output<typeof IncidentEventSchema>, Omit<IncidentEvent, 'type' | 'data'> & { type: string; data: Record<string, unknown> }>,
	Same<z.output<typeof Customer>, CustomerJson>,
	Same<z.output<typeof Contact>, ContactJson>,
	Same<z.output<typeof User>, UserJson>,
	Same<z.output<typeof Resource>, ResourceJson>,
	Same<z.output<typeof Cause>, CauseJson>,
	Same<z.output<typeof Postmortem>, PostmortemJson>,
	Same<z.output<typeof Improvement>, ImprovementJson>
] = [true, true, true, true, true, true, true, true, true];
