import { pgTable, text, timestamp, integer, jsonb, index, primaryKey } from 'drizzle-orm/pg-core';
import { incidents } from './incidents';

/** The 5W1H post-mortem (复盘报告) of an incident, versioned on its own. */
export const postmortems = pgTable('postmortems', {
	incidentId: text('incident_id')
		.primaryKey()
		.references(() => incidents.id, { onDelete: 'cascade' }),
	what: text('what').notNull().default(''),
	rootCause: text('root_cause').notNull().default(''),
	directCause: text('direct_cause').notNull().default(''),
	who: text('who').notNull().default(''),
	/** Annotations on the generated timeline, by its key (identified, first_contact, responded, resolved). */
	whenNotes: jsonb('when_notes').$type<Record<string, string>>().notNull().default({}),
	where: text('where').notNull().default(''),
	wentWell: text('went_well').notNull().default(''),
	wentBadly: text('went_badly').notNull().default(''),
	improvementPoints: text('improvement_points').notNull().default(''),
	version: integer('version').notNull(),
	updatedById: text('updated_by_id'),
	updatedByName: text('updated_by_name'),
	updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull()
});

/** Improvement measures (改进措施) from reviews, tracked across incidents. */
export const improvements = pgTable(
	'improvements',
	{
		id: text('id').primaryKey(),
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		type: text('type', { enum: ['process', 'product', 'training', 'resources'] }).notNull(),
		description: text('description').notNull(),
		ownerId: text('owner_id'),
		ownerName: text('owner_name'),
		dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }),
		status: text('status', { enum: ['open', 'in_progress', 'done'] }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [index('improvements_status_idx').on(t.status, t.dueAt), index('improvements_incident_idx').on(t.incidentId)]
);

/** The seven archive documents (§6), generated at close and stored, per language. */
export const archiveDocuments = pgTable(
	'archive_documents',
	{
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		lang: text('lang', { enum: ['en', 'zh'] }).notNull(),
		title: text('title').notNull(),
		markdown: text('markdown').notNull(),
		html: text('html').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.incidentId, t.kind, t.lang] })]
);
