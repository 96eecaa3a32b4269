// The response group of an incident (应急小组): seats convened by level, filled by users of the
// seat's group, acknowledged by their holder; the duty checklists of the guide's role table; the
// response notice (《应急响应通知》): a draft rebuilt on every read, and numbered versions frozen
// when a lead (or the leader seat's holder) publishes, which seat holders mark as read. Seats are
// extended in the same transaction that raises the level (the level policy takes part in
// IncidentCommands.mutate), so the timeline shows the escalation and the new seats together; once
// a notice has been published, that transaction also publishes the next version naming them.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { customers, responseNoticeReads, responseNotices, responseSeats, dutyChecks, users } from '../db/schema';
import { ServiceError, notFound } from '../errors';
import { authorize, type SessionUser } from '../auth/principal';
import { why } from '$lib/domain/permissions';
import type { Group, Role } from '$lib/domain/vocabulary';
import type { NewEvent } from './timeline';
import type { IncidentCommands } from './incident-commands';
import type { IncidentRow, Lang } from './incident-view';
import type { InTransactionParticipant } from '../unit-of-work';
import { DUTIES, GROUP_NAMES, leaderSeat, seatChanges, seatsForLevel, type ResponseGroup, type SeatSpec } from '$lib/domain/response';
import { publishedNotice, responseNotice, type NoticeContent, type NoticeFacts, type NoticePublication } from '$lib/domain/response-notice';
import { CONTACT_WINDOW_MS, contactDeadline } from '$lib/domain/deadlines';
import { levelName, type Level } from '$lib/domain/levels';
import type { PublishedNoticeJson, ResponseJson, SeatJson } from '$lib/api/schemas';
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

/** Seats in the guide's order: the leader first, then the groups as level 1 lists them. */
const seatOrder = (s: { seat: string }) => (s.seat === 'leader' ? -1 : seatsForLevel(1).findIndex((x) => x.seat === s.seat));

/**
 * The facts of the notice for `inc` as it stands in this transaction: the seats its level
 * requires with their holders (`added` marks the ones an escalation just convened), and the
 * incident's own first-contact deadline while no customer is registered (PRODUCT.md §3: the
 * clock runs from identification by the level's window).
 */
async function noticeFacts(tx: DbOrTx, inc: IncidentRow, timeZone: string, added: ReadonlySet<string> = new Set()): Promise<NoticeFacts> {
	const level = inc.level as Level;
	const required = new Set(seatsForLevel(level).map((s) => s.seat));
	const seats = (await tx.select().from(responseSeats).where(eq(responseSeats.incidentId, inc.id))).filter((s) => required.has(s.seat)).sort((a, b) => seatOrder(a) - seatOrder(b));
	const people = await tx.select({ id: users.id, name: users.name }).from(users);
	const byId = new Map(people.map((p) => [p.id, p]));
	const [customer] = inc.firstCustomerAt ? [true] : await tx.select({ id: customers.id }).from(customers).where(eq(customers.incidentId, inc.id)).limit(1);
	return {
		code: inc.code,
		title: inc.title,
		category: CATEGORY_NAMES[inc.category],
		level,
		levelName: { en: levelName(level, 'en'), zh: levelName(level, 'zh') },
		levelReason: { en: inc.levelReason.en, zh: inc.levelReason.zh },
		identifiedAt: inc.identifiedAt,
		contactWindowMinutes: CONTACT_WINDOW_MS[level] / 60_000,
		contactDueAt: customer ? null : contactDeadline(inc.identifiedAt, level).dueAt,
		seats: seats.map((s) => {
			const holder = s.userId ? byId.get(s.userId) : undefined;
			const title = titleOf(s.seat, s.group, level);
			return { seat: s.seat, group: s.group, en: title.en, zh: title.zh, holder: holder ? { id: holder.id, name: holder.name } : null, added: added.has(s.seat) };
		}),
		timeZone
	};
}

