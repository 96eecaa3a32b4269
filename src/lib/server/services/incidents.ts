// Incident use cases: declare, read, update with optimistic versioning, change level.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, ne, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/client';
import { incidents, dailySerials } from '../db/schema';
import type { Config } from '../config';
import type { Clock } from '../clock';
import { ServiceError } from '../errors';
import { DEFAULT_INPUTS, determineLevel, type Level, type LevelInputs } from '$lib/domain/levels';
import { dayInTimeZone, formatIncidentCode, INCIDENT_CODE_PREFIX } from '$lib/domain/codes';
import type { DeclareIncidentRequest, InboundAlertRequest, PatchIncidentRequest, ListIncidentsQuery, IncidentJson, PhaseRequest, PhaseStatusJson } from '$lib/api/schemas';
import type { IncidentEvent } from '$lib/realtime/events';
import { appendEvents, loadEvents, type NewEvent } from './timeline';
import { resolutionFacts } from './contact-deadlines';
import { postmortemDeadline } from '$lib/domain/deadlines';
import { gateConditions, nextPhase, PHASE_ORDER, type GateCondition } from '$lib/domain/phases';
import type { Phase } from '$lib/domain/vocabulary';
import { seatsForLevel } from '$lib/domain/response';
import { closingFacts } from './review';
import { containmentFacts, insertSeats } from './response';
import { followUpFacts } from './resolution';
import { EMPTY_ROLLUP, incidentJson, incidentsJson, loadIncidentRow, toIncidentJson, type IncidentRow, type Lang } from './incident-view';
import { redetermine } from './level-policy';
import { incidentClockOnDeclare, withIncidentClock } from './incident-clock';
import type { IncidentCommands, Change } from './incident-commands';
import type { UnitOfWork } from '../unit-of-work';
import { authorize, type SessionUser } from '../auth/principal';

// the incident's row and language types live with its view; re-exported for callers that know them from here
export type { IncidentRow, Lang } from './incident-view';

/** The checklist of the gate into `target`, from the facts its service gathers (one function per gate). */
export async function gateChecklist(db: DbOrTx, row: Pick<IncidentRow, 'id' | 'level'>, target: Phase): Promise<GateCondition[]> {
	switch (target) {
		case 'containment':
			return gateConditions(target, await containmentFacts(db, row.id));
		case 'resolution':
			return gateConditions(target, await resolutionFacts(db, row.id));
		case 'follow_up':
			return gateConditions(target, await followUpFacts(db, row.id));
		case 'closed':
			return gateConditions(target, await closingFacts(db, row.id, row.level as Level));
		default:
			return [];
	}
}

/** A client's clock may run a little ahead of the server's; a time "when it happened" beyond this is refused. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** 400 naming `field` and its value when a time of something that happened lies in the future (by the server's clock). */
function notInFuture(field: string, value: Date | undefined, now: Date): void {
	if (!value || value.getTime() <= now.getTime() + CLOCK_SKEW_MS) return;
	const sent = value.toISOString();
	throw new ServiceError('invalid_input', `${field} ${sent} is in the future: the server's time is ${now.toISOString()}`, [{ field, value: sent, code: 'future', message: 'cannot be in the future' }]);
}

const EDITABLE = ['title', 'description', 'category', 'source', 'identifiedAt', 'productModel', 'recurrenceOf'] as const;

/**
 * The round trip: the GET shape comes back with a PATCH. Its read-only fields are ignored, except
 * those a client could take for settable: the id, the level and the phase must be the current
 * ones (at the same version they are), a different value is a 400 naming the way to change it.
 */
function checkRoundTrip(row: IncidentRow, input: { id?: unknown; level?: unknown; phase?: unknown }) {
	const wrong = (field: string, value: unknown, message: string) => new ServiceError('invalid_input', `${field} ${JSON.stringify(value)} cannot be changed here: ${message}`, [{ field, message }]);
	if (input.id !== undefined && input.id !== row.id) throw wrong('id', input.id, `this is incident ${row.id}`);
	if (input.level !== undefined && input.level !== row.level) throw wrong('level', input.level, `read-only (now ${row.level}); change it with POST /api/v1/incidents/{id}/level`);
	if (input.phase !== undefined && input.phase !== row.phase) throw wrong('phase', input.phase, `read-only (now ${row.phase}); move it with POST /api/v1/incidents/{id}/phase`);
}

export class IncidentsService {
	constructor(
		private db: Db,
		private config: Config,
		private clock: Clock,
		private uow: UnitOfWork,
		private commands: IncidentCommands
	) {}

