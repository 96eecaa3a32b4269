// Incident use cases: declare, read, update with optimistic versioning, change level.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, ne, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/client';
import { incidents, dailySerials } from '../db/schema';
import type { Config } from '../config';
import type { Clock } from '../clock';
import { ServiceError, notFound, forbidden } from '../errors';
import { DEFAULT_INPUTS, determineLevel, type Level, type LevelInputs } from '$lib/domain/levels';
import { dayInTimeZone, formatIncidentCode, INCIDENT_CODE_PREFIX } from '$lib/domain/codes';
import type { DeclareIncidentRequest, InboundAlertRequest, PatchIncidentRequest, ListIncidentsQuery, IncidentJson, PhaseRequest } from '$lib/api/schemas';
import type { IncidentEvent } from '$lib/realtime/events';
import { appendEvents, loadEvents, withIncident, type EventActor, type NewEvent } from './timeline';
import { contactRollup, contactRollups, recomputeOpenDeadlines, recomputePostmortemDeadline, openCustomerCount } from './contact-deadlines';
import { POSTMORTEM_WINDOW_MS } from '$lib/domain/survey';
import { STATS_EVENTS, refreshIncidentStats } from './incident-stats';
import { nextPhase, unmetConditions, PHASE_ORDER } from '$lib/domain/phases';
import { seatsForLevel } from '$lib/domain/response';
import { closingFacts } from './review';
import { EMPTY_SEATS, extendResponse, insertSeats, seatRollup, seatRollups, type SeatRollup } from './response';
import type { Publisher } from '../realtime/publisher';
import type { SessionUser } from '../auth/principal';

export type IncidentRow = typeof incidents.$inferSelect;
export type Lang = 'en' | 'zh';

export type ContactRollupJson = IncidentJson['contact'];
export const EMPTY_ROLLUP: ContactRollupJson = { total: 0, met: 0, pending: 0, overdue: 0, dueSoon: 0, metLate: 0, unreachable: 0, nextDueAt: null, nextDueSoonAt: null };

export interface Change {
	set: Partial<IncidentRow>;
	events: NewEvent[];
}

export function toIncidentJson(r: IncidentRow, lang: Lang = 'en', contact: ContactRollupJson = EMPTY_ROLLUP, seats: SeatRollup = EMPTY_SEATS): IncidentJson {
	return {
		id: r.id,
		code: r.code,
		title: r.title,
		description: r.description,
		category: r.category,
		source: r.source,
		level: r.level as Level,
		levelReason: lang === 'zh' ? r.levelReason.zh : r.levelReason.en,
		levelReasonI18n: { en: r.levelReason.en, zh: r.levelReason.zh },
		levelTriggers: r.levelReason.triggers,
		phase: r.phase,
		identifiedAt: r.identifiedAt.toISOString(),
		resolvedAt: r.resolvedAt?.toISOString() ?? null,
		closedAt: r.closedAt?.toISOString() ?? null,
		inputs: { ...DEFAULT_INPUTS, ...r.inputs },
		affectedCustomers: r.affectedCustomers,
		productModel: r.productModel,
		recurrenceOf: r.recurrenceOf,
		contact,
		seats,
		createdAt: r.createdAt.toISOString(),
		updatedAt: r.updatedAt.toISOString(),
		version: r.version
	};
}

/**
 * The level after a change of inputs or customer count: a higher determined level escalates at
 * once (with an event); the same level refreshes the reason (e.g. "46 affected customers"); a
 * lower determined level keeps the current one (lowering is a lead's decision) but records the
 * triggers that now hold.
 */
export function redetermine(row: IncidentRow, inputs: LevelInputs, customerRecords: number): Change {
	const determined = determineLevel({ ...DEFAULT_INPUTS, ...inputs }, customerRecords);
	if (determined.level < row.level) {
		return {
			set: { level: determined.level, levelReason: determined },
			events: [{ type: 'incident.level_changed', data: { from: row.level as Level, to: determined.level, automatic: true, reason: { en: determined.en, zh: determined.zh } } }]
		};
	}
	if (determined.level === row.level && !row.levelReason.manual) return { set: { levelReason: determined }, events: [] };
	return { set: { levelReason: { ...row.levelReason, triggers: determined.triggers } }, events: [] };
}