/**
 * Freezes the next version of the notice for `inc` (the incident as this transaction will
 * write it) and returns its event. Versions are numbered per incident from 1; the incident row
 * is locked by the change, so two publications cannot take the same number.
 */
export async function publishNotice(tx: DbOrTx, inc: IncidentRow, timeZone: string, publication: Omit<NoticePublication, 'version'>): Promise<NewEvent> {
	const [last] = await tx.select({ version: responseNotices.version }).from(responseNotices).where(eq(responseNotices.incidentId, inc.id)).orderBy(desc(responseNotices.version)).limit(1);
	const version = (last?.version ?? 0) + 1;
	const added = new Set(publication.escalation?.added.map((a) => a.seat) ?? []);
	const notice = publishedNotice({ ...(await noticeFacts(tx, inc, timeZone, added)), publication: { ...publication, version } });
	await tx.insert(responseNotices).values({
		incidentId: inc.id,
		version,
		level: notice.level,
		reason: notice.reason,
		content: notice as unknown as Record<string, unknown>,
		publishedById: publication.by?.id ?? null,
		publishedByName: publication.by?.name ?? null,
		publishedAt: publication.at
	});
	return { type: 'response.notice_published', data: { version, level: notice.level, reason: notice.reason, notice } };
}

/**
 * Takes part in every incident change: when a raised level convenes new seats (the level
 * policy's `response.extended`, planned just before) and a notice was published before, the
 * next version is published in the same transaction, naming the new seats. Before the first
 * publication nothing is published on anyone's behalf.
 */
export function noticeOnEscalation(timeZone: string): InTransactionParticipant {
	return {
		name: 'response notice on escalation',
		async plan({ tx, now, before, set, events }) {
			const extended = events.find((e) => e.type === 'response.extended');
			if (!extended || extended.type !== 'response.extended' || extended.data.added.length === 0) return [];
			const [published] = await tx.select({ version: responseNotices.version }).from(responseNotices).where(eq(responseNotices.incidentId, before.id)).limit(1);
			if (!published) return [];
			const { from, to, added, leader } = extended.data;
			return [
				await publishNotice(tx, { ...before, ...set }, timeZone, {
					reason: 'escalation',
					at: now,
					by: null,
					escalation: { from, to, added: added.map((a) => ({ seat: a.seat, group: a.group, en: a.en, zh: a.zh })), leader: leader ? { en: leader.en, zh: leader.zh } : null }
				})
			];
		}
	};
}

/** Why a stored user may not hold a seat (a viewer, a disabled account, another group), or null when they may. */
function whyNotHold(user: { roles: string[]; groups: string[]; disabled?: boolean }, seat: SeatRow) {
	return why({ roles: user.roles as Role[], groups: user.groups as Group[], disabled: user.disabled }, 'hold_seat', { leader: seat.seat === 'leader', group: seat.group as Group });
}
const mayHold = (user: { roles: string[]; groups: string[]; disabled?: boolean }, seat: SeatRow) => whyNotHold(user, seat) === null;

export class ResponseService {
	constructor(
		private db: Db,
		private incidents: IncidentCommands,
		/** WARROOM_TIMEZONE: the notice's times are local to it. */
		private timeZone: string
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
		const seatJson: SeatJson[] = seats
			.slice()
			.sort((a, b) => seatOrder(a) - seatOrder(b))
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
		const notice = responseNotice(await noticeFacts(db, row, this.timeZone));
		const filled = seatJson.filter((s) => s.user).length;
		return {
			incidentId: row.id,
			level,
			seats: seatJson,
			summary: { total: seatJson.length, filled, acknowledged: seatJson.filter((s) => s.acknowledgedAt).length, vacant: seatJson.length - filled },
			duties,
			notice: { ...notice, text: lang === 'zh' ? notice.zh : notice.en },
			notices: await this.notices(db, row.id, seatJson, lang)
		};
	}

