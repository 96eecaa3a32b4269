import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, integer, boolean, index } from 'drizzle-orm/pg-core';
import { incidents } from './incidents';

/**
 * Affected customers (客户问题信息表). Phone, e-mail and order number are stored sealed together
 * (AES-256-GCM, `personal_sealed`) and masked for display; the plain values are never stored.
 * `dueAt`/`dueSoonAt` are the contact deadline for the incident's current level; they are
 * recomputed from `reportedAt` for every customer not yet contacted when the level changes.
 */
export const customers = pgTable(
	'customers',
	{
		id: text('id').primaryKey(),
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		/** Registration order within the incident (1, 2, …). */
		position: integer('position').notNull(),
		name: text('name').notNull(),
		/** `{phone, email, orderNo}` as JSON, sealed with AES-256-GCM; null when none was given. */
		personalSealed: text('personal_sealed'),
		phoneMasked: text('phone_masked'),
		emailMasked: text('email_masked'),
		orderNoMasked: text('order_no_masked'),
		purchasedAt: timestamp('purchased_at', { withTimezone: true, mode: 'date' }),
		productModel: text('product_model').notNull().default(''),
		symptom: text('symptom').notNull().default(''),
		occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }),
		impact: text('impact').notNull().default(''),
		reportedAt: timestamp('reported_at', { withTimezone: true, mode: 'date' }).notNull(),
		dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }).notNull(),
		dueSoonAt: timestamp('due_soon_at', { withTimezone: true, mode: 'date' }).notNull(),
		firstContactAt: timestamp('first_contact_at', { withTimezone: true, mode: 'date' }),
		/** Whether the first contact came before the deadline in force at the time. */
		firstContactOnTime: boolean('first_contact_on_time'),
		unreachableAt: timestamp('unreachable_at', { withTimezone: true, mode: 'date' }),
		/** When the due-soon (80 %) and overdue alarms of the current deadline fired; reset when a level change moves the deadline later. */
		dueSoonFiredAt: timestamp('due_soon_fired_at', { withTimezone: true, mode: 'date' }),
		overdueFiredAt: timestamp('overdue_fired_at', { withTimezone: true, mode: 'date' }),
		authorizationRecorded: boolean('authorization_recorded').notNull().default(false),
		/** How and when the customer's authorisation to keep evidence was recorded. */
		authorizationAt: timestamp('authorization_at', { withTimezone: true, mode: 'date' }),
		authorizationNote: text('authorization_note'),
		createdBy: text('created_by'),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [
		index('customers_incident_idx').on(t.incidentId, t.position),
		index('customers_open_due_idx').on(t.dueAt),
		index('customers_alarm_idx').on(t.overdueFiredAt, t.dueSoonAt),
		// deadlines still open, by incident: metrics count the ones already missed without reading every customer
		index('customers_uncontacted_idx')
			.on(t.incidentId, t.dueAt)
			.where(sql`${t.firstContactAt} is null and ${t.unreachableAt} is null`)
	]
);

/** Contact records with the guide's communication checklist. */
export const customerContacts = pgTable(
	'customer_contacts',
	{
		id: text('id').primaryKey(),
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		customerId: text('customer_id')
			.notNull()
			.references(() => customers.id, { onDelete: 'cascade' }),
		at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
		byId: text('by_id'),
		byName: text('by_name'),
		reached: boolean('reached').notNull(),
		apologized: boolean('apologized').notNull().default(false),
		explained: boolean('explained').notNull().default(false),
		needAsked: boolean('need_asked').notNull().default(false),
		need: text('need', { enum: ['repair', 'replacement', 'refund', 'other'] }),
		commitment: text('commitment').notNull().default(''),
		commitmentDueAt: timestamp('commitment_due_at', { withTimezone: true, mode: 'date' }),
		note: text('note').notNull().default('')
	},
	(t) => [index('customer_contacts_customer_idx').on(t.customerId, t.at)]
);
