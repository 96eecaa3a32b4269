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
import type { DeclareIncidentRequest, PatchIncidentRequest, ListIncidentsQuery, IncidentJson } from '$lib/api/schemas';
import type { IncidentEvent } from '$lib/realtime/events';
import { appendEvents, loadEvents, type EventActor, type NewEvent } from './timeline';
import type { Publisher } from '../realtime/publisher';
import type { SessionUser } from '../auth/principal';

export type IncidentRow = typeof incidents.$inferSelect;
export type Lang = 'en' | 'zh';

export function toIncidentJson(r: IncidentRow, lang: Lang = 'en'): IncidentJson {
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
		contact: { total: r.affectedCustomers, met: 0, pending: r.affectedCustomers, overdue: 0 },
		createdAt: r.createdAt.toISOString(),
		updatedAt: r.updatedAt.toISOString(),
		version: r.version
	};
}

const EDITABLE = ['title', 'description', 'category', 'source', 'identifiedAt'] as const;

export class IncidentsService {
	constructor(
		private db: Db,
		private config: Config,
		private clock: Clock,
		private publisher: Publisher
	) {}

	/** Declares an incident: code, level from the inputs, first timeline event, all in one transaction. */
	async declare(actor: SessionUser, input: z.infer<typeof DeclareIncidentRequest>): Promise<IncidentJson> {
		const now = this.clock.now();
		const inputs: LevelInputs = { ...DEFAULT_INPUTS, ...input.inputs };
		const reason = determineLevel(inputs, 0);
		const { row, events } = await this.db.transaction(async (tx) => {
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
					createdBy: actor.id,
					createdAt: now,
					updatedAt: now,
					version: 1
				})
				.returning();
			const events = await appendEvents(tx, row.id, 0, actor, now, [
				{ type: 'incident.declared', data: { incident: toIncidentJson(row) } }
			]);
			return { row, events };
		});
		this.publisher.publish(events);
		return toIncidentJson(row);
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
		return rows.map((r) => toIncidentJson(r, lang));
	}

	async getRow(id: string, db: DbOrTx = this.db, lock = false): Promise<IncidentRow> {
		if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('Incident');
		const q = db.select().from(incidents).where(eq(incidents.id, id));
		const [row] = lock ? await q.for('update') : await q;
		if (!row) throw notFound('Incident');
		return row;
	}

	async get(id: string, lang: Lang): Promise<IncidentJson> {
		return toIncidentJson(await this.getRow(id), lang);
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
		change: (row: IncidentRow, now: Date) => { set: Partial<IncidentRow>; events: NewEvent[] },
		lang: Lang = 'en'
	): Promise<IncidentJson> {
		const now = this.clock.now();
		const result = await this.db.transaction(async (tx) => {
			const row = await this.getRow(id, tx, true);
			if (expectedVersion !== undefined && row.version !== expectedVersion) return { conflict: row };
			if (row.phase === 'closed') throw new ServiceError('conflict', 'The incident is closed and read-only');
			const { set, events } = change(row, now);
			if (events.length === 0) return { row, events: [] as IncidentEvent[] };
			const [updated] = await tx
				.update(incidents)
				.set({ ...set, updatedAt: now, version: row.version + events.length })
				.where(eq(incidents.id, id))
				.returning();
			const appended = await appendEvents(tx, id, row.version, actor, now, events.map((e) => ({ ...e, data: { ...e.data, incident: toIncidentJson(updated) } })));
			return { row: updated, events: appended };
		});
		if ('conflict' in result && result.conflict) {
			const current = toIncidentJson(result.conflict, lang);
			throw new ServiceError('version_conflict', `The incident was changed by someone else (now version ${current.version}); reload and re-apply your change`, { current });
		}
		const { row, events } = result as { row: IncidentRow; events: IncidentEvent[] };
		this.publisher.publish(events);
		return toIncidentJson(row, lang);
	}

	/** PATCH: edits fields and level inputs; a change of inputs that raises the determined level escalates at once. */
	async patch(actor: SessionUser, id: string, input: z.infer<typeof PatchIncidentRequest>, lang: Lang): Promise<IncidentJson> {
		return this.mutate(id, actor, input.version, (row) => {
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
				const determined = determineLevel(set.inputs, row.affectedCustomers);
				if (determined.level < row.level) {
					set.level = determined.level;
					set.levelReason = determined;
					events.push({
						type: 'incident.level_changed',
						data: { from: row.level, to: determined.level, automatic: true, reason: { en: determined.en, zh: determined.zh } }
					});
				}
			}
			return { set, events };
		}, lang);
	}

	/** A lead changes the level by hand. Lowering below what the inputs determine needs `override`. */
	async setLevel(actor: SessionUser, id: string, input: { level: Level; reason: string; override?: boolean }, lang: Lang): Promise<IncidentJson> {
		return this.mutate(id, actor, undefined, (row) => {
			if (input.level === row.level) return { set: {}, events: [] };
			const determined = determineLevel(row.inputs, row.affectedCustomers);
			if (input.level > determined.level && !input.override) {
				throw new ServiceError('conflict', `The inputs determine level ${determined.level}; lowering to ${input.level} needs "override": true`, {
					determinedLevel: determined.level
				});
			}
			if (input.level > row.level && !actor.roles.includes('lead') && !actor.roles.includes('admin')) throw forbidden();
			const reason = { ...determined, level: input.level, en: `Set by ${actor.name}: ${input.reason}`, zh: `由 ${actor.name} 手动调整:${input.reason}` };
			return {
				set: { level: input.level, levelReason: reason },
				events: [{ type: 'incident.level_changed', data: { from: row.level, to: input.level, automatic: false, reason: { en: reason.en, zh: reason.zh }, note: input.reason } }]
			};
		}, lang);
	}

	async events(id: string, after: number): Promise<IncidentEvent[]> {
		await this.getRow(id);
		return loadEvents(this.db, id, after);
	}
}
