// The review (复盘, PRODUCT.md §5): the 5W1H post-mortem — Why pre-filled from the cause analysis,
// When generated from the incident's own event log — saved against its version (409 on a stale
// one), its deadline after resolution, and improvement measures tracked across incidents.
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/client';
import { causeAnalyses, customers, followUps, improvements, incidentEvents, incidents, postmortems, surveys, users } from '../db/schema';
import type { Clock } from '../clock';
import { ServiceError, notFound } from '../errors';
import type { SessionUser } from '../auth/principal';
import type { IncidentCommands } from './incident-commands';
import type { IncidentRow, Lang } from './incident-view';
import type { ResponseService } from './response';
import { satisfaction } from '$lib/domain/survey';
import type { Level } from '$lib/domain/levels';
import type { ClosingFacts } from '$lib/domain/phases';
import {
	INT4_MAX,
	POSTMORTEM_FIELDS,
	type ImprovementCountsJson,
	type ImprovementJson,
	type Page,
	type PageWindow,
	type ImprovementRequest,
	type PostmortemJson,
	type PostmortemRequest
} from '$lib/api/schemas';

type PmRow = typeof postmortems.$inferSelect;

const WHEN_LABELS: Record<string, { en: string; zh: string }> = {
	identified: { en: 'Identified', zh: '事件识别' },
	first_contact: { en: 'First customer contact', zh: '首次联系客户' },
	responded: { en: 'Response group on it', zh: '应急小组响应' },
	resolved: { en: 'Resolved', zh: '问题解决' }
};

/** The post-mortem's own content, without what is derived (milestone times, deadline, author). */
function sameContent(a: PostmortemJson, b: PostmortemJson): boolean {
	const content = (p: PostmortemJson) =>
		JSON.stringify([p.what, p.why.rootCause, p.why.directCause, p.who, p.where, p.how.wentWell, p.how.wentBadly, p.improvementPoints, p.when.map((w) => [w.key, w.annotation])]);
	return content(a) === content(b);
}

/**
 * The closing gate's facts: the post-mortem held (What · Why · How), improvements recorded, the
 * satisfaction rate against the level's target, reached customers and open re-follow-ups.
 */
export async function closingFacts(db: DbOrTx, incidentId: string, level: Level): Promise<ClosingFacts> {
	const [pm] = await db.select().from(postmortems).where(eq(postmortems.incidentId, incidentId));
	const [n] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(improvements)
		.where(eq(improvements.incidentId, incidentId));
	const s = await db.select({ satisfied: surveys.satisfied }).from(surveys).where(eq(surveys.incidentId, incidentId));
	const [f] = await db
		.select({ open: sql<number>`count(*) filter (where ${followUps.status} = 'open')::int` })
		.from(followUps)
		.where(eq(followUps.incidentId, incidentId));
	const [reached] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(customers)
		.where(and(eq(customers.incidentId, incidentId), sql`${customers.firstContactAt} is not null`));
	const sum = satisfaction(s, level);
	return {
		postmortemComplete: !!pm && isHeld(pm),
		improvements: n.n,
		surveyed: sum.surveyed,
		rate: sum.rate,
		target: sum.target,
		reachedCustomers: reached.n,
		followUpsOpen: f.open
	};
}

/** A post-mortem is held once What, Why and How are written. */
function isHeld(pm: Pick<PmRow, 'what' | 'rootCause' | 'directCause' | 'wentWell' | 'wentBadly'>): boolean {
	return !!pm.what.trim() && !!(pm.rootCause.trim() || pm.directCause.trim()) && !!(pm.wentWell.trim() || pm.wentBadly.trim());
}

export class ReviewService {
	constructor(
		private db: Db,
		private clock: Clock,
		private incidents: IncidentCommands,
		private response: ResponseService
	) {}