const EDITABLE = ['title', 'description', 'category', 'source', 'identifiedAt', 'productModel', 'recurrenceOf'] as const;

export class IncidentsService {
	/** Called after every committed change with its events (the alarm scheduler looks again). */
	onCommitted?: (events: IncidentEvent[]) => void;
	/** Runs inside the closing transaction (the archive is generated there, so a close without its documents cannot commit). */
	onClosing?: (tx: DbOrTx, row: IncidentRow, now: Date) => Promise<void>;
	/** Runs inside the transaction that appended `events` (the webhook outbox enqueues there). */
	onAppended?: (tx: DbOrTx, events: IncidentEvent[]) => Promise<void>;

	constructor(
		private db: Db,
		private config: Config,
		private clock: Clock,
		private publisher: Publisher
	) {}

	/** Declares an incident: code, level from the inputs, first timeline event, all in one transaction. */
	async declare(actor: SessionUser, input: z.infer<typeof DeclareIncidentRequest>, external?: { source: string; id: string }): Promise<IncidentJson> {
		const now = this.clock.now();
		const inputs: LevelInputs = { ...DEFAULT_INPUTS, ...input.inputs };
		const reason = determineLevel(inputs, 0);
		const { row, events, rollup } = await this.db.transaction(async (tx) => {
			const day = dayInTimeZone(now, this.config.timeZone);
			const [serial] = await tx
				.insert(dailySerials)
				.values({ prefix: INCIDENT_CODE_PREFIX, day, last: 1 })
				.onConflictDoUpdate({ target: [dailySerials.prefix, dailySerials.day], set: { last: sql`${dailySerials.last} + 1` } })
				.returning({ last: dailySerials.last });
			const [row] = await tx
				.insert(incidents)
				.values({
					id: randomUUID(),
					code: formatIncidentCode(INCIDENT_CODE_PREFIX, day, serial.last),
					title: input.title,
					description: input.description ?? '',
					category: input.category,
					source: input.source ?? '',
					level: reason.level,
					levelReason: reason,
					inputs,
					identifiedAt: input.identifiedAt ?? now,
					productModel: input.productModel ?? '',
					recurrenceOf: input.recurrenceOf ? await this.earlierIncident(tx, input.recurrenceOf) : null,
					externalSource: external?.source ?? null,
					externalId: external?.id ?? null,
					createdBy: actor.id,
					createdAt: now,
					updatedAt: now,
					version: 1
				})
				.returning();
			// The response group the level convenes, vacant until people take their seats.
			const seats = seatsForLevel(reason.level);
			await insertSeats(tx, row.id, seats, reason.level, now);
			const rollup = { total: seats.length, filled: 0, acknowledged: 0 };
			const events = await appendEvents(tx, row.id, 0, actor, now, [
				{ type: 'incident.declared', data: { incident: toIncidentJson(row, 'en', EMPTY_ROLLUP, rollup), seats: seats.map((x) => ({ seat: x.seat, group: x.group, en: x.en, zh: x.zh })) } }
			]);
			await this.onAppended?.(tx, events);
			return { row, events, rollup };
		});
		this.publisher.publish(events);
		this.onCommitted?.(events);
		return toIncidentJson(row, 'en', EMPTY_ROLLUP, rollup);
	}

