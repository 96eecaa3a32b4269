// The incident as the API, the timeline snapshots and the archive search show it: the row as
// JSON with its roll-ups (contact deadlines, response seats). Every service that answers with
// an incident reads it from here, so none of them has to import another service for it.
import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { incidents, responseSeats } from '../db/schema';
import { notFound } from '../errors';
import { DEFAULT_INPUTS, type Level } from '$lib/domain/levels';
import type { IncidentJson } from '$lib/api/schemas';
import { contactRollup, contactRollups } from './contact-deadlines';
import { withIncidentClock } from './incident-clock';

export type IncidentRow = typeof incidents.$inferSelect;
export type Lang = 'en' | 'zh';

export type ContactRollupJson = IncidentJson['contact'];
export const EMPTY_ROLLUP: ContactRollupJson = { total: 0, met: 0, pending: 0, overdue: 0, dueSoon: 0, metLate: 0, unreachable: 0, nextDueAt: null, nextDueSoonAt: null, incidentClock: null };

export type SeatRollup = IncidentJson['seats'];
export const EMPTY_SEATS: SeatRollup = { total: 0, filled: 0, acknowledged: 0 };

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

/** The incident row (locked for the transaction with `lock`); 404 for an unknown or malformed id. */
export async function loadIncidentRow(db: DbOrTx, id: string, lock = false): Promise<IncidentRow> {
	if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('Incident');
	const q = db.select().from(incidents).where(eq(incidents.id, id));
	const [row] = lock ? await q.for('update') : await q;
	if (!row) throw notFound('Incident');
	return row;
}

export async function seatRollups(db: DbOrTx, incidentIds: string[]): Promise<Map<string, SeatRollup>> {
	const map = new Map<string, SeatRollup>();
	if (incidentIds.length === 0) return map;
	const rows = await db
		.select({
			incidentId: responseSeats.incidentId,
			total: sql<number>`count(*)::int`,
			filled: sql<number>`(count(*) filter (where ${responseSeats.userId} is not null))::int`,
			acknowledged: sql<number>`(count(*) filter (where ${responseSeats.acknowledgedAt} is not null))::int`
		})
		.from(responseSeats)
		.where(inArray(responseSeats.incidentId, incidentIds))
		.groupBy(responseSeats.incidentId);
	for (const r of rows) map.set(r.incidentId, { total: r.total, filled: r.filled, acknowledged: r.acknowledged });
	return map;
}

export async function seatRollup(db: DbOrTx, incidentId: string): Promise<SeatRollup> {
	return (await seatRollups(db, [incidentId])).get(incidentId) ?? EMPTY_SEATS;
}

/** One incident as JSON with its roll-ups as `db` sees them (inside a transaction: as it will commit). */
export async function incidentJson(db: DbOrTx, row: IncidentRow, lang: Lang, now: Date): Promise<IncidentJson> {
	// one query at a time: a transaction is one connection on both drivers
	const contact = withIncidentClock(await contactRollup(db, row.id, now), row, now);
	const seats = await seatRollup(db, row.id);
	return toIncidentJson(row, lang, contact, seats);
}

/** Many incidents as JSON, their roll-ups fetched in two queries. */
export async function incidentsJson(db: DbOrTx, rows: IncidentRow[], lang: Lang, now: Date): Promise<IncidentJson[]> {
	const ids = rows.map((r) => r.id);
	const [contact, seats] = await Promise.all([contactRollups(db, ids, now), seatRollups(db, ids)]);
	return rows.map((r) => toIncidentJson(r, lang, withIncidentClock(contact.get(r.id) ?? EMPTY_ROLLUP, r, now), seats.get(r.id)));
}
