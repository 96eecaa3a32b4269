// The socket.io PostgreSQL adapter keeps messages above NOTIFY's 8 kB limit here for a moment
// (it deletes rows older than its cleanup interval). Used only with several instances.
import { bigserial, customType, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const socketIoAttachments = pgTable('socket_io_attachments', {
	id: bigserial('id', { mode: 'number' }).unique(),
	createdAt: timestamp('created_at', { withTimezone: true }).defaultNow(),
	payload: bytea('payload')
});

/** Facts every instance must agree on (e.g. a check value of the personal-data key). */
export const instanceSettings = pgTable('instance_settings', {
	key: text('key').primaryKey(),
	value: text('value').notNull()
});