	async list(query: z.infer<typeof ListIncidentsQuery>, lang: Lang): Promise<IncidentJson[]> {
		const where: SQL[] = [];
		where.push(query.phase ? eq(incidents.phase, query.phase) : ne(incidents.phase, 'closed'));
		if (query.level) where.push(eq(incidents.level, query.level));
		if (query.category) where.push(eq(incidents.category, query.category));
		if (query.q) {
			const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
			where.push(or(ilike(incidents.code, like), ilike(incidents.title, like), ilike(incidents.description, like))!);
		}
		const rows = await this.db
			.select()
			.from(incidents)
			.where(and(...where))
			.orderBy(asc(incidents.level), desc(incidents.identifiedAt))
			.limit(500);
		const ids = rows.map((r) => r.id);
		const [rollups, seats] = await Promise.all([contactRollups(this.db, ids, this.clock.now()), seatRollups(this.db, ids)]);
		return rows.map((r) => toIncidentJson(r, lang, rollups.get(r.id), seats.get(r.id)));
	}

	async getRow(id: string, db: DbOrTx = this.db, lock = false): Promise<IncidentRow> {
		if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('Incident');
		const q = db.select().from(incidents).where(eq(incidents.id, id));
		const [row] = lock ? await q.for('update') : await q;
		if (!row) throw notFound('Incident');
		return row;
	}

	async get(id: string, lang: Lang): Promise<IncidentJson> {
		const row = await this.getRow(id);
		return toIncidentJson(row, lang, await contactRollup(this.db, id, this.clock.now()), await seatRollup(this.db, id));
	}

	/**
	 * Applies `change` to the locked incident inside one transaction and appends the events it
	 * returns; the version moves by the number of events. 409 with the current incident when
	 * `expectedVersion` is stale. Events are published after commit.
	 */
	async mutate(
		id: string,
		actor: EventActor,
		expectedVersion: number | undefined,
		change: (row: IncidentRow, now: Date, tx: DbOrTx) => Promise<Change> | Change,
		lang: Lang = 'en'
	): Promise<IncidentJson> {
		const now = this.clock.now();
		const result = await this.db.transaction(async (tx) => {
			const row = await this.getRow(id, tx, true);
			if (expectedVersion !== undefined && row.version !== expectedVersion) return { conflict: row };
			if (row.phase === 'closed') throw new ServiceError('conflict', 'The incident is closed and read-only');
			const { set, events } = await change(row, now, tx);
			// A raised level convenes the new level's groups in the same transaction.
			if (set.level !== undefined && set.level !== row.level) events.push(...(await extendResponse(tx, id, row.level as Level, set.level as Level, now)));
			if (events.length === 0) return { row, events: [] as IncidentEvent[], contact: await contactRollup(tx, id, now), seats: await seatRollup(tx, id) };
			const [updated] = await tx
				.update(incidents)
				.set({ ...set, updatedAt: now, version: row.version + events.length })
				.where(eq(incidents.id, id))
				.returning();
			if (events.some((e) => STATS_EVENTS.has(e.type))) await refreshIncidentStats(tx, sql`x.id = ${id}`);
			// A new level moves every deadline not yet met, from its own start (PRODUCT.md §3).
			if (updated.level !== row.level) {
				await recomputeOpenDeadlines(tx, id, updated.level as Level, now);
				if (updated.resolvedAt) await recomputePostmortemDeadline(tx, id, updated.resolvedAt, updated.level as Level, now);
			}
			const contact = await contactRollup(tx, id, now);
			const seats = await seatRollup(tx, id);
			const snapshot = toIncidentJson(updated, 'en', contact, seats);
			const appended = await appendEvents(
				tx,
				id,
				row.version,
				actor,
				now,
				events.map((e) => withIncident(e, snapshot))
			);
			await this.onAppended?.(tx, appended);
			return { row: updated, events: appended, contact, seats };
		});
		if ('conflict' in result && result.conflict) {
			const current = toIncidentJson(result.conflict, lang, await contactRollup(this.db, id, now), await seatRollup(this.db, id));
			throw new ServiceError('version_conflict', `The incident was changed by someone else (now version ${current.version}); reload and re-apply your change`, { current });
		}
		const { row, events, contact, seats } = result as { row: IncidentRow; events: IncidentEvent[]; contact: ContactRollupJson; seats: SeatRollup };
		this.publisher.publish(events);
		this.onCommitted?.(events);
		return toIncidentJson(row, lang, contact, seats);
	}