	/** Published versions, newest first, each with who has read it and which current seat holders have not. */
	private async notices(db: DbOrTx, incidentId: string, seats: SeatJson[], lang: Lang): Promise<PublishedNoticeJson[]> {
		const rows = await db.select().from(responseNotices).where(eq(responseNotices.incidentId, incidentId)).orderBy(desc(responseNotices.version));
		if (rows.length === 0) return [];
		const reads = await db.select().from(responseNoticeReads).where(eq(responseNoticeReads.incidentId, incidentId)).orderBy(asc(responseNoticeReads.readAt));
		const holders = [...new Map(seats.flatMap((s) => (s.user ? [[s.user.id, s.user] as const] : []))).values()];
		return rows.map((r) => {
			const content = r.content as unknown as NoticeContent;
			const mine = reads.filter((x) => x.version === r.version);
			return {
				version: r.version,
				level: r.level as Level,
				reason: r.reason,
				publishedAt: r.publishedAt.toISOString(),
				publishedAtText: content.publishedAtText,
				publishedBy: r.publishedById ? { id: r.publishedById, name: r.publishedByName ?? '' } : null,
				content,
				text: lang === 'zh' ? content.zh : content.en,
				reads: mine.map((x) => ({ user: { id: x.userId, name: x.userName }, readAt: x.readAt.toISOString() })),
				unread: holders.filter((h) => !mine.some((x) => x.userId === h.id))
			};
		});
	}

	/** Publishes the next version of the notice (leads and the leader seat's holder), read by its publisher. */
	async publish(actor: SessionUser, incidentId: string, lang: Lang) {
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (row, now, tx) => {
				const [leader] = await tx
					.select({ userId: responseSeats.userId })
					.from(responseSeats)
					.where(and(eq(responseSeats.incidentId, incidentId), eq(responseSeats.seat, 'leader')));
				authorize(actor, 'publish_notice', { leaderHolderId: leader?.userId ?? null });
				const event = await publishNotice(tx, row, this.timeZone, { reason: 'published', at: now, by: { id: actor.id, name: actor.name } });
				// whoever publishes has read what they publish (the publication is its event)
				if (event.type === 'response.notice_published') {
					await tx.insert(responseNoticeReads).values({ incidentId, version: event.data.version, userId: actor.id, userName: actor.name, readAt: now });
				}
				return { set: {}, events: [event] };
			},
			lang
		);
		const response = await this.get(incidentId, lang);
		return { incident, response, published: response.notices[0] };
	}

	/** A seat holder marks a published version as read (again: nothing changes). */
	async markRead(actor: SessionUser, incidentId: string, version: number, lang: Lang) {
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (_row, now, tx) => {
				const [notice] = await tx
					.select({ version: responseNotices.version })
					.from(responseNotices)
					.where(and(eq(responseNotices.incidentId, incidentId), eq(responseNotices.version, version)));
				if (!notice) throw notFound(`Response notice version ${version}`);
				const holders = await tx.select({ userId: responseSeats.userId }).from(responseSeats).where(eq(responseSeats.incidentId, incidentId));
				authorize(actor, 'read_notice', { holderIds: holders.flatMap((h) => (h.userId ? [h.userId] : [])) });
				const inserted = await tx
					.insert(responseNoticeReads)
					.values({ incidentId, version, userId: actor.id, userName: actor.name, readAt: now })
					.onConflictDoNothing()
					.returning({ version: responseNoticeReads.version });
				if (inserted.length === 0) return { set: {}, events: [] };
				return { set: {}, events: [{ type: 'response.notice_read', data: { version, user: { id: actor.id, name: actor.name } } }] };
			},
			lang
		);
		return { incident, response: await this.get(incidentId, lang) };
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
				const refused = whyNotHold(u, s);
				if (refused) {
					throw new ServiceError('invalid_input', `userId "${u.id}" (${u.name}) cannot hold the ${seat} seat: ${refused.en}`, [
						{ field: 'userId', value: u.id, code: 'cannot_hold_seat', message: refused.en }
					]);
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
