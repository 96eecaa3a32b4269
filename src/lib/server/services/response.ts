// The response group of an incident (应急小组): seats convened by level, filled by users of the
// seat's group, acknowledged by their holder; the duty checklists of the guide's role table; the
// response notice (《应急响应通知》). Seats are extended in the same transaction that raises the
// level (the level policy takes part in IncidentCommands.mutate), so the timeline shows the escalation and the new seats
// together.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { responseSeats, responseNotices, dutyChecks, users } from '../db/schema';
import { ServiceError, notFound } from '../errors';
import { authorize, type SessionUser } from '../auth/principal';
import { can } from '$lib/domain/permissions';
import type { Group, Role } from '$lib/domain/vocabulary';
import type { NewEvent } from './timeline';
import type { IncidentCommands } from './incident-commands';
import type { IncidentRow, Lang } from './incident-view';
import { DUTIES, GROUP_NAMES, leaderSeat, responseNotice, seatChanges, seatsForLevel, type ResponseGroup, type SeatSpec } from '$lib/domain/response';
import { CONTACT_WINDOW_MS } from '$lib/domain/deadlines';
import { levelName, type Level } from '$lib/domain/levels';
import type { ResponseJson, SeatJson } from '$lib/api/schemas';
import type { ContainmentFacts } from '$lib/domain/phases';

type SeatRow = typeof responseSeats.$inferSelect;

const CATEGORY_NAMES = {
	product_quality: { en: 'product quality', zh: '产品质量类' },
	service_failure: { en: 'service failure', zh: '服务失误类' },
	special_scenario: { en: 'special scenario', zh: '特殊场景类' }
} as const;

/** The title of a seat at the incident's current level (the leader's title follows the level). */
function titleOf(seat: string, group: string, level: Level): { en: string; zh: string } {
	if (seat === 'leader') {
		const l = leaderSeat(level);
		return { en: l.en, zh: l.zh };
	}
	return GROUP_NAMES[group as ResponseGroup] ?? { en: group, zh: group };
}

/** The containment gate's facts: the leader seat (vacant, assigned, acknowledged) and the published notices. */
export async function containmentFacts(db: DbOrTx, incidentId: string): Promise<ContainmentFacts> {
	const [leader] = await db
		.select({ userId: responseSeats.userId, acknowledgedAt: responseSeats.acknowledgedAt })
		.from(responseSeats)
		.where(and(eq(responseSeats.incidentId, incidentId), eq(responseSeats.seat, 'leader')));
	const [n] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(responseNotices)
		.where(eq(responseNotices.incidentId, incidentId));
	return { leaderSeat: !leader?.userId ? 'vacant' : leader.acknowledgedAt ? 'acknowledged' : 'assigned', noticesPublished: n.n };
}

/** Inserts the seats `specs` for an incident; used at declaration and on escalation. */
export async function insertSeats(tx: DbOrTx, incidentId: string, specs: SeatSpec[], level: Level, now: Date): Promise<void> {
	if (specs.length === 0) return;
	await tx
		.insert(responseSeats)
		.values(specs.map((s) => ({ id: randomUUID(), incidentId, seat: s.seat, group: s.group, convenedAtLevel: level, createdAt: now })))
		.onConflictDoNothing();
}

/**
 * A raised level convenes the groups the new level adds, and hands the leader seat to the
 * new level's leader (the former holder is named on the event). Lowering keeps every seat.
 * Returns the timeline event, or none when nothing changes.
 */
export async function extendResponse(tx: DbOrTx, incidentId: string, from: Level, to: Level, now: Date): Promise<NewEvent[]> {
	const existing = await tx.select().from(responseSeats).where(eq(responseSeats.incidentId, incidentId));
	const { add, leaderChanged } = seatChanges(
		from,
		to,
		existing.map((s) => s.seat)
	);
	await insertSeats(tx, incidentId, add, to, now);
	let vacated: { id: string; name: string } | null = null;
	const leader = existing.find((s) => s.seat === 'leader');
	if (leaderChanged && leader) {
		const spec = leaderSeat(to);
		if (leader.userId) {
			const [u] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, leader.userId));
			vacated = u ?? null;
		}
		await tx.update(responseSeats).set({ group: spec.group, userId: null, assignedAt: null, assignedBy: null, acknowledgedAt: null }).where(eq(responseSeats.id, leader.id));
	}
	if (add.length === 0 && !leaderChanged) return [];
	return [
		{
			type: 'response.extended',
			data: {
				from,
				to,
				added: add.map((s) => ({ seat: s.seat, group: s.group, en: s.en, zh: s.zh })),
				leader: leaderChanged ? { ...leaderSeat(to), previous: vacated } : null
			}
		}
	];
}

