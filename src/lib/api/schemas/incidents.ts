// Incidents: declaring, listing, changing level and phase, the event log, search.
import { z } from 'zod';
import { CATEGORIES, PHASES, PROPERTY_LOSS } from '$lib/domain/vocabulary';
import { INT4_MAX, bilingual, int, isoDate, level, nullableTime, pageQuery, readOnlyFields, text, time, version } from './common';

export const LevelInputsSchema = z.strictObject({
	estimatedAffectedCustomers: z.number().int().min(0).max(10_000_000),
	mediaExposure: z.boolean(),
	personalInjury: z.boolean(),
	propertyLoss: z.enum(PROPERTY_LOSS),
	regionalInterruption: z.boolean(),
	compensationDemanded: z.boolean(),
	majorBrandRisk: z.boolean()
});

export const DeclareIncidentRequest = z.strictObject({
	title: text(200).min(1, 'required'),
	category: z.enum(CATEGORIES),
	description: text(10_000).optional(),
	source: text(200).optional(),
	identifiedAt: isoDate.optional(),
	inputs: LevelInputsSchema.partial().optional(),
	productModel: text(100).optional(),
	recurrenceOf: z.string().uuid('an incident id').nullable().optional()
});

export const ListIncidentsQuery = z.object({
	phase: z.enum(PHASES).optional(),
	level: z.coerce.number().int().min(1).max(3).optional(),
	category: z.enum(CATEGORIES).optional(),
	q: text(200).optional()
});

export const EventsQuery = z.object({ after: z.coerce.number().int().min(0).max(INT4_MAX).default(0) });

/** Newest first, 50 a page unless `limit` says otherwise. */
export const SearchQuery = z.object({ q: z.string().trim().min(1, 'type 1 to 200 characters').max(200), ...pageQuery({ defaultLimit: 50, maxLimit: 200 }) });

export const PhaseRequest = z.strictObject({
	phase: z.enum(PHASES),
	overrideReason: text(1000).min(1).optional()
});

const GateUnmet = z.object({ key: z.string().meta({ example: 'notice_not_published' }), en: z.string(), zh: z.string() });
export const PhaseStatus = z
	.object({
		phase: z.enum(PHASES),
		/** The phase a move would enter; null once closed. */
		next: z.enum(PHASES).nullable(),
		/** What the gate into `next` still waits for (empty: the move needs no override). */
		unmet: z.array(GateUnmet),
		/** Every condition of that gate, met or not, in the order the guide lists them. */
		checklist: z.array(GateUnmet.extend({ met: z.boolean() }))
	})
	.meta({ id: 'PhaseStatus', description: 'The phase, the next one and what its gate still waits for (guide §四: every phase ends with its outputs)' });
export type PhaseStatusJson = z.output<typeof PhaseStatus>;

export const SetLevelRequest = z.strictObject({
	level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
	reason: z.string().trim().min(1, 'a reason is required').max(1000),
	override: z.boolean().optional()
});

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
		productModel: z.string().meta({ description: 'The product model concerned (entered, or from the first affected customer naming one)' }),
		recurrenceOf: z.string().nullable().meta({ description: 'The earlier incident this one recurs, when linked' }),
		contact: z
			.object({
				total: int,
				met: int,
				pending: int,
				overdue: int,
				dueSoon: int,
				metLate: int,
				unreachable: int,
				nextDueAt: nullableTime.meta({ description: 'The earliest deadline of a customer not yet contacted (past when overdue): the display’s countdown' }),
				nextDueSoonAt: nullableTime.meta({ description: 'The 80 % mark of nextDueAt' }),
				incidentClock: z
					.object({
						dueAt: time,
						dueSoonAt: time,
						status: z.enum(['pending', 'due_soon', 'overdue', 'met', 'met_late']),
						endedAt: nullableTime.meta({ description: 'When the first customer was registered (the clock’s end); null while it runs' })
					})
					.nullable()
					.meta({
						description:
							'The incident’s own contact clock (PRODUCT.md §3): due from identifiedAt by the level (30/60/120 min) until the first customer is registered; while it runs, nextDueAt/nextDueSoonAt show it'
					})
			})
			.meta({ description: 'Contact-deadline roll-up: met counts on-time and late; pending counts pending and due soon' }),
		seats: z.object({ total: int, filled: int, acknowledged: int }).meta({ description: 'Response-group seats: how many the incident has, how many are filled and acknowledged' }),
		createdAt: time,
		updatedAt: time,
		version: int.meta({ description: 'Equals the seq of the incident’s latest event; send it back with PATCH' })
	})
	.meta({ id: 'Incident', description: 'Incident JSON' });
export type IncidentJson = z.output<typeof Incident>;

/** A change's answer that also carries the incident as it now stands (its version, level, roll-ups). */
export const withIncident = <S extends z.ZodRawShape>(schema: z.ZodObject<S>) => schema.extend({ incident: Incident });

const PATCHABLE = ['version', 'title', 'description', 'category', 'source', 'identifiedAt', 'inputs', 'productModel', 'recurrenceOf'] as const;
/**
 * The fields to change against `version`; the rest of the incident's GET shape is accepted back
 * (the round trip): `id` must be this incident's, `level` and `phase` the current ones (they move
 * through POST …/level and …/phase), everything else is derived and ignored.
 */
export const PatchIncidentRequest = z.strictObject({
	...readOnlyFields(Incident, PATCHABLE),
	version: version(),
	title: text(200).min(1, 'required').optional(),
	description: text(10_000).optional(),
	category: z.enum(CATEGORIES).optional(),
	source: text(200).optional(),
	identifiedAt: isoDate.optional(),
	inputs: LevelInputsSchema.partial().optional(),
	productModel: text(100).optional(),
	recurrenceOf: z.string().uuid('an incident id').nullable().optional()
});