	/** Who, until the review writes its own: each seat of the response group, its holder, whether they responded, their group's duties done. */
	private async roster(db: DbOrTx, incidentId: string, lang: Lang): Promise<string> {
		const r = await this.response.get(incidentId, lang, db);
		return r.seats
			.filter((s) => s.user)
			.map((s) => {
				const d = r.duties.find((x) => x.group === s.group);
				const done = d ? `${d.items.filter((i) => i.done).length}/${d.items.length}` : '';
				return lang === 'zh'
					? `${s.title.zh}:${s.user!.name}(${s.acknowledgedAt ? '已响应' : '未响应'}${done ? `,职责完成 ${done}` : ''})`
					: `${s.title.en}: ${s.user!.name} (${s.acknowledgedAt ? 'acknowledged' : 'not acknowledged'}${done ? `, duties done ${done}` : ''})`;
			})
			.join('\n');
	}

	/** The timeline of the incident from its own log: identified, first contact, responded, resolved. */
	private async when(db: DbOrTx, row: IncidentRow, notes: Record<string, string>, lang: Lang): Promise<PostmortemJson['when']> {
		const [first] = await db
			.select({ at: sql<string | Date | null>`min(${customers.firstContactAt})` })
			.from(customers)
			.where(eq(customers.incidentId, row.id));
		const [ack] = await db
			.select({ at: sql<string | Date | null>`min(${incidentEvents.at})` })
			.from(incidentEvents)
			.where(and(eq(incidentEvents.incidentId, row.id), eq(incidentEvents.type, 'response.seat_acknowledged')));
		const iso = (v: string | Date | null | undefined) => (v ? new Date(v).toISOString() : null);
		const at: Record<string, string | null> = {
			identified: row.identifiedAt.toISOString(),
			first_contact: iso(first?.at),
			responded: iso(ack?.at),
			resolved: row.resolvedAt?.toISOString() ?? null
		};
		return Object.keys(WHEN_LABELS).map((key) => ({ key, at: at[key], label: WHEN_LABELS[key][lang], annotation: notes[key] ?? '' }));
	}

	private async toJson(db: DbOrTx, row: IncidentRow, pm: PmRow | undefined, lang: Lang): Promise<PostmortemJson> {
		const [cause] = pm ? [] : await db.select().from(causeAnalyses).where(eq(causeAnalyses.incidentId, row.id));
		return {
			incidentId: row.id,
			version: pm?.version ?? 0,
			// set at resolution, moved by level changes, back-filled by the migration
			dueAt: row.postmortemDueAt?.toISOString() ?? null,
			heldAt: row.postmortemHeldAt?.toISOString() ?? null,
			what: pm?.what ?? '',
			// Why starts from the cause analysis until the review writes its own
			why: { rootCause: pm?.rootCause ?? cause?.rootCause ?? '', directCause: pm?.directCause ?? cause?.directCause ?? '' },
			who: pm?.who || (await this.roster(db, row.id, lang)),
			when: await this.when(db, row, pm?.whenNotes ?? {}, lang),
			where: pm?.where ?? '',
			how: { wentWell: pm?.wentWell ?? '', wentBadly: pm?.wentBadly ?? '' },
			improvementPoints: pm?.improvementPoints ?? '',
			updatedBy: pm?.updatedById ? { id: pm.updatedById, name: pm.updatedByName ?? '' } : null,
			updatedAt: pm?.updatedAt.toISOString() ?? null
		};
	}

	/** The post-mortem as this transaction sees it (the archive reads it inside the closing one). */
	async snapshot(db: DbOrTx, row: IncidentRow, lang: Lang): Promise<PostmortemJson> {
		const [pm] = await db.select().from(postmortems).where(eq(postmortems.incidentId, row.id));
		return this.toJson(db, row, pm, lang);
	}

	async get(incidentId: string, lang: Lang): Promise<PostmortemJson> {
		const row = await this.incidents.getRow(incidentId);
		const [pm] = await this.db.select().from(postmortems).where(eq(postmortems.incidentId, incidentId));
		return this.toJson(this.db, row, pm, lang);
	}