	/** Declares an incident: code, level from the inputs, first timeline event, all in one transaction. */
	async declare(actor: SessionUser, input: z.infer<typeof DeclareIncidentRequest>, external?: { source: string; id: string }): Promise<IncidentJson> {
		const inputs: LevelInputs = { ...DEFAULT_INPUTS, ...input.inputs };
		const reason = determineLevel(inputs, 0);
		return this.uow.run(async ({ tx, now }) => {
			notInFuture('identifiedAt', input.identifiedAt, now);
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
					// the incident's own contact clock runs from identification until its first customer
					...incidentClockOnDeclare(input.identifiedAt ?? now, reason.level),
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
			const contact = withIncidentClock(EMPTY_ROLLUP, row, now);
			const events = await appendEvents(tx, row.id, 0, actor, now, [
				{ type: 'incident.declared', data: { incident: toIncidentJson(row, 'en', contact, rollup), seats: seats.map((x) => ({ seat: x.seat, group: x.group, en: x.en, zh: x.zh })) } }
			]);
			return { value: toIncidentJson(row, 'en', contact, rollup), events };
		});
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
		return incidentsJson(this.db, rows, lang, this.clock.now());
	}

	async getRow(id: string, db: DbOrTx = this.db, lock = false): Promise<IncidentRow> {
		return loadIncidentRow(db, id, lock);
	}

	async get(id: string, lang: Lang): Promise<IncidentJson> {
		const row = await this.getRow(id);
		return incidentJson(this.db, row, lang, this.clock.now());
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
		const incident = await this.commands.mutate(existing.id, actor, undefined, (row, now, tx) => this.patchChange(row, tx, editable, existing!.id, now), lang);
		return { incident, created: false };
	}

	async patch(actor: SessionUser, id: string, input: z.infer<typeof PatchIncidentRequest>, lang: Lang): Promise<IncidentJson> {
		return this.commands.mutate(id, actor, input.version, (row, now, tx) => this.patchChange(row, tx, input, id, now), lang);
	}

	private async patchChange(row: IncidentRow, tx: DbOrTx, input: Omit<z.infer<typeof PatchIncidentRequest>, 'version'>, id: string, now: Date): Promise<Change> {
		// a round trip may send back the stored time unchanged; only a new one is checked
		if (input.identifiedAt?.getTime() !== row.identifiedAt.getTime()) notInFuture('identifiedAt', input.identifiedAt, now);
		if (input.recurrenceOf) await this.earlierIncident(tx, input.recurrenceOf, id);
		checkRoundTrip(row, input);
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
		return this.commands.mutate(
			id,
			actor,
			undefined,
			(row) => {
				if (input.level === row.level) return { set: {}, events: [] };
				const determined = determineLevel(row.inputs, row.affectedCustomers);
				if (input.level > determined.level && !input.override) {
					throw new ServiceError('conflict', `The inputs determine level ${determined.level}; lowering to ${input.level} needs "override": true`, {
						determinedLevel: determined.level,
						requestedLevel: input.level
					});
				}
				// Lowering is a lead's decision, and a level-1 incident is lowered only by the leadership
				// group that leads it (PRODUCT.md §2: "a lead of the current level or above").
				if (input.level > row.level) authorize(actor, 'lower_level', { incidentLevel: row.level as Level });
				const reason = { ...determined, level: input.level, manual: true, en: `Set by ${actor.name}: ${input.reason}`, zh: `由 ${actor.name} 手动调整：${input.reason}` };
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
		return this.commands.mutate(
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
				const unmet = (await gateChecklist(tx, row, input.phase)).filter((c) => !c.met).map(({ key, en, zh }) => ({ key, en, zh }));
				if (unmet.length > 0 && !input.overrideReason) {
					throw new ServiceError('gate_not_met', `Cannot enter "${input.phase}" yet: ${unmet.map((u) => u[lang]).join('; ')}`, {
						unmet: unmet.map((u) => u[lang]),
						conditions: unmet
					});
				}
				if (unmet.length > 0) authorize(actor, 'override_gate');
				const set: Partial<IncidentRow> = { phase: input.phase };
				if (input.phase === 'follow_up') {
					set.resolvedAt = now;
					set.postmortemDueAt = postmortemDeadline(now, row.level as Level).dueAt;
				}
				// the archive is generated in this transaction (see the archive participant in app.ts)
				if (input.phase === 'closed') set.closedAt = now;
				const override = unmet.length > 0 ? { reason: input.overrideReason, unmet } : undefined;
				return { set, events: [{ type: 'incident.phase_changed', data: { from: row.phase, to: input.phase, ...(override ? { override } : {}) } }] };
			},
			lang
		);
	}

	/** Where the incident stands: its phase, the next one and that gate's checklist (what it still waits for). */
	async phaseStatus(id: string): Promise<PhaseStatusJson> {
		const row = await this.getRow(id);
		const next = nextPhase(row.phase);
		const checklist = next ? await gateChecklist(this.db, row, next) : [];
		return { phase: row.phase, next, unmet: checklist.filter((c) => !c.met).map(({ key, en, zh }) => ({ key, en, zh })), checklist };
	}

	async events(id: string, after: number): Promise<IncidentEvent[]> {
		await this.getRow(id);
		return loadEvents(this.db, id, after);
	}
}
