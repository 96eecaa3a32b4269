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
		/**
		 * The decision that the customer cannot be reached (a customer-service member or a lead, after
		 * enough failed attempts on enough channels, with a reason): it ends the clock as not met.
		 * A later reach clears it.
		 */
		unreachableAt: timestamp('unreachable_at', { withTimezone: true, mode: 'date' }),
		unreachableReason: text('unreachable_reason'),
		unreachableById: text('unreachable_by_id'),
		unreachableByName: text('unreachable_by_name'),
		/** Why no confirmation (《问题解决确认单》) will be recorded for this reached customer: the follow-up gate accepts it instead. */
		confirmationWaivedReason: text('confirmation_waived_reason'),
		confirmationWaivedByName: text('confirmation_waived_by_name'),
		confirmationWaivedAt: timestamp('confirmation_waived_at', { withTimezone: true, mode: 'date' }),
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

/**
 * Contact attempts with the guide's communication checklist: every call, message or visit, reached
 * or not, on its channel. A commitment with a time ("technician within 24 h") is a task for its
 * author with due-soon and overdue alarms until a later contact or a note closes it.
 */
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
		channel: text('channel', { enum: ['phone', 'sms', 'app', 'in_person', 'other'] })
			.notNull()
			.default('phone'),
		/** What happened: `reached`, or why not (no answer, busy, switched off, wrong number, refused, other). */
		outcome: text('outcome', { enum: ['reached', 'no_answer', 'busy', 'switched_off', 'wrong_number', 'refused', 'other'] })
			.notNull()
			.default('reached'),
		apologized: boolean('apologized').notNull().default(false),
		explained: boolean('explained').notNull().default(false),
		needAsked: boolean('need_asked').notNull().default(false),
		need: text('need', { enum: ['repair', 'replacement', 'refund', 'other'] }),
		commitment: text('commitment').notNull().default(''),
		commitmentDueAt: timestamp('commitment_due_at', { withTimezone: true, mode: 'date' }),
		commitmentClosedAt: timestamp('commitment_closed_at', { withTimezone: true, mode: 'date' }),
		commitmentClosedByName: text('commitment_closed_by_name'),
		commitmentClosedNote: text('commitment_closed_note').notNull().default(''),
		commitmentDueSoonFiredAt: timestamp('commitment_due_soon_fired_at', { withTimezone: true, mode: 'date' }),
		commitmentOverdueFiredAt: timestamp('commitment_overdue_fired_at', { withTimezone: true, mode: 'date' }),
		note: text('note').notNull().default('')
	},
	(t) => [
		index('customer_contacts_customer_idx').on(t.customerId, t.at),
		// commitments still owed, by author (My tasks) and by due moment (alarms)
		index('customer_contacts_open_commitment_idx')
			.on(t.byId, t.commitmentDueAt)
			.where(sql`${t.commitmentDueAt} is not null and ${t.commitmentClosedAt} is null`)
	]
);
