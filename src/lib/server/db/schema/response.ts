import { pgTable, text, timestamp, integer, jsonb, boolean, primaryKey, index, uniqueIndex, customType } from 'drizzle-orm/pg-core';
import { incidents } from './incidents';
import { customers } from './customers';
import { users } from './accounts';

/**
 * The response group of one incident (应急小组): one seat for the leader and one per convened
 * group. A seat is filled by a user of its group and acknowledged by that user ("I'm on it").
 * Escalation adds the seats of the new level in the same transaction.
 */
export const responseSeats = pgTable(
	'response_seats',
	{
		id: text('id').primaryKey(),
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		/** `leader` or a group key (`customer_service`, `pr`, `legal`, …). */
		seat: text('seat').notNull(),
		/** The group whose members may fill the seat. */
		group: text('group').notNull(),
		/** The level at which the seat was convened. */
		convenedAtLevel: integer('convened_at_level').notNull(),
		userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
		assignedAt: timestamp('assigned_at', { withTimezone: true, mode: 'date' }),
		assignedBy: text('assigned_by'),
		acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, mode: 'date' }),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [uniqueIndex('response_seats_incident_seat_idx').on(t.incidentId, t.seat), index('response_seats_user_idx').on(t.userId)]
);

/**
 * The published response notice (《应急响应通知》): each publication freezes a numbered version
 * (code, level, leader, seats, deadline, times in the configured zone) in both languages. The
 * first is published by a lead; an escalation publishes the next one naming the new seats.
 */
export const responseNotices = pgTable(
	'response_notices',
	{
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		level: integer('level').notNull(),
		/** `published` by a person, or `escalation` when a level rise convened new seats. */
		reason: text('reason', { enum: ['published', 'escalation'] }).notNull(),
		/** The frozen notice: its fields and its text in both languages. */
		content: jsonb('content').$type<Record<string, unknown>>().notNull(),
		publishedById: text('published_by_id'),
		publishedByName: text('published_by_name'),
		publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.incidentId, t.version] })]
);

/** Who has read which version of the notice ("read" acknowledgements of the seat holders). */
export const responseNoticeReads = pgTable(
	'response_notice_reads',
	{
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		userId: text('user_id').notNull(),
		userName: text('user_name').notNull().default(''),
		readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.incidentId, t.version, t.userId] })]
);

/** Ticked items of a group's duty checklist (the guide's role table) on one incident. */
export const dutyChecks = pgTable(
	'duty_checks',
	{
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		group: text('group').notNull(),
		item: integer('item').notNull(),
		doneById: text('done_by_id'),
		doneByName: text('done_by_name'),
		doneAt: timestamp('done_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.incidentId, t.group, t.item] })]
);

/** Backup resources (备用资源): spare products by model, repair tools, the emergency fund. */
export const resources = pgTable('resources', {
	id: text('id').primaryKey(),
	kind: text('kind', { enum: ['spare_product', 'repair_tool', 'emergency_fund'] }).notNull(),
	name: text('name').notNull(),
	/** Product model for spare products ("星耀 X5"), empty otherwise. */
	model: text('model').notNull().default(''),
	/** Units in stock, or yuan for the emergency fund. Never below zero. */
	stock: integer('stock').notNull(),
	/** At or below this the resource is low: shown on the dashboard and the display. */
	lowThreshold: integer('low_threshold').notNull().default(0),
	unit: text('unit').notNull().default(''),
	location: text('location').notNull().default(''),
	version: integer('version').notNull().default(1),
	updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull()
});

/** Emergency contact list (应急联络清单): department heads, suppliers, third-party services. */
export const emergencyContacts = pgTable('emergency_contacts', {
	id: text('id').primaryKey(),
	kind: text('kind', { enum: ['department', 'supplier', 'third_party'] }).notNull(),
	name: text('name').notNull(),
	organization: text('organization').notNull().default(''),
	role: text('role').notNull().default(''),
	phone: text('phone').notNull().default(''),
	email: text('email').notNull().default(''),
	notes: text('notes').notNull().default(''),
	updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull()
});

/** Compensation policy (补偿政策): the standard offer per category and measure. */
export const compensationPolicies = pgTable('compensation_policies', {
	id: text('id').primaryKey(),
	category: text('category', { enum: ['product_quality', 'service_failure', 'special_scenario'] }).notNull(),
	/** The temporary-measure kind it goes with, or null for any measure of the category. */
	measureKind: text('measure_kind'),
	title: text('title').notNull(),
	description: text('description').notNull().default(''),
	couponYuan: integer('coupon_yuan'),
	warrantyExtensionMonths: integer('warranty_extension_months'),
	active: boolean('active').notNull().default(true),
	updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull()
});

/** Temporary measures (临时措施) taken for chosen customers of an incident. */
export const measures = pgTable(
	'measures',
	{
		id: text('id').primaryKey(),
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		description: text('description').notNull().default(''),
		customerIds: jsonb('customer_ids').$type<string[]>().notNull(),
		resourceId: text('resource_id').references(() => resources.id, { onDelete: 'set null' }),
		quantity: integer('quantity').notNull().default(0),
		/** The policy offered, copied as it was when the measure was taken. */
		policy: jsonb('policy').$type<{ id: string; title: string; couponYuan: number | null; warrantyExtensionMonths: number | null } | null>(),
		createdById: text('created_by_id'),
		createdByName: text('created_by_name'),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [index('measures_incident_idx').on(t.incidentId, t.createdAt)]
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** Evidence (证据材料): photos, videos and PDFs from a customer, stored only with their authorisation. */
export const evidenceFiles = pgTable(
	'evidence_files',
	{
		id: text('id').primaryKey(),
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		customerId: text('customer_id')
			.notNull()
			.references(() => customers.id, { onDelete: 'cascade' }),
		/** Sniffed from the content: image/jpeg, image/png, application/pdf, video/mp4, video/quicktime or video/webm. */
		contentType: text('content_type').notNull(),
		fileName: text('file_name').notNull().default(''),
		size: integer('size').notNull(),
		sha256: text('sha256').notNull(),
		data: bytea('data').notNull(),
		uploadedById: text('uploaded_by_id'),
		uploadedByName: text('uploaded_by_name'),
		uploadedAt: timestamp('uploaded_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [index('evidence_files_customer_idx').on(t.customerId)]
);
