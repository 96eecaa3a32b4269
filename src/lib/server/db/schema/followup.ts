import { pgTable, text, timestamp, integer, boolean, index } from 'drizzle-orm/pg-core';
import { incidents } from './incidents';
import { customers } from './customers';

/** 《问题解决确认单》: the customer's confirmation of the fix (one per customer, the latest wins). */
export const confirmations = pgTable('confirmations', {
	customerId: text('customer_id')
		.primaryKey()
		.references(() => customers.id, { onDelete: 'cascade' }),
	incidentId: text('incident_id')
		.notNull()
		.references(() => incidents.id, { onDelete: 'cascade' }),
	result: text('result', { enum: ['satisfied', 'neutral', 'unsatisfied'] }).notNull(),
	method: text('method', { enum: ['signature', 'app', 'phone'] }).notNull(),
	note: text('note').notNull().default(''),
	byId: text('by_id'),
	byName: text('by_name'),
	at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull()
});

/** 《售后服务满意度问卷》: one survey per customer (the latest wins). */
export const surveys = pgTable(
	'surveys',
	{
		customerId: text('customer_id')
			.primaryKey()
			.references(() => customers.id, { onDelete: 'cascade' }),
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		speed: integer('speed').notNull(),
		result: integer('result').notNull(),
		attitude: integer('attitude').notNull(),
		suggestion: text('suggestion').notNull().default(''),
		satisfied: boolean('satisfied').notNull(),
		byId: text('by_id'),
		byName: text('by_name'),
		at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [index('surveys_incident_idx').on(t.incidentId)]
);

/** Re-follow-up tasks (重新跟进) for unsatisfied customers when the rate is below the level's target. */
export const followUps = pgTable(
	'follow_ups',
	{
		id: text('id').primaryKey(),
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		customerId: text('customer_id')
			.notNull()
			.references(() => customers.id, { onDelete: 'cascade' }),
		ownerId: text('owner_id'),
		ownerName: text('owner_name'),
		dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }).notNull(),
		status: text('status', { enum: ['open', 'done'] }).notNull(),
		note: text('note').notNull().default(''),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
		doneAt: timestamp('done_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [index('follow_ups_incident_idx').on(t.incidentId, t.status)]
);
