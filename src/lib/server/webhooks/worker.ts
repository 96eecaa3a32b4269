// Sends queued webhook deliveries. Durable: the queue is the webhook_deliveries table, so pending
// deliveries survive restarts. Safe with several instances on one PostgreSQL: a delivery is
// claimed with `FOR UPDATE SKIP LOCKED` and leased by moving its next_attempt_at past the HTTP
// timeout, so two instances never send the same attempt (a crash mid-attempt only delays a
// retry until the lease ends). Failures are retried with exponential back-off and full jitter.
// A graceful stop claims nothing more and gives attempts in flight a moment to finish; one it has
// to cut is retried when its lease ends, like a crash (the receiver may have it already).
// A destination that is not allowed (destination.ts) is a permanent failure: nothing was sent,
// and trying again cannot help until an admin changes the URL or the setting (then redeliver).
import { and, asc, eq, inArray, lte, min, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { webhooks, webhookDeliveries } from '../db/schema';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { PollLoop } from '../scheduler/loop';
import { logger } from '../logger.js';
import type { DeliveryAttemptJson, WebhookDeliveryJson } from '$lib/api/schemas';
import { render, rejection } from './messages';
import { toDeliveryJson, type DeliveryRow, type WebhooksService } from './service';
import { DestinationRefused } from './destination';
import { post } from './send';

const BATCH = 20;
/** How long a stopping server lets deliveries in flight finish before cutting them. */
const STOP_GRACE_MS = 2000;
const EXCERPT = 300;

/** Full jitter: attempt n (1, 2, …) waits a uniform random time in [0, min(cap, base · 2^(n-1))). */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
	return Math.floor(random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)));
}

export class WebhookWorker extends PollLoop {
	/** Attempts made by this instance (for logs and tests). */
	attempted = 0;
	/** Aborted on stop, so a slow receiver cannot hold a shutdown open. */
	private stopping = new AbortController();

	constructor(
		private db: Db,
		clock: Clock,
		private service: WebhooksService,
		private config: Pick<Config, 'origin' | 'timeZone' | 'webhooks'>
	) {
		super(clock, config.webhooks.pollMs, 'webhook delivery');
	}

	/** Set on stop: no new batch is claimed. */
	private closing = false;

	/**
	 * A graceful stop lets attempts in flight finish for a moment (a receiver that answers promptly
	 * gets its delivery recorded as delivered, so no other instance sends it again), then cuts them.
	 */
	async stop(): Promise<void> {
		this.closing = true;
		const cut = setTimeout(() => this.stopping.abort(new Error('interrupted: the server is stopping')), STOP_GRACE_MS);
		try {
			await super.stop();
		} finally {
			clearTimeout(cut);
			this.stopping = new AbortController();
			this.closing = false;
		}
	}

	/** Sends every delivery due now, batch by batch; returns how many attempts were made. */
	async runDue(): Promise<number> {
		let count = 0;
		for (;;) {
			if (this.closing) return count;
			const claimed = await this.claim();
			if (claimed.length === 0) return count;
			await Promise.all(claimed.map((d) => this.attempt(d)));
			count += claimed.length;
		}
	}

	async nextDue(): Promise<Date | null> {
		const [r] = await this.db
			.select({ at: min(webhookDeliveries.nextAttemptAt) })
			.from(webhookDeliveries)
			.innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
			.where(and(eq(webhookDeliveries.status, 'pending'), eq(webhooks.enabled, true)));
		return r?.at ? new Date(r.at) : null;
	}

