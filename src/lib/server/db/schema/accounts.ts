import { pgTable, text, timestamp, boolean, index } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
	id: text('id').primaryKey(),
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	passwordHash: text('password_hash').notNull(),
	roles: text('roles').array().notNull(),
	groups: text('groups').array().notNull(),
	disabled: boolean('disabled').notNull().default(false),
	createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
});

/** Browser sessions, bearer tokens and display tokens: only a SHA-256 hash of the secret is stored. */
export const credentials = pgTable(
	'credentials',
	{
		id: text('id').primaryKey(),
		tokenHash: text('token_hash').notNull().unique(),
		kind: text('kind', { enum: ['session', 'bearer', 'display', 'integration'] }).notNull(),
		/** Integration tokens act with this role (no user behind them); `label` is their name. */
		role: text('role'),
		userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
		label: text('label'),
		createdBy: text('created_by'),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
		revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [index('credentials_user_idx').on(t.userId)]
);