	/** The id of an existing incident to link a recurrence to (400 naming `recurrenceOf` otherwise). */
	private async earlierIncident(tx: DbOrTx, id: string, self?: string): Promise<string> {
		const [r] = await tx.select({ id: incidents.id }).from(incidents).where(eq(incidents.id, id));
		if (!r || id === self) throw new ServiceError('invalid_input', 'recurrenceOf: no such earlier incident', [{ field: 'recurrenceOf', message: 'no such earlier incident' }]);
		return r.id;
	}

	/** PATCH: edits fields and level inputs; a change of inputs that raises the determined level escalates at once. */
	/**
	 * An alert from another system (monitoring, a customer-service desk): the first one declares,
	 * a repeat with the same system and external id updates that incident (title, description,
	 * level inputs — which may escalate it). Two identical alerts at once still make one incident:
	 * the unique index decides, and the loser updates the winner's incident.
	 */
	async fromAlert(actor: SessionUser, input: z.infer<typeof InboundAlertRequest>, lang: Lang): Promise<{ incident: IncidentJson; created: boolean }> {
		const { system, externalId, ...fields } = input;
		const find = async () =>
			(
				await this.db
					.select({ id: incidents.id })
					.from(incidents)
					.where(and(eq(incidents.externalSource, system), eq(incidents.externalId, externalId)))
			)[0];
		let existing = await find();
		if (!existing) {
			try {
				return { incident: await this.declare(actor, fields, { source: system, id: externalId }), created: true };
			} catch (err) {
				const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
				if (code !== '23505') throw err;
				existing = await find();
				if (!existing) throw err;
			}
		}
		const { category: _category, identifiedAt: _at, ...editable } = fields;
		const incident = await this.mutate(existing.id, actor, undefined, (row, _now, tx) => this.patchChange(row, tx, editable, existing!.id), lang);
		return { incident, created: false };
	}

	async patch(actor: SessionUser, id: string, input: z.infer<typeof PatchIncidentRequest>, lang: Lang): Promise<IncidentJson> {
		return this.mutate(id, actor, input.version, (row, _now, tx) => this.patchChange(row, tx, input, id), lang);
	}

	private async patchChange(row: IncidentRow, tx: DbOrTx, input: Omit<z.infer<typeof PatchIncidentRequest>, 'version'>, id: string): Promise<Change> {
		if (input.recurrenceOf) await this.earlierIncident(tx, input.recurrenceOf, id);
		const set: Partial<IncidentRow> = {};
		const changes: Record<string, { from: unknown; to: unknown }> = {};
		for (const key of EDITABLE) {
			const value = input[key];
			if (value === undefined) continue;
			const before = row[key];
			const same = value instanceof Date && before instanceof Date ? value.getTime() === before.getTime() : value === before;
			if (same) continue;
			(set as Record<string, unknown>)[key] = value;
			changes[key] = { from: before instanceof Date ? before.toISOString() : before, to: value instanceof Date ? value.toISOString() : value };
		}
		if (input.inputs) {
			const merged: LevelInputs = { ...DEFAULT_INPUTS, ...row.inputs, ...input.inputs };
			for (const [k, v] of Object.entries(input.inputs)) {
				const before = (row.inputs as unknown as Record<string, unknown>)[k];
				if (before !== v) changes[`inputs.${k}`] = { from: before, to: v };
			}
			set.inputs = merged;
		}
		const events: NewEvent[] = [];
		if (Object.keys(changes).length > 0) events.push({ type: 'incident.updated', data: { changes } });
		if (set.inputs) {
			const r = redetermine(row, set.inputs, row.affectedCustomers);
			Object.assign(set, r.set);
			events.push(...r.events);
		}
		return { set, events };
	}

