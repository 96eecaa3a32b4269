import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, integer, jsonb, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Payload } from '../../webhooks/messages';
import type { DeliveryAttemptJson, DeliveryStatus, WebhookEvent, WebhookFormat, WebhookLang } from '$lib/api/schemas';

/** Outbound webhooks. The secret is sealed with the personal-data cipher (AES-256-GCM), never stored plain. */
export const webhooks = pgTable('webhooks', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	url: text('url').notNull(),
	format: text('format').$type<WebhookFormat>().notNull(),
	secretSealed: text('secret_sealed'),
	events: text('events').array().$type<WebhookEvent[]>().notNull(),
	lang: text('lang').$type<WebhookLang>().notNull().default('both'),
	enabled: boolean('enabled').notNull().default(true),
	createdBy: text('created_by'),
	createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
});

/**
 * The delivery queue and its log. A row is written in the transaction of the incident event it
 * announces (an outbox), so an event is never committed without its deliveries; the unique key
 * makes enqueueing idempotent. `pending` rows are due at `next_attempt_at` (also the lease of an
 * attempt in flight); `failed` means the worker gave up. Redeliveries copy the payload and point
 * back with `redelivery_of` (outside the unique key).
 */
export const webhookDeliveries = pgTable(
	'webhook_deliveries',
	{
		id: text('id').primaryKey(),
		webhookId: text('webhook_id')
			.notNull()
			.references(() => webhooks.id, { onDelete: 'cascade' }),
		/** A WEBHOOK_EVENTS name, or `webhook.test`. */
		eventType: text('event_type').notNull(),
		incidentId: text('incident_id'),
		eventSeq: integer('event_seq'),
		/** What is sent: the event (personal data removed) with `webhook: {event}`. */
		payload: jsonb('payload').$type<Payload>().notNull(),
		status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
		lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, mode: 'date' }),
		deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
		attemptsLog: jsonb('attempts_log').$type<DeliveryAttemptJson[]>().notNull().default([]),
		redeliveryOf: text('redelivery_of'),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('webhook_deliveries_event_idx')
			.on(t.webhookId, t.incidentId, t.eventSeq, t.eventType)
			.where(sql`${t.redeliveryOf} is null`),
		index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
		index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt)
	]
);
