// Outbound webhooks (admin): where to send which incident events, and how each delivery went.
import { z } from 'zod';
import { int, nullableTime, pageQuery, text, time } from './common';

export const WEBHOOK_FORMATS = ['generic', 'dingtalk', 'feishu', 'wecom', 'slack'] as const;
/** The names a webhook subscribes to; services/webhooks maps the timeline's events onto them. */
export const WEBHOOK_EVENTS = [
	'incident.declared',
	'incident.escalated',
	'deadline.due_soon',
	'deadline.overdue',
	'approval.requested',
	'postmortem.due',
	'incident.closed',
	'response.notice_published'
] as const;
export const WEBHOOK_LANGS = ['en', 'zh', 'both'] as const;
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type WebhookLang = (typeof WEBHOOK_LANGS)[number];
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const webhookFields = {
	url: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).max(2000),
	format: z.enum(WEBHOOK_FORMATS),
	/** Empty means none (a form's blank field). */
	secret: z
		.string()
		.max(500)
		.transform((s) => s.trim() || null),
	events: z
		.array(z.enum(WEBHOOK_EVENTS))
		.min(1, 'choose at least one event')
		.max(WEBHOOK_EVENTS.length)
		.transform((a) => [...new Set(a)]),
	name: text(100),
	lang: z.enum(WEBHOOK_LANGS),
	enabled: z.boolean()
};
export const CreateWebhookRequest = z.strictObject({
	...webhookFields,
	secret: webhookFields.secret.optional(),
	name: webhookFields.name.optional(),
	lang: webhookFields.lang.default('both'),
	enabled: webhookFields.enabled.default(true)
});
/** Any subset; `secret: ""` or `null` removes the secret. */
export const PatchWebhookRequest = z.strictObject({ ...webhookFields, secret: webhookFields.secret.nullable() }).partial();
export const WebhookDeliveriesQuery = z.object({
	status: z.enum(DELIVERY_STATUSES).optional(),
	...pageQuery({ defaultLimit: 50, maxLimit: 200 })
});

export const Webhook = z
	.object({
		id: z.string(),
		name: z.string(),
		url: z.string(),
		format: z.enum(WEBHOOK_FORMATS),
		events: z.array(z.enum(WEBHOOK_EVENTS)),
		lang: z.enum(WEBHOOK_LANGS),
		enabled: z.boolean(),
		hasSecret: z.boolean().meta({ description: 'The secret itself is never returned' }),
		createdBy: z.string().nullable(),
		createdAt: time,
		updatedAt: time,
		deliveries: z.object({ pending: int, delivered: int, failed: int, lastAt: nullableTime })
	})
	.meta({ id: 'Webhook', description: 'An outbound webhook' });
export type WebhookJson = z.output<typeof Webhook>;

export const DeliveryAttempt = z.object({
	at: time,
	status: int.nullable().meta({ description: 'The HTTP status, null when no response came (timeout, refused…)' }),
	latencyMs: z.number(),
	excerpt: z.string().meta({ description: 'The first 300 characters of the response body (empty when nothing answered, e.g. a refused destination)' }),
	error: z
		.string()
		.nullable()
		.meta({ description: 'Why the attempt did not deliver (`HTTP 500`, a robot’s error code, a network error, `destination_refused: …` for a non-public address); null when delivered' })
});
export type DeliveryAttemptJson = z.output<typeof DeliveryAttempt>;

export const WebhookDelivery = z
	.object({
		id: z.string(),
		webhookId: z.string(),
		event: z.string().meta({ description: 'A webhook event name, or `webhook.test`' }),
		incidentId: z.string().nullable(),
		eventSeq: int.nullable(),
		status: z.enum(DELIVERY_STATUSES),
		attempts: int,
		nextAttemptAt: nullableTime,
		lastAttemptAt: nullableTime,
		deliveredAt: nullableTime,
		createdAt: time,
		redeliveryOf: z.string().nullable(),
		attemptsLog: z.array(DeliveryAttempt)
	})
	.meta({ id: 'WebhookDelivery', description: 'One delivery of an event to a webhook, with every attempt' });
export type WebhookDeliveryJson = z.output<typeof WebhookDelivery>;