	/** Saves the fields sent against the version (0 first): the later of two saves from one version gets 409. */
	async put(actor: SessionUser, incidentId: string, input: z.infer<typeof PostmortemRequest>, lang: Lang) {
		let result: PostmortemJson | undefined;
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (row, now, tx) => {
				const [current] = await tx.select().from(postmortems).where(eq(postmortems.incidentId, incidentId)).for('update');
				const version = current?.version ?? 0;
				if (input.version !== version) {
					throw new ServiceError('version_conflict', `The post-mortem was changed by someone else (now version ${version}); reload and re-apply your change`, {
						current: await this.toJson(tx, row, current, lang)
					});
				}
				if (input.incidentId !== undefined && input.incidentId !== incidentId) {
					throw new ServiceError('invalid_input', `incidentId ${JSON.stringify(input.incidentId)} is not this incident`, [{ field: 'incidentId', message: `this is incident ${incidentId}` }]);
				}
				const before = await this.toJson(tx, row, current, lang);
				const base = current ? undefined : before;
				const fields = {
					what: input.what ?? current?.what ?? '',
					rootCause: input.why?.rootCause ?? current?.rootCause ?? base?.why.rootCause ?? '',
					directCause: input.why?.directCause ?? current?.directCause ?? base?.why.directCause ?? '',
					// Who sent back as generated from the roster stays generated (it follows the response group)
					who: !current?.who && input.who === before.who ? '' : (input.who ?? current?.who ?? ''),
					whenNotes: input.when ? { ...(current?.whenNotes ?? {}), ...Object.fromEntries(input.when.map((w) => [w.key, w.annotation])) } : (current?.whenNotes ?? {}),
					where: input.where ?? current?.where ?? '',
					wentWell: input.how?.wentWell ?? current?.wentWell ?? '',
					wentBadly: input.how?.wentBadly ?? current?.wentBadly ?? '',
					improvementPoints: input.improvementPoints ?? current?.improvementPoints ?? '',
					version: version + 1,
					updatedById: actor.id,
					updatedByName: actor.name,
					updatedAt: now
				};
				// the GET shape sent back unchanged (derived fields aside): nothing to save, no new version
				const after = await this.toJson(tx, row, { ...(current ?? { incidentId }), ...fields } as PmRow, lang);
				if (sameContent(before, after)) {
					result = before;
					return { set: {}, events: [] };
				}
				const [saved] = current
					? await tx.update(postmortems).set(fields).where(eq(postmortems.incidentId, incidentId)).returning()
					: await tx
							.insert(postmortems)
							.values({ incidentId, ...fields })
							.returning();
				const held = !row.postmortemHeldAt && isHeld(saved);
				result = await this.toJson(tx, held ? { ...row, postmortemHeldAt: now } : row, saved, lang);
				const changed = POSTMORTEM_FIELDS.filter((k) => input[k] !== undefined);
				return { set: held ? { postmortemHeldAt: now } : {}, events: [{ type: 'postmortem.updated', data: { version: saved.version, fields: changed, ...(held ? { held: true } : {}) } }] };
			},
			lang
		);
		return { postmortem: result!, incident };
	}

	private improvementJson(r: typeof improvements.$inferSelect, code: string, now: Date): ImprovementJson {
		return {
			id: r.id,
			incidentId: r.incidentId,
			incidentCode: code,
			type: r.type,
			description: r.description,
			owner: r.ownerId ? { id: r.ownerId, name: r.ownerName ?? '' } : null,
			dueAt: r.dueAt?.toISOString() ?? null,
			status: r.status,
			overdue: r.status !== 'done' && !!r.dueAt && r.dueAt.getTime() < now.getTime(),
			createdAt: r.createdAt.toISOString()
		};
	}

	async addImprovement(actor: SessionUser, incidentId: string, input: z.infer<typeof ImprovementRequest>, lang: Lang) {
		let item: ImprovementJson | undefined;
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (row, now, tx) => {
				let owner: { id: string; name: string } | null = null;
				if (input.ownerId) {
					const [u] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, input.ownerId));
					if (!u) throw new ServiceError('invalid_input', 'No such user', [{ field: 'ownerId', message: 'unknown user' }]);
					owner = u;
				}
				const [r] = await tx
					.insert(improvements)
					.values({
						id: randomUUID(),
						incidentId,
						type: input.type,
						description: input.description,
						ownerId: owner?.id ?? null,
						ownerName: owner?.name ?? null,
						dueAt: input.dueAt ?? null,
						status: 'open',
						createdAt: now,
						updatedAt: now
					})
					.returning();
				item = this.improvementJson(r, row.code, now);
				return { set: {}, events: [{ type: 'improvement.added', data: { improvementId: r.id, type: r.type, description: r.description } }] };
			},
			lang
		);
		return { improvement: item!, incident };
	}

	/** Status changes are allowed after close too: improvements are tracked to done across incidents. */
	async setImprovementStatus(improvementId: string, status: ImprovementJson['status']): Promise<ImprovementJson> {
		if (!/^[0-9a-f-]{36}$/i.test(improvementId)) throw notFound('Improvement');
		const now = this.clock.now();
		const [r] = await this.db.update(improvements).set({ status, updatedAt: now }).where(eq(improvements.id, improvementId)).returning();
		if (!r) throw notFound('Improvement');
		const [inc] = await this.db.select({ code: incidents.code }).from(incidents).where(eq(incidents.id, r.incidentId));
		return this.improvementJson(r, inc?.code ?? '', now);
	}

	/**
	 * Improvements across incidents (or of one), unfinished first, then by due time: one page
	 * of them and how many match in all, counted by the database.
	 */
	async improvementsPage(query: ImprovementFilter & PageWindow): Promise<Page<ImprovementJson>> {
		const now = this.clock.now();
		const where = and(...improvementFilter(query, now));
		const [rows, [{ total }]] = await Promise.all([
			this.db
				.select({ r: improvements, code: incidents.code })
				.from(improvements)
				.innerJoin(incidents, eq(incidents.id, improvements.incidentId))
				.where(where)
				.orderBy(sql`${improvements.status} = 'done'`, asc(improvements.dueAt), asc(improvements.createdAt), asc(improvements.id))
				.limit(query.limit)
				.offset(query.offset),
			this.db.select({ total: count() }).from(improvements).where(where)
		]);
		return { items: rows.map(({ r, code }) => this.improvementJson(r, code, now)), total, limit: query.limit, offset: query.offset };
	}

	/** Every improvement of the filter, no page: one incident's list (a handful), never the whole table. */
	async listImprovements(query: ImprovementFilter & { incidentId: string }): Promise<ImprovementJson[]> {
		return (await this.improvementsPage({ ...query, limit: INT4_MAX, offset: 0 })).items;
	}

	/** Improvements by status, and the unfinished ones past their due time, across all incidents. */
	async improvementCounts(): Promise<ImprovementCountsJson> {
		const now = this.clock.now();
		const [r] = await this.db
			.select({
				open: count(sql`case when ${improvements.status} = 'open' then 1 end`),
				in_progress: count(sql`case when ${improvements.status} = 'in_progress' then 1 end`),
				done: count(sql`case when ${improvements.status} = 'done' then 1 end`),
				// count() counts every non-null value, false included: only the overdue rows may give one
				overdue: count(sql`case when ${and(...improvementFilter({ overdue: true }, now))} then 1 end`)
			})
			.from(improvements);
		return r;
	}
}

/** `unfinished`: open or in progress (the monthly report's list). */
type ImprovementFilter = { status?: ImprovementJson['status']; overdue?: boolean; unfinished?: boolean; incidentId?: string };

/** The list's filters as SQL; "overdue" is the same rule as an improvement's `overdue` flag. */
function improvementFilter(query: ImprovementFilter, now: Date): SQL[] {
	const where: SQL[] = [];
	if (query.status) where.push(eq(improvements.status, query.status));
	if (query.incidentId) where.push(eq(improvements.incidentId, query.incidentId));
	if (query.unfinished) where.push(ne(improvements.status, 'done'));
	if (query.overdue) where.push(and(ne(improvements.status, 'done'), sql`${improvements.dueAt} < ${now.toISOString()}::timestamptz`)!);
	return where;
}