	/**
	 * Sends a delivery made for this request (test, redeliver) at once and answers it as it stands
	 * after the attempt. `create` gets the lease: the delivery is born claimed by this caller, so a
	 * poll (here or on another instance) cannot take it first and leave the answer "pending".
	 */
	async sendNew(create: (leasedUntil: Date) => Promise<DeliveryRow>): Promise<WebhookDeliveryJson> {
		const created = await create(this.leaseFrom(this.clock.now()));
		await this.attempt(created);
		const [row] = await this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, created.id));
		return toDeliveryJson(row);
	}

	/** Past the HTTP timeout, with room: an attempt in flight is never claimed again. */
	private leaseFrom(now: Date): Date {
		return new Date(now.getTime() + this.config.webhooks.timeoutMs + 30_000);
	}

	/**
	 * Claims due deliveries: row locks skip what another instance is claiming, and the lease
	 * (next_attempt_at moved past the HTTP timeout) keeps them from claiming it again after commit.
	 * Deliveries of paused webhooks wait (a test or redelivery is sent at once, born leased: `sendNew`).
	 */
	private async claim(): Promise<DeliveryRow[]> {
		const now = this.clock.now();
		const lease = this.leaseFrom(now);
		return this.db.transaction(async (tx) => {
			const enabled = tx.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.enabled, true));
			const due = await tx
				.select({ id: webhookDeliveries.id })
				.from(webhookDeliveries)
				.where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now), inArray(webhookDeliveries.webhookId, enabled)))
				.orderBy(asc(webhookDeliveries.nextAttemptAt))
				.limit(BATCH)
				.for('update', { skipLocked: true });
			if (due.length === 0) return [];
			return tx
				.update(webhookDeliveries)
				.set({ nextAttemptAt: lease })
				.where(
					inArray(
						webhookDeliveries.id,
						due.map((d) => d.id)
					)
				)
				.returning();
		});
	}

	/** One HTTP attempt, recorded in the log; delivered, retried later, or given up. */
	private async attempt(d: DeliveryRow): Promise<void> {
		const { timeoutMs, maxAttempts, backoffMs: base, backoffCapMs, allowPrivate } = this.config.webhooks;
		const [hook] = await this.db.select().from(webhooks).where(eq(webhooks.id, d.webhookId));
		if (!hook) return; // deleted meanwhile: its deliveries went with it
		const at = this.clock.now();
		const started = performance.now();
		const entry: DeliveryAttemptJson = { at: at.toISOString(), status: null, latencyMs: 0, excerpt: '', error: null };
		let refused = false;
		const timeout = AbortSignal.timeout(timeoutMs);
		try {
			const req = render(hook.url, hook.format, d.payload, {
				secret: this.service.secretOf(hook),
				lang: hook.lang,
				origin: (this.config.origin ?? '').replace(/\/$/, ''),
				timeZone: this.config.timeZone,
				deliveryId: d.id,
				webhookName: hook.name,
				now: at
			});
			const res = await post(req.url, { headers: req.headers, body: req.body, allowPrivate, signal: AbortSignal.any([this.stopping.signal, timeout]) });
			entry.status = res.status;
			// only an allowed destination answers: a refused one is never connected to, so it has no excerpt
			entry.excerpt = res.text.slice(0, EXCERPT);
			entry.error = rejection(hook.format, res.status, res.text);
		} catch (err) {
			const e = err as Error & { code?: string; cause?: { code?: string; message?: string } };
			refused = err instanceof DestinationRefused;
			// a refusal reads the same whatever the port: nothing was connected to
			entry.error = refused ? `${e.code}: ${e.message}` : timeout.aborted ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.code ?? e.message);
		}
		entry.latencyMs = Math.round(performance.now() - started);
		const attempts = d.attempts + 1;
		const delivered = entry.error === null;
		const status = delivered ? 'delivered' : refused || attempts >= maxAttempts ? 'failed' : 'pending';
		// cut by a stop, the receiver may well have it: retried only when the lease ends, as after a crash
		const cutByStop = !delivered && this.stopping.signal.aborted;
		await this.db
			.update(webhookDeliveries)
			.set({
				status,
				attempts,
				lastAttemptAt: at,
				deliveredAt: delivered ? this.clock.now() : null,
				nextAttemptAt: status !== 'pending' ? null : cutByStop ? this.leaseFrom(at) : new Date(at.getTime() + entry.latencyMs + backoffMs(attempts, base, backoffCapMs)),
				attemptsLog: sql`${webhookDeliveries.attemptsLog} || ${JSON.stringify([entry])}::jsonb`
			})
			.where(eq(webhookDeliveries.id, d.id));
		this.attempted++;
		if (!delivered)
			logger[status === 'failed' ? 'warn' : 'info'](
				{ deliveryId: d.id, webhookId: hook.id, attempts, error: entry.error },
				status === 'failed' ? 'webhook delivery failed; gave up' : 'webhook delivery failed; will retry'
			);
	}
}
