// A responder's open work across incidents (the war-room page): seats to take up or acknowledge,
// customers to contact sorted by deadline (for customer service and leads), duties of their groups,
// the commitments they made in contacts.
import { and, asc, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { customers, dutyChecks, incidents, responseSeats } from '../db/schema';
import { contactOpen } from '../db/deadline-sql';
import type { Clock } from '../clock';
import type { SessionUser } from '../auth/principal';
import { loadAttempts, toCustomerJson } from './customers';
import { openCommitmentsOf } from './commitments';
import { can } from '$lib/domain/permissions';
import { DUTIES, GROUP_NAMES, leaderSeat, type ResponseGroup } from '$lib/domain/response';
import type { Level } from '$lib/domain/levels';
import { isLivePhase } from '$lib/domain/phases';
import type { Phase } from '$lib/domain/vocabulary';
import type { TasksJson } from '$lib/api/schemas';

const CONTACT_LIMIT = 200;

export class TasksService {
	constructor(
		private db: Db,
		private clock: Clock
	) {}

	async forUser(user: SessionUser): Promise<TasksJson> {
		const now = this.clock.now();
		const active = await this.db
			.select({ id: incidents.id, code: incidents.code, title: incidents.title, level: incidents.level, phase: incidents.phase })
			.from(incidents)
			.where(ne(incidents.phase, 'closed'));
		const byId = new Map(active.map((i) => [i.id, { ...i, level: i.level as Level }]));
		const ids = [...byId.keys()];
		if (ids.length === 0) return { seats: [], contacts: [], contactsTotal: 0, duties: [], commitments: [] };

		const seatRows = await this.db.select().from(responseSeats).where(inArray(responseSeats.incidentId, ids));
		// seats wait for a yes only while the incident is worked live: a follow-up incident's vacancies invite nobody
		const liveSeats = seatRows.filter((s) => isLivePhase(byId.get(s.incidentId)!.phase as Phase));
		const mine = liveSeats.filter((s) => s.userId === user.id && !s.acknowledgedAt);
		const open = liveSeats.filter((s) => !s.userId && can(user, 'hold_seat', { leader: s.seat === 'leader', group: s.group as ResponseGroup }));
		const title = (s: (typeof seatRows)[number]) => (s.seat === 'leader' ? leaderSeat(byId.get(s.incidentId)!.level) : GROUP_NAMES[s.group as ResponseGroup]);
		const seats: TasksJson['seats'] = [
			...mine.map((s) => ({ incident: byId.get(s.incidentId)!, seat: s.seat, title: { en: title(s).en, zh: title(s).zh }, action: 'acknowledge' as const })),
			...open.map((s) => ({ incident: byId.get(s.incidentId)!, seat: s.seat, title: { en: title(s).en, zh: title(s).zh }, action: 'take' as const }))
		].sort((a, b) => a.incident.level - b.incident.level);

		let contacts: TasksJson['contacts'] = [];
		let contactsTotal = 0;
		if (can(user, 'work_contact_queue')) {
			const rows = await this.db
				.select()
				.from(customers)
				.where(and(inArray(customers.incidentId, ids), contactOpen()))
				.orderBy(asc(customers.dueAt))
				.limit(CONTACT_LIMIT);
			const attempts = await loadAttempts(
				this.db,
				rows.map((c) => c.id)
			);
			contacts = rows.map((c) => ({ incident: byId.get(c.incidentId)!, customer: toCustomerJson(c, now, undefined, attempts.get(c.id)) }));
			// the list is cut at CONTACT_LIMIT: say how many there are in all (no silent cap)
			contactsTotal =
				rows.length < CONTACT_LIMIT
					? rows.length
					: (
							await this.db
								.select({ n: sql<number>`count(*)::int` })
								.from(customers)
								.where(and(inArray(customers.incidentId, ids), contactOpen()))
						)[0].n;
		}

		// duties of my groups on incidents where my group is convened and I hold or may hold its seat
		const myGroupSeats = seatRows.filter((s) => s.seat !== 'leader' && user.groups.includes(s.group as never));
		const checks = myGroupSeats.length
			? await this.db
					.select()
					.from(dutyChecks)
					.where(inArray(dutyChecks.incidentId, [...new Set(myGroupSeats.map((s) => s.incidentId))]))
			: [];
		const duties: TasksJson['duties'] = myGroupSeats
			.map((s) => {
				const list = DUTIES[s.group as ResponseGroup] ?? [];
				const done = new Set(checks.filter((c) => c.incidentId === s.incidentId && c.group === s.group).map((c) => c.item));
				return {
					incident: byId.get(s.incidentId)!,
					group: s.group as TasksJson['duties'][number]['group'],
					open: list.map((d, item) => ({ item, en: d.en, zh: d.zh })).filter((d) => !done.has(d.item))
				};
			})
			.filter((d) => d.open.length > 0)
			.sort((a, b) => a.incident.level - b.incident.level);
		// commitments I made in contacts, kept until a later contact or a note closes them
		const commitments = await openCommitmentsOf(this.db, user.id, now);
		return { seats, contacts, contactsTotal, duties, commitments };
	}
}