/** Who may hold a seat (a stored user: roles and groups as the database keeps them). */
function mayHold(user: { roles: string[]; groups: string[]; disabled?: boolean }, seat: SeatRow): boolean {
	return can({ roles: user.roles as Role[], groups: user.groups as Group[], disabled: user.disabled }, 'hold_seat', { leader: seat.seat === 'leader', group: seat.group as Group });
}

export class ResponseService {
	constructor(
		private db: Db,
		private incidents: IncidentCommands
	) {}

	/** Seats (with holders and candidates), duty checklists and the response notice of an incident. */
	async get(incidentId: string, lang: Lang, db: DbOrTx = this.db): Promise<ResponseJson> {
		const row = await this.incidents.getRow(incidentId, db);
		return this.build(db, row, lang);
	}

	private async build(db: DbOrTx, row: IncidentRow, lang: Lang): Promise<ResponseJson> {
		const level = row.level as Level;
		const seats = await db.select().from(responseSeats).where(eq(responseSeats.incidentId, row.id)).orderBy(asc(responseSeats.createdAt));
		const people = await db.select({ id: users.id, name: users.name, roles: users.roles, groups: users.groups, disabled: users.disabled }).from(users);
		const byId = new Map(people.map((p) => [p.id, p]));
		const required = new Set(seatsForLevel(level).map((s) => s.seat));
		const order = (s: SeatRow) => (s.seat === 'leader' ? -1 : seatsForLevel(1).findIndex((x) => x.seat === s.seat));
		const seatJson: SeatJson[] = seats
			.slice()
			.sort((a, b) => order(a) - order(b))
			.map((s) => {
				const holder = s.userId ? byId.get(s.userId) : undefined;
				return {
					seat: s.seat,
					group: s.group as SeatJson['group'],
					title: titleOf(s.seat, s.group, level),
					required: required.has(s.seat),
					convenedAtLevel: s.convenedAtLevel as Level,
					user: holder ? { id: holder.id, name: holder.name } : null,
					assignedAt: s.assignedAt?.toISOString() ?? null,
					acknowledgedAt: s.acknowledgedAt?.toISOString() ?? null,
					status: s.acknowledgedAt ? 'acknowledged' : s.userId ? 'assigned' : 'vacant',
					candidates: people.filter((p) => mayHold(p, s)).map((p) => ({ id: p.id, name: p.name }))
				};
			});
		const checks = await db.select().from(dutyChecks).where(eq(dutyChecks.incidentId, row.id));
		const groups = [...new Set(seats.filter((s) => s.seat !== 'leader').map((s) => s.group as ResponseGroup))];
		const duties = groups.map((g) => ({
			group: g as SeatJson['group'],
			title: GROUP_NAMES[g],
			items: DUTIES[g].map((d, item) => {
				const c = checks.find((x) => x.group === g && x.item === item);
				return { item, en: d.en, zh: d.zh, done: !!c, doneBy: c ? { id: c.doneById ?? '', name: c.doneByName ?? '' } : null, doneAt: c?.doneAt.toISOString() ?? null };
			})
		}));
		const notice = responseNotice({
			code: row.code,
			title: row.title,
			category: CATEGORY_NAMES[row.category],
			level,
			levelName: { en: levelName(level, 'en'), zh: levelName(level, 'zh') },
			levelReason: { en: row.levelReason.en, zh: row.levelReason.zh },
			identifiedAt: row.identifiedAt.toISOString(),
			contactWindowMinutes: CONTACT_WINDOW_MS[level] / 60_000,
			seats: seatJson.filter((s) => s.required).map((s) => ({ seat: s.seat, en: s.title.en, zh: s.title.zh, holder: s.user?.name ?? null }))
		});
		const filled = seatJson.filter((s) => s.user).length;
		return {
			incidentId: row.id,
			level,
			seats: seatJson,
			summary: { total: seatJson.length, filled, acknowledged: seatJson.filter((s) => s.acknowledgedAt).length, vacant: seatJson.length - filled },
			duties,
			notice: { ...notice, text: lang === 'zh' ? notice.zh : notice.en }
		};
	}

	private async seatRow(db: DbOrTx, incidentId: string, seat: string): Promise<SeatRow> {
		const [s] = await db
			.select()
			.from(responseSeats)
			.where(and(eq(responseSeats.incidentId, incidentId), eq(responseSeats.seat, seat)))
			.for('update');
		if (!s) throw notFound(`Seat "${seat}"`);
		return s;
	}

