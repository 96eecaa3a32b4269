import { pgTable, text, timestamp, integer, jsonb, index } from 'drizzle-orm/pg-core';
import { incidents } from './incidents';

/** The cause analysis (原因分析报告) of an incident: one per incident, versioned on its own. */
export const causeAnalyses = pgTable('cause_analyses', {
	incidentId: text('incident_id')
		.primaryKey()
		.references(() => incidents.id, { onDelete: 'cascade' }),
	rootCause: text('root_cause').notNull().default(''),
	directCause: text('direct_cause').notNull().default(''),
	/** The group that analysed it (by category: tech support, quality control, logistics). */
	group: text('group').notNull(),
	version: integer('version').notNull(),
	updatedById: text('updated_by_id'),
	updatedByName: text('updated_by_name'),
	updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull()
});

export type ProgressEntry = { at: string; by: { id: string; name: string }; note: string; done?: boolean };

/** Solutions (解决方案), approved by the approver the level requires before execution. */
export const solutions = pgTable(
	'solutions',
	{
		id: text('id').primaryKey(),
		incidentId: text('incident_id')
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		description: text('description').notNull(),
		status: text('status', { enum: ['pending_approval', 'approved', 'rejected', 'in_progress', 'done'] }).notNull(),
		proposedById: text('proposed_by_id'),
		proposedByName: text('proposed_by_name'),
		proposedAt: timestamp('proposed_at', { withTimezone: true, mode: 'date' }).notNull(),
		decidedById: text('decided_by_id'),
		decidedByName: text('decided_by_name'),
		decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
		comment: text('comment').notNull().default(''),
		progress: jsonb('progress').$type<ProgressEntry[]>().notNull().default([]),
		/** Quality check by quality control after execution (质量检查). */
		qcStatus: text('qc_status', { enum: ['passed', 'failed'] }),
		qcById: text('qc_by_id'),
		qcByName: text('qc_by_name'),
		qcAt: timestamp('qc_at', { withTimezone: true, mode: 'date' }),
		qcNote: text('qc_note').notNull().default('')
	},
	(t) => [index('solutions_incident_idx').on(t.incidentId, t.proposedAt)]
);
