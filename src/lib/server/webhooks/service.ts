// Webhook use cases: manage webhooks (admin), enqueue deliveries, read the delivery log.
//
// Why an outbox: deliveries are inserted by `enqueue` inside the transaction that appends the
// incident event (the webhook outbox participant of the unit of work, declared in app.ts). The event and its deliveries commit or roll back
// together, so a crash between commit and an after-commit hook cannot lose a notification, and
// no start-up sweep over the timeline is needed. The worker picks the rows up after commit.
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/client';
import { webhooks, webhookDeliveries } from '../db/schema';
import type { Clock } from '../clock';
import type { PersonalDataCipher } from '../personal-data';
import { notFound, ServiceError } from '../errors';
import type { SessionUser } from '../auth/principal';
import type { IncidentEvent } from '$lib/realtime/events';
import type { CreateWebhookRequest, Page, PatchWebhookRequest, WebhookDeliveriesQuery, WebhookDeliveryJson, WebhookJson } from '$lib/api/schemas';
import { payloadOf, TEST_EVENT, webhookEventOf, type Payload } from './messages';
import { refusedLiteral } from './destination';

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
type NewDelivery = typeof webhookDeliveries.$inferInsert;

const ID = /^[0-9a-f-]{36}$/i;
const EMPTY_STATS: WebhookJson['deliveries'] = { pending: 0, delivered: 0, failed: 0, lastAt: null };

function toWebhookJson(r: WebhookRow, deliveries = EMPTY_STATS): WebhookJson {
	return {
		id: r.id,
		name: r.name,
		url: r.url,
		format: r.format,
		events: r.events,
		lang: r.lang,
		enabled: r.enabled,
		hasSecret: !!r.secretSealed,
		createdBy: r.createdBy,
		createdAt: r.createdAt.toISOString(),
		updatedAt: r.updatedAt.toISOString(),
		deliveries
	};
}

export function toDeliveryJson(r: DeliveryRow): WebhookDeliveryJson {
	const iso = (d: Date | null) => d?.toISOString() ?? null;
	return {
		id: r.id,
		webhookId: r.webhookId,
		event: r.eventType,
		incidentId: r.incidentId,
		eventSeq: r.eventSeq,
		status: r.status,
		attempts: r.attempts,
		nextAttemptAt: r.status === 'pending' ? iso(r.nextAttemptAt) : null,
		lastAttemptAt: iso(r.lastAttemptAt),
		deliveredAt: iso(r.deliveredAt),
		createdAt: r.createdAt.toISOString(),
		redeliveryOf: r.redeliveryOf,
		attemptsLog: r.attemptsLog
	};
}

export class WebhooksService {
	constructor(
		private db: Db,
		private clock: Clock,
		private cipher: PersonalDataCipher,
		/** WARROOM_WEBHOOK_ALLOW_PRIVATE: accept URLs whose host is a non-public address. */
		private allowPrivate = false
	) {}

	/**
	 * A URL whose host is a literal non-public address is refused when it is saved (400 naming
	 * `url`), unless internal receivers are allowed; a host name is judged when it is resolved,
	 * at each delivery (destination.ts).
	 */
	private checkDestination(url: string | undefined): void {
		if (url === undefined || this.allowPrivate) return;
		const refused = refusedLiteral(url);
		if (refused) throw new ServiceError('invalid_input', `Invalid input: url: ${url}: ${refused.message}`, [{ field: 'url', message: refused.message }]);
	}

	async list(): Promise<WebhookJson[]> {
		const rows = await this.db.select().from(webhooks).orderBy(webhooks.createdAt);
		const counts = await this.db
			.select({ webhookId: webhookDeliveries.webhookId, status: webhookDeliveries.status, n: sql<number>`count(*)::int`, lastAt: sql<string | null>`max(${webhookDeliveries.createdAt})` })
			.from(webhookDeliveries)
			.groupBy(webhookDeliveries.webhookId, webhookDeliveries.status);
		const stats = new Map<string, WebhookJson['deliveries']>();
		for (const c of counts) {
			const s = stats.get(c.webhookId) ?? { ...EMPTY_STATS };
			s[c.status] = Number(c.n);
			const at = c.lastAt ? new Date(c.lastAt).toISOString() : null;
			if (at && (!s.lastAt || at > s.lastAt)) s.lastAt = at;
			stats.set(c.webhookId, s);
		}
		return rows.map((r) => toWebhookJson(r, stats.get(r.id)));
	}

	async getRow(id: string): Promise<WebhookRow> {
		const [row] = ID.test(id) ? await this.db.select().from(webhooks).where(eq(webhooks.id, id)) : [];
		if (!row) throw notFound('Webhook');
		return row;
	}

	async get(id: string): Promise<WebhookJson> {
		return (await this.list()).find((w) => w.id === id) ?? toWebhookJson(await this.getRow(id));
	}

	/** The plain secret, for signing (null when none). */
	secretOf(row: WebhookRow): string | null {
		return row.secretSealed ? this.cipher.decrypt(row.secretSealed) : null;
	}