	/**
	 * A lead changes the level by hand, with a reason. Raising is any lead's call; lowering needs
	 * a lead of the current level, and lowering below what the inputs determine needs `override`.
	 */
	async setLevel(actor: SessionUser, id: string, input: { level: Level; reason: string; override?: boolean }, lang: Lang): Promise<IncidentJson> {
		return this.mutate(
			id,
			actor,
			undefined,
			(row) => {
				if (input.level === row.level) return { set: {}, events: [] };
				const determined = determineLevel(row.inputs, row.affectedCustomers);
				if (input.level > determined.level && !input.override) {
					throw new ServiceError('conflict', `The inputs determine level ${determined.level}; lowering to ${input.level} needs "override": true`, {
						determinedLevel: determined.level
					});
				}
				// Lowering is a lead's decision, and a level-1 incident is lowered only by the leadership
				// group that leads it (PRODUCT.md §2: "a lead of the current level or above").
				if (input.level > row.level) {
					const admin = actor.roles.includes('admin');
					if (!admin && !actor.roles.includes('lead')) throw forbidden('Only a lead may lower the level');
					if (!admin && row.level === 1 && !actor.groups.includes('leadership')) {
						throw forbidden('A level-1 incident is lowered only by a lead of the leadership group');
					}
				}
				const reason = { ...determined, level: input.level, manual: true, en: `Set by ${actor.name}: ${input.reason}`, zh: `由 ${actor.name} 手动调整:${input.reason}` };
				return {
					set: { level: input.level, levelReason: reason },
					events: [{ type: 'incident.level_changed', data: { from: row.level as Level, to: input.level, automatic: false, reason: { en: reason.en, zh: reason.zh }, note: input.reason } }]
				};
			},
			lang
		);
	}

	/**
	 * Moves the incident to the next phase when its gate holds; otherwise 409 gate_not_met with
	 * what is unmet, unless a lead overrides with a recorded reason.
	 */
	async setPhase(actor: SessionUser, id: string, input: z.infer<typeof PhaseRequest>, lang: Lang): Promise<IncidentJson> {
		return this.mutate(
			id,
			actor,
			undefined,
			async (row, now, tx) => {
				if (input.phase === row.phase) return { set: {}, events: [] };
				const expected = nextPhase(row.phase);
				if (input.phase !== expected) {
					const from = PHASE_ORDER.indexOf(row.phase);
					throw new ServiceError(
						'conflict',
						PHASE_ORDER.indexOf(input.phase) < from
							? `The incident is already past "${input.phase}"; phases only move forward`
							: `From "${row.phase}" the next phase is "${expected}"; phases are entered one at a time`,
						{ phase: row.phase, next: expected }
					);
				}
				const facts = { customersOpen: await openCustomerCount(tx, id), ...(input.phase === 'closed' ? await closingFacts(tx, id) : {}) };
				const unmet = unmetConditions(input.phase, facts);
				if (unmet.length > 0 && !input.overrideReason) {
					throw new ServiceError('gate_not_met', `Cannot enter "${input.phase}" yet: ${unmet.map((u) => u[lang]).join('; ')}`, {
						unmet: unmet.map((u) => u[lang]),
						conditions: unmet
					});
				}
				if (unmet.length > 0 && !actor.roles.includes('lead')) throw forbidden('Only a lead may override a phase gate');
				const set: Partial<IncidentRow> = { phase: input.phase };
				if (input.phase === 'follow_up') {
					set.resolvedAt = now;
					set.postmortemDueAt = new Date(now.getTime() + POSTMORTEM_WINDOW_MS[row.level as Level]);
				}
				if (input.phase === 'closed') {
					set.closedAt = now;
					await this.onClosing?.(tx, { ...row, phase: 'closed', closedAt: now }, now);
				}
				const override = unmet.length > 0 ? { reason: input.overrideReason, unmet } : undefined;
				return { set, events: [{ type: 'incident.phase_changed', data: { from: row.phase, to: input.phase, ...(override ? { override } : {}) } }] };
			},
			lang
		);
	}

	async events(id: string, after: number): Promise<IncidentEvent[]> {
		await this.getRow(id);
		return loadEvents(this.db, id, after);
	}
}