	/**
	 * Fills (or empties, with `userId: null`) a seat. Leads fill any seat with a user of its
	 * group; a member of the group may take a vacant seat themselves; the holder may leave it.
	 */
	async assign(actor: SessionUser, incidentId: string, seat: string, userId: string | null, lang: Lang) {
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (row, _now, tx) => {
				const s = await this.seatRow(tx, incidentId, seat);
				const now = _now;
				if (userId === null) {
					if (!s.userId) return { set: {}, events: [] };
					authorize(actor, 'assign_seat', { holderId: s.userId, userId: null });
					await tx.update(responseSeats).set({ userId: null, assignedAt: null, assignedBy: null, acknowledgedAt: null }).where(eq(responseSeats.id, s.id));
					return { set: {}, events: [{ type: 'response.seat_released', data: { seat, group: s.group, userId: s.userId } }] };
				}
				if (s.userId === userId) return { set: {}, events: [] };
				authorize(actor, 'assign_seat', { holderId: s.userId, userId });
				const [u] = await tx.select().from(users).where(eq(users.id, userId));
				if (!u) throw new ServiceError('invalid_input', 'No such user', [{ field: 'userId', message: 'unknown user' }]);
				if (!mayHold(u, s)) {
					const need = s.seat === 'leader' ? `a lead in the ${s.group} group` : `a member of the ${s.group} group`;
					throw new ServiceError('invalid_input', `${u.name} cannot take this seat: it needs ${need}`, [{ field: 'userId', message: `needs ${need}` }]);
				}
				await tx.update(responseSeats).set({ userId, assignedAt: now, assignedBy: actor.id, acknowledgedAt: null }).where(eq(responseSeats.id, s.id));
				return {
					set: {},
					events: [{ type: 'response.seat_assigned', data: { seat, group: s.group, title: titleOf(s.seat, s.group, row.level as Level), user: { id: u.id, name: u.name }, previousUserId: s.userId } }]
				};
			},
			lang
		);
		const response = await this.get(incidentId, lang);
		return { incident, response };
	}

	/** The holder confirms they are on it ("I'm on it" / 收到,已到岗). */
	async acknowledge(actor: SessionUser, incidentId: string, seat: string, lang: Lang) {
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (row, now, tx) => {
				const s = await this.seatRow(tx, incidentId, seat);
				authorize(actor, 'acknowledge_seat', { holderId: s.userId });
				if (s.acknowledgedAt) return { set: {}, events: [] };
				await tx.update(responseSeats).set({ acknowledgedAt: now }).where(eq(responseSeats.id, s.id));
				return {
					set: {},
					events: [{ type: 'response.seat_acknowledged', data: { seat, group: s.group, title: titleOf(s.seat, s.group, row.level as Level), user: { id: actor.id, name: actor.name } } }]
				};
			},
			lang
		);
		return { incident, response: await this.get(incidentId, lang) };
	}

	/** Ticks or unticks one duty of a group's checklist; members of the group and leads. */
	async checkDuty(actor: SessionUser, incidentId: string, group: string, item: number, done: boolean, lang: Lang) {
		const duties = DUTIES[group as ResponseGroup];
		if (!duties) throw new ServiceError('invalid_input', `Unknown group "${group}"`, [{ field: 'group', message: 'unknown group' }]);
		if (!Number.isInteger(item) || item < 0 || item >= duties.length) {
			throw new ServiceError('invalid_input', `The ${group} checklist has items 0–${duties.length - 1}`, [{ field: 'item', message: 'out of range' }]);
		}
		authorize(actor, 'tick_duty', { group: group as ResponseGroup });
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (_row, now, tx) => {
				const [seat] = await tx
					.select({ id: responseSeats.id })
					.from(responseSeats)
					.where(and(eq(responseSeats.incidentId, incidentId), eq(responseSeats.group, group)));
				if (!seat) throw new ServiceError('conflict', `The ${group} group is not convened on this incident`);
				const [existing] = await tx
					.select()
					.from(dutyChecks)
					.where(and(eq(dutyChecks.incidentId, incidentId), eq(dutyChecks.group, group), eq(dutyChecks.item, item)));
				if (!!existing === done) return { set: {}, events: [] };
				if (done) await tx.insert(dutyChecks).values({ incidentId, group, item, doneById: actor.id, doneByName: actor.name, doneAt: now });
				else await tx.delete(dutyChecks).where(and(eq(dutyChecks.incidentId, incidentId), eq(dutyChecks.group, group), eq(dutyChecks.item, item)));
				return { set: {}, events: [{ type: 'response.duty_checked', data: { group, item, done, duty: duties[item] } }] };
			},
			lang
		);
		return { incident, response: await this.get(incidentId, lang) };
	}
}