	async create(actor: SessionUser, input: z.infer<typeof CreateWebhookRequest>): Promise<WebhookJson> {
		this.checkDestination(input.url);
		const now = this.clock.now();
		const [row] = await this.db
			.insert(webhooks)
			.values({
				id: randomUUID(),
				name: input.name || new URL(input.url).host,
				url: input.url,
				format: input.format,
				secretSealed: input.secret ? this.cipher.encrypt(input.secret) : null,
				events: input.events,
				lang: input.lang,
				enabled: input.enabled,
				createdBy: actor.id,
				createdAt: now,
				updatedAt: now
			})
			.returning();
		return toWebhookJson(row);
	}

	async patch(id: string, input: z.infer<typeof PatchWebhookRequest>): Promise<WebhookJson> {
		await this.getRow(id);
		this.checkDestination(input.url);
		const { secret, ...rest } = input;
		const set: Partial<WebhookRow> = { ...rest, updatedAt: this.clock.now() };
		if (secret !== undefined) set.secretSealed = secret ? this.cipher.encrypt(secret) : null;
		await this.db.update(webhooks).set(set).where(eq(webhooks.id, id));
		return this.get(id);
	}

	/** Deletes the webhook and (cascade) its delivery log; pending deliveries are never sent. */
	async remove(id: string): Promise<void> {
		await this.getRow(id);
		await this.db.delete(webhooks).where(eq(webhooks.id, id));
	}

	/** One page of a webhook's deliveries, newest first, and how many there are in all (of that status). */
	async deliveries(webhookId: string, query: z.infer<typeof WebhookDeliveriesQuery>): Promise<Page<WebhookDeliveryJson>> {
		await this.getRow(webhookId);
		const where = and(eq(webhookDeliveries.webhookId, webhookId), query.status ? eq(webhookDeliveries.status, query.status) : undefined);
		const [rows, [{ total }]] = await Promise.all([
			this.db.select().from(webhookDeliveries).where(where).orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id)).limit(query.limit).offset(query.offset),
			this.db.select({ total: count() }).from(webhookDeliveries).where(where)
		]);
		return { items: rows.map(toDeliveryJson), total, limit: query.limit, offset: query.offset };
	}

	async delivery(webhookId: string, id: string): Promise<DeliveryRow> {
		const [row] = ID.test(id)
			? await this.db
					.select()
					.from(webhookDeliveries)
					.where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.webhookId, webhookId)))
			: [];
		if (!row) throw notFound('Delivery');
		return row;
	}

	/**
	 * The outbox: one pending delivery per enabled webhook subscribed to each announced event,
	 * written with the events' own transaction. Idempotent (unique webhook, incident, seq, event).
	 */
	async enqueue(tx: DbOrTx, events: IncidentEvent[]): Promise<number> {
		const announced = events.map((e) => ({ e, name: webhookEventOf(e) })).filter((x) => x.name !== null);
		if (announced.length === 0) return 0;
		const hooks = await tx.select({ id: webhooks.id, events: webhooks.events }).from(webhooks).where(eq(webhooks.enabled, true));
		const now = this.clock.now();
		const rows: NewDelivery[] = announced.flatMap(({ e, name }) =>
			hooks
				.filter((h) => h.events.includes(name!))
				.map((h) => ({ id: randomUUID(), webhookId: h.id, eventType: name!, incidentId: e.incidentId, eventSeq: e.seq, payload: payloadOf(e, name!), nextAttemptAt: now, createdAt: now }))
		);
		if (rows.length) await tx.insert(webhookDeliveries).values(rows).onConflictDoNothing();
		return rows.length;
	}

	/** A test message (no incident) for one webhook, leased to the caller until `leasedUntil` (it sends it at once). */
	async enqueueTest(actor: SessionUser, webhookId: string, leasedUntil: Date): Promise<DeliveryRow> {
		await this.getRow(webhookId);
		const now = this.clock.now();
		const payload: Payload = { incidentId: '', seq: 0, type: TEST_EVENT, at: now.toISOString(), actor: { id: actor.id, name: actor.name }, data: {}, webhook: { event: TEST_EVENT } };
		return this.insertDelivery({ webhookId, eventType: TEST_EVENT, incidentId: null, eventSeq: null, payload, redeliveryOf: null }, leasedUntil);
	}

	/** A new delivery with the same payload as an earlier one, leased to the caller until `leasedUntil` (it sends it at once). */
	async redeliver(webhookId: string, deliveryId: string, leasedUntil: Date): Promise<DeliveryRow> {
		const { webhookId: w, eventType, incidentId, eventSeq, payload, id } = await this.delivery(webhookId, deliveryId);
		return this.insertDelivery({ webhookId: w, eventType, incidentId, eventSeq, payload, redeliveryOf: id }, leasedUntil);
	}

	/**
	 * A delivery made for a request, created already leased (next attempt after the lease) so the
	 * worker's poll cannot claim it before the request sends it; should the request die first, the
	 * worker delivers it when the lease ends.
	 */
	private async insertDelivery(values: Omit<NewDelivery, 'id' | 'createdAt' | 'nextAttemptAt'>, leasedUntil: Date): Promise<DeliveryRow> {
		const [row] = await this.db
			.insert(webhookDeliveries)
			.values({ ...values, id: randomUUID(), nextAttemptAt: leasedUntil, createdAt: this.clock.now() })
			.returning();
		return row;
	}
}
