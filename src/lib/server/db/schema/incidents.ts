import { pgTable, text, timestamp, integer, jsonb, boolean, primaryKey, index, uniqueIndex } from 'drizzle-orm/pg-core';
import type { LevelInputs, LevelReason } from '$lib/domain/levels';

export const incidents = pgTable(
	'incidents',
	{
		id: text('id').primaryKey(),
		code: text('code').notNull().unique(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		category: text('category', { enum: ['product_quality', 'service_failure', 'special_scenario'] }).notNull(),
		source: text('source').notNull().default(''),
		level: integer('level').notNull(),
		levelReason: jsonb('level_reason').$type<LevelReason>().notNull(),
		phase: text('phase', { enum: ['initiation', 'containment', 'resolution', 'follow_up', 'closed'] })
			.notNull()
			.default('initiation'),
		inputs: jsonb('inputs').$type<LevelInputs>().notNull(),
		affectedCustomers: integer('affected_customers').notNull().default(0),
		identifiedAt: timestamp('identified_at', { withTimezone: true, mode: 'date' }).notNull(),
		resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
		closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
		/**
		 * The incident's own contact clock (PRODUCT.md §3: for the incident as a whole the clock runs
		 * from identification): identified + 30/60/120 min by level, recomputed on a level change while
		 * it runs; registering the first customer ends it (`firstCustomerAt`, met if not after `contactDueAt`).
		 */
		contactDueAt: timestamp('contact_due_at', { withTimezone: true, mode: 'date' }),
		contactDueSoonAt: timestamp('contact_due_soon_at', { withTimezone: true, mode: 'date' }),
		contactDueSoonFiredAt: timestamp('contact_due_soon_fired_at', { withTimezone: true, mode: 'date' }),
		contactOverdueFiredAt: timestamp('contact_overdue_fired_at', { withTimezone: true, mode: 'date' }),
		firstCustomerAt: timestamp('first_customer_at', { withTimezone: true, mode: 'date' }),
		/** The post-mortem deadline (resolved + 24/48/72 h by level) and its alarms, like a contact deadline's. */
		postmortemDueAt: timestamp('postmortem_due_at', { withTimezone: true, mode: 'date' }),
		postmortemDueSoonFiredAt: timestamp('postmortem_due_soon_fired_at', { withTimezone: true, mode: 'date' }),
		postmortemOverdueFiredAt: timestamp('postmortem_overdue_fired_at', { withTimezone: true, mode: 'date' }),
		/** When What, Why and How were first all filled in: the post-mortem was held. */
		postmortemHeldAt: timestamp('postmortem_held_at', { withTimezone: true, mode: 'date' }),
		/** The product model concerned (entered, or taken from the first affected customer that names one): recurrence is judged on it. */
		productModel: text('product_model').notNull().default(''),
		/** An earlier incident this one is a recurrence of (复发), linked by a lead. */
		recurrenceOf: text('recurrence_of'),
		/** Per-incident facts kept for metrics, refreshed in the transaction of each contact and survey (see incident-stats.ts). */
		firstContactAt: timestamp('first_contact_at', { withTimezone: true, mode: 'date' }),
		contactsOnTime: integer('contacts_on_time').notNull().default(0),
		contactsLate: integer('contacts_late').notNull().default(0),
		surveyed: integer('surveyed').notNull().default(0),
		satisfied: integer('satisfied').notNull().default(0),
		/** Inbound alerts: the caller's system and its id for the alert, unique together (a retried alert finds its incident). */
		externalSource: text('external_source'),
		externalId: text('external_id'),
		createdBy: text('created_by'),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		version: integer('version').notNull()
	},
	(t) => [
		index('incidents_phase_idx').on(t.phase),
		index('incidents_identified_idx').on(t.identifiedAt),
		index('incidents_model_idx').on(t.category, t.productModel, t.identifiedAt),
		uniqueIndex('incidents_external_idx').on(t.externalSource, t.externalId)
	]
);

/** The timeline: one row per change, gap-free `seq` per incident (= the incident's version after it). */
export const incidentEvents = pgTable(
	'incident_events',
	{
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		seq: integer('seq').notNull(),
		type: text('type').notNull(),
		at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
		actorId: text('actor_id'),
		actorName: text('actor_name'),
		actorSystem: boolean('actor_system').notNull().default(false),
		data: jsonb('data').$type<Record<string, unknown>>().notNull()
	},
	(t) => [primaryKey({ columns: [t.incidentId, t.seq] })]
);

/** Daily serials for incident codes (YJ + date + 4 digits): a row lock makes concurrent declares unique. */
export const dailySerials = pgTable(
	'daily_serials',
	{
		prefix: text('prefix').notNull(),
		day: text('day').notNull(),
		last: integer('last').notNull()
	},
	(t) => [primaryKey({ columns: [t.prefix, t.day] })]
);
