// The archive (记录归档, PRODUCT.md §6): the seven documents generated from the incident's data
// inside the closing transaction, stored per language as Markdown and print-ready HTML, and the
// keyword search over archived (and open) incidents.
import { and, asc, count, desc, eq, exists, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../db/client';
import { archiveDocuments, causeAnalyses, confirmations, customers, followUps, improvements, incidentEvents, incidents, postmortems, solutions, surveys } from '../db/schema';
import type { Clock } from '../clock';
import { ServiceError } from '../errors';
import { incidentsJson, loadIncidentRow, type IncidentRow, type Lang } from './incident-view';
import type { ReviewService } from './review';
import { combineHtml, formatTime, renderHtml, renderMarkdown, type ArchiveDoc, type Block } from './archive-render';
import { deadlineStatus } from '$lib/domain/deadlines';
import { maskName } from '$lib/domain/masking';
import { DEFAULT_INPUTS, type Level } from '$lib/domain/levels';
import { CAUSE_GROUP, approverOf, solutionKind } from '$lib/domain/resolution';
import { GROUP_NAMES } from '$lib/domain/response';
import { satisfaction } from '$lib/domain/survey';
import { ARCHIVE_KINDS, type ArchiveKind, type ArchiveListJson, type IncidentJson, type Page, type PageWindow, type PostmortemJson } from '$lib/api/schemas';
import en from '$lib/i18n/en';
import zh from '$lib/i18n/zh-CN';

const MESSAGES: Record<Lang, typeof en> = { en, zh };
const SEARCH_LIMIT = 50;

/** Everything the documents are made of, read once inside the closing transaction. */
export interface Facts {
	row: IncidentRow;
	now: Date;
	events: (typeof incidentEvents.$inferSelect)[];
	customers: (typeof customers.$inferSelect)[];
	cause: typeof causeAnalyses.$inferSelect | undefined;
	solutions: (typeof solutions.$inferSelect)[];
	confirmations: (typeof confirmations.$inferSelect)[];
	surveys: (typeof surveys.$inferSelect)[];
	followUps: (typeof followUps.$inferSelect)[];
	improvements: (typeof improvements.$inferSelect)[];
	postmortem: Record<Lang, PostmortemJson>;
}

/** Builds the seven documents of one language from the facts. */
class DocumentBuilder {
	private m: typeof en;
	private d: typeof en.archive.doc;
	private byCustomer: Map<string, typeof customers.$inferSelect>;

	constructor(
		private f: Facts,
		private lang: Lang,
		private timeZone: string
	) {
		this.m = MESSAGES[lang];
		this.d = this.m.archive.doc;
		this.byCustomer = new Map(f.customers.map((c) => [c.id, c]));
	}

	private time = (v: Date | string | null | undefined) => formatTime(v, this.timeZone);
	private yesNo = (v: boolean | null | undefined) => (v === null || v === undefined ? '' : v ? this.d.yes : this.d.no);
	private level = (l: number) => this.m.levels[String(l) as '1' | '2' | '3'];
	private pair = (a: { en: string; zh: string }) => a[this.lang];
	/** A customer as the archive names them: position and masked name, never plain personal data. */
	private customer = (id: string) => {
		const c = this.byCustomer.get(id);
		return c ? `${c.position}. ${maskName(c.name)}` : '';
	};
	private table = (head: string[], rows: string[][]): Block => ({ table: { head, rows }, empty: this.d.none });

	private header(): [string, string][] {
		const { row } = this.f;
		const entered = new Map(this.f.events.filter((e) => e.type === 'incident.phase_changed').map((e) => [String(e.data.to), e.at]));
		const phases = (['initiation', 'containment', 'resolution', 'follow_up', 'closed'] as const).map((p) => {
			const at = p === 'initiation' ? row.identifiedAt : p === 'closed' ? row.closedAt : entered.get(p);
			return `${this.m.phases[p]}: ${this.time(at)}`;
		});
		return [
			[this.d.code, row.code],
			[this.d.title, row.title],
			[this.d.level, this.level(row.level)],
			[this.d.category, this.m.categories[row.category]],
			[this.d.phaseDates, phases.join('\n')],
			[this.d.generated, `${this.time(this.f.now)} (${this.timeZone})`]
		];
	}

	private levelDetermination(): Block[] {
		const { row, events } = this.f;
		const inputs = { ...DEFAULT_INPUTS, ...row.inputs };
		const value = (k: keyof typeof inputs) => {
			const v = inputs[k];
			return typeof v === 'boolean' ? this.yesNo(v) : k === 'propertyLoss' ? this.m.propertyLoss[v as keyof typeof en.propertyLoss] : String(v);
		};
		const changes = events
			.filter((e) => e.type === 'incident.declared' || e.type === 'incident.level_changed')
			.map((e) => {
				const data = e.data as { from?: number; to?: number; automatic?: boolean; reason?: { en: string; zh: string }; incident?: { level: number; levelReasonI18n?: { en: string; zh: string } } };
				const declared = e.type === 'incident.declared';
				const how = declared ? this.m.events['incident.declared'] : data.automatic ? this.d.automatic : this.d.manualChange;
				const reason = data.reason ?? data.incident?.levelReasonI18n;
				return [
					this.time(e.at),
					declared ? '' : this.level(data.from ?? 0),
					this.level(declared ? (data.incident?.level ?? 0) : (data.to ?? 0)),
					how,
					reason ? this.pair(reason) : '',
					e.actorName ?? ''
				];
			});
		return [
			{ h: this.d.determination },
			{
				fields: [
					[this.d.level, this.level(row.level)],
					[this.d.reason, this.pair(row.levelReason)],
					[this.d.manual, this.yesNo(!!row.levelReason.manual)],
					[this.d.recorded, String(row.affectedCustomers)]
				]
			},
			{ h: this.d.inputs },
			this.table(
				[this.d.input, this.d.value],
				(Object.keys(this.m.inputs) as (keyof typeof inputs)[]).map((k) => [this.m.inputs[k], value(k)])
			),
			{ h: this.d.triggers },
			this.table(
				[this.d.trigger, this.d.level],
				row.levelReason.triggers.map((t) => [this.pair(t), this.level(t.level)])
			),
			{ h: this.d.levelChanges },
			this.table([this.d.time, this.d.from, this.d.to, this.d.how, this.d.reason, this.d.by], changes)
		];
	}

	private customerList(): Block[] {
		const statuses = this.f.customers.map((c) => deadlineStatus(c, this.f.now));
		const count = (s: string) => String(statuses.filter((x) => x === s).length);
		const cs = this.m.contactStatus;
		return [
			{ p: this.d.masked },
			{
				fields: [
					[this.d.customers, String(this.f.customers.length)],
					[cs.met, count('met')],
					[cs.met_late, count('met_late')],
					[cs.unreachable, count('unreachable')],
					[cs.overdue, count('overdue')]
				]
			},
			this.table(
				[this.d.position, this.d.name, this.d.phone, this.d.orderNo, this.d.productModel, this.d.symptom, this.d.firstContact, this.d.deadline],
				this.f.customers.map((c, i) => [
					String(c.position),
					maskName(c.name),
					c.phoneMasked ?? '',
					c.orderNoMasked ?? '',
					c.productModel,
					c.symptom,
					this.time(c.firstContactAt),
					// the deadline, how it ended, and since when the customer could not be reached
					[this.time(c.dueAt), cs[statuses[i]], c.unreachableAt && !c.firstContactAt ? `${this.time(c.unreachableAt)} ${c.unreachableReason ?? ''}`.trim() : ''].filter(Boolean).join('\n')
				])
			)
		];
	}

	private causeAnalysis(): Block[] {
		const { cause, row } = this.f;
		const group = (cause?.group ?? CAUSE_GROUP[row.category]) as keyof typeof GROUP_NAMES;
		return [
			{ h: this.d.rootCause },
			{ p: cause?.rootCause ?? '' },
			{ h: this.d.directCause },
			{ p: cause?.directCause ?? '' },
			{
				fields: [
					[this.d.group, GROUP_NAMES[group] ? this.pair(GROUP_NAMES[group]) : group],
					[this.d.analysedBy, cause?.updatedByName ?? ''],
					[this.d.analysedAt, this.time(cause?.updatedAt)],
					[this.d.version, String(cause?.version ?? 0)]
				]
			}
		];
	}

	private solutionApproval(): Block[] {
		const { row } = this.f;
		const blocks: Block[] = [{ fields: [[this.d.requiredApprover, this.pair(approverOf(row.level as Level))]] }];
		if (this.f.solutions.length === 0) blocks.push({ p: this.d.none });
		this.f.solutions.forEach((s, i) => {
			const kind = solutionKind(row.category, s.kind);
			blocks.push(
				{ h: `${this.d.solution} ${i + 1} · ${kind ? this.pair(kind) : s.kind}` },
				{
					fields: [
						[this.d.description, s.description],
						[this.d.status, this.m.resolution.states[s.status]],
						[this.d.proposedBy, s.proposedByName ?? ''],
						[this.d.proposedAt, this.time(s.proposedAt)],
						[this.d.approver, s.decidedByName ?? ''],
						[this.d.decidedAt, this.time(s.decidedAt)],
						[this.d.comment, s.comment],
						[this.d.qcStatus, s.qcStatus ? this.d.qc[s.qcStatus] : ''],
						[this.d.qcBy, s.qcByName ?? ''],
						[this.d.qcAt, this.time(s.qcAt)],
						[this.d.qcNote, s.qcNote]
					]
				},
				{ p: this.d.progress },
				this.table(
					[this.d.time, this.d.by, this.d.note, this.d.done],
					s.progress.map((p) => [this.time(p.at), p.by.name, p.note, p.done ? this.d.yes : ''])
				)
			);
		});
		return blocks;
	}

	private confirmations(): Block[] {
		const f = this.m.followup;
		const sum = satisfaction(this.f.surveys, this.f.row.level as Level);
		const pct = (v: number | null) => (v === null ? '' : `${Math.round(v * 1000) / 10}%`);
		return [
			{ h: this.d.confirmations },
			this.table(
				[this.d.customers, this.d.result, this.d.method, this.d.by, this.d.time, this.d.note],
				[
					...this.f.confirmations.map((c) => [this.customer(c.customerId), f.results[c.result], f.methods[c.method], c.byName ?? '', this.time(c.at), c.note]),
					// reached customers whose confirmation will not come: the follow-up gate took the reason instead
					...this.f.customers
						.filter((c) => c.confirmationWaivedAt && !this.f.confirmations.some((x) => x.customerId === c.id))
						.map((c) => [this.customer(c.id), this.d.confirmationWaived, '', c.confirmationWaivedByName ?? '', this.time(c.confirmationWaivedAt), c.confirmationWaivedReason ?? ''])
				]
			),
			{ h: this.d.surveys },
			{
				fields: [
					[this.d.surveyed, String(sum.surveyed)],
					[this.d.satisfied, String(sum.satisfied)],
					[this.d.rate, pct(sum.rate)],
					[this.d.target, pct(sum.target)],
					[this.d.met, this.yesNo(sum.met)]
				]
			},
			this.table(
				[this.d.customers, this.d.speed, this.d.outcome, this.d.attitude, this.d.mean, this.d.satisfied, this.d.suggestion, this.d.time],
				this.f.surveys.map((s) => [
					this.customer(s.customerId),
					String(s.speed),
					String(s.result),
					String(s.attitude),
					((s.speed + s.result + s.attitude) / 3).toFixed(2),
					this.yesNo(s.satisfied),
					s.suggestion,
					this.time(s.at)
				])
			),
			{ h: this.d.followUps },
			this.table(
				[this.d.customers, this.d.owner, this.d.due, this.d.status, this.d.note],
				this.f.followUps.map((t) => [this.customer(t.customerId), t.ownerName ?? '', this.time(t.dueAt), this.m.review.status[t.status === 'done' ? 'done' : 'open'], t.note])
			)
		];
	}

	private improvementTable(): Block {
		const r = this.m.review;
		return this.table(
			[this.d.position, this.d.type, this.d.measure, this.d.owner, this.d.due, this.d.status],
			this.f.improvements.map((x, i) => [String(i + 1), r.types[x.type], x.description, x.ownerName ?? '', this.time(x.dueAt), r.status[x.status]])
		);
	}

	private postmortem(): Block[] {
		const pm = this.f.postmortem[this.lang];
		return [
			{
				fields: [
					[this.d.postmortemDue, this.time(pm.dueAt)],
					[this.d.updatedBy, pm.updatedBy?.name ?? ''],
					[this.d.updatedAt, this.time(pm.updatedAt)],
					[this.d.version, String(pm.version)]
				]
			},
			{ h: this.d.what },
			{ p: pm.what },
			{ h: this.d.why },
			{
				fields: [
					[this.d.rootCause, pm.why.rootCause],
					[this.d.directCause, pm.why.directCause]
				]
			},
			{ h: this.d.who },
			{ p: pm.who },
			{ h: this.d.when },
			this.table(
				[this.d.moment, this.d.time, this.d.annotation],
				pm.when.map((w) => [w.label, this.time(w.at), w.annotation])
			),
			{ h: this.d.where },
			{ p: pm.where },
			{ h: 'How' },
			{
				fields: [
					[this.d.wentWell, pm.how.wentWell],
					[this.d.wentBadly, pm.how.wentBadly]
				]
			},
			{ h: this.d.improvementPoints },
			{ p: pm.improvementPoints },
			{ h: this.d.improvements },
			this.improvementTable()
		];
	}

	build(): ArchiveDoc[] {
		const blocks: Record<ArchiveKind, () => Block[]> = {
			level_determination: () => this.levelDetermination(),
			customer_list: () => this.customerList(),
			cause_analysis: () => this.causeAnalysis(),
			solution_approval: () => this.solutionApproval(),
			confirmations: () => this.confirmations(),
			postmortem: () => this.postmortem(),
			improvements: () => [this.improvementTable()]
		};
		const header = this.header();
		return ARCHIVE_KINDS.map((kind) => ({ kind, lang: this.lang, title: this.m.archive.kinds[kind], code: this.f.row.code, header, blocks: blocks[kind]() }));
	}
}

/** The seven documents of one language, as `generate` stores them (exported for the renderer's tests). */
export function buildDocuments(facts: Facts, lang: Lang, timeZone: string): ArchiveDoc[] {
	return new DocumentBuilder(facts, lang, timeZone).build();
}

export class ArchiveService {
	constructor(
		private db: Db,
		private clock: Clock,
		private timeZone: string,
		private review: ReviewService
	) {}

	private async facts(tx: DbOrTx, row: IncidentRow, now: Date): Promise<Facts> {
		const id = row.id;
		// one query at a time: a transaction is one connection on both drivers
		const events = await tx
			.select()
			.from(incidentEvents)
			.where(and(eq(incidentEvents.incidentId, id), inArray(incidentEvents.type, ['incident.declared', 'incident.level_changed', 'incident.phase_changed'])))
			.orderBy(asc(incidentEvents.seq));
		const custs = await tx.select().from(customers).where(eq(customers.incidentId, id)).orderBy(asc(customers.position));
		const [cause] = await tx.select().from(causeAnalyses).where(eq(causeAnalyses.incidentId, id));
		const sols = await tx.select().from(solutions).where(eq(solutions.incidentId, id)).orderBy(asc(solutions.proposedAt));
		const confs = await tx.select().from(confirmations).where(eq(confirmations.incidentId, id)).orderBy(asc(confirmations.at));
		const survs = await tx.select().from(surveys).where(eq(surveys.incidentId, id)).orderBy(asc(surveys.at));
		const tasks = await tx.select().from(followUps).where(eq(followUps.incidentId, id)).orderBy(asc(followUps.dueAt));
		const imps = await tx.select().from(improvements).where(eq(improvements.incidentId, id)).orderBy(asc(improvements.createdAt));
		const pmEn = await this.review.snapshot(tx, row, 'en');
		const pmZh = await this.review.snapshot(tx, row, 'zh');
		return { row, now, events, customers: custs, cause, solutions: sols, confirmations: confs, surveys: survs, followUps: tasks, improvements: imps, postmortem: { en: pmEn, zh: pmZh } };
	}

	/** Generates and stores the seven documents in both languages (called inside the closing transaction). */
	async generate(tx: DbOrTx, row: IncidentRow, now: Date): Promise<void> {
		const facts = await this.facts(tx, row, now);
		const values = (['en', 'zh'] as const).flatMap((lang) =>
			buildDocuments(facts, lang, this.timeZone).map((doc) => ({
				incidentId: row.id,
				kind: doc.kind,
				lang,
				title: doc.title,
				markdown: renderMarkdown(doc),
				html: renderHtml([doc], doc.title),
				createdAt: now
			}))
		);
		await tx.delete(archiveDocuments).where(eq(archiveDocuments.incidentId, row.id));
		await tx.insert(archiveDocuments).values(values);
	}

	/** The stored documents of a closed incident; one closed before the archive existed gets them now. */
	private async stored(incidentId: string, lang: Lang, kind?: ArchiveKind) {
		const row = await loadIncidentRow(this.db, incidentId);
		if (row.phase !== 'closed') throw new ServiceError('conflict', 'The archive is generated when the incident is closed', { phase: row.phase });
		const read = () =>
			this.db
				.select()
				.from(archiveDocuments)
				.where(and(eq(archiveDocuments.incidentId, incidentId), eq(archiveDocuments.lang, lang), ...(kind ? [eq(archiveDocuments.kind, kind)] : [])));
		let docs = await read();
		if (docs.length === 0) {
			// the incident's row lock makes two first readers generate once
			await this.db.transaction(async (tx) => {
				const locked = await loadIncidentRow(tx, incidentId, true);
				const [done] = await tx.select({ kind: archiveDocuments.kind }).from(archiveDocuments).where(eq(archiveDocuments.incidentId, incidentId)).limit(1);
				if (!done) await this.generate(tx, locked, this.clock.now());
			});
			docs = await read();
		}
		docs.sort((a, b) => ARCHIVE_KINDS.indexOf(a.kind as ArchiveKind) - ARCHIVE_KINDS.indexOf(b.kind as ArchiveKind));
		return { row, docs };
	}

	async list(incidentId: string, lang: Lang): Promise<ArchiveListJson> {
		const { docs } = await this.stored(incidentId, lang);
		const base = `/api/v1/incidents/${incidentId}/documents`;
		return {
			items: docs.map((d) => ({ kind: d.kind as ArchiveKind, title: d.title, url: `${base}/${d.kind}?format=html`, markdownUrl: `${base}/${d.kind}?format=md` })),
			bundle: { html: `${base}/bundle?format=html`, markdown: `${base}/bundle?format=md` }
		};
	}

	/** One document (`kind`) or all seven in one file (no kind), as Markdown or HTML. */
	async document(incidentId: string, kind: string | undefined, format: 'md' | 'html', lang: Lang): Promise<{ body: string; fileName: string }> {
		if (kind !== undefined && !ARCHIVE_KINDS.includes(kind as ArchiveKind)) {
			throw new ServiceError('not_found', `No archive document "${kind}"; the kinds are: ${ARCHIVE_KINDS.join(', ')}`, { kinds: ARCHIVE_KINDS });
		}
		const { row, docs } = await this.stored(incidentId, lang, kind as ArchiveKind | undefined);
		const fileName = `${row.code}-${kind ?? 'archive'}.${format}`;
		if (format === 'md') return { body: docs.map((d) => d.markdown).join('\n---\n\n'), fileName };
		if (docs.length === 1) return { body: docs[0].html, fileName };
		return {
			body: combineHtml(
				docs.map((d) => d.html),
				row.code,
				lang,
				MESSAGES[lang].archive.title
			),
			fileName
		};
	}

	/**
	 * Incidents whose code, title, description, customers' product model or symptom, cause
	 * analysis, post-mortem text or improvement measures contain `q` (case-insensitive
	 * substring, so Chinese matches inside words); closed ones included, newest first. One page
	 * of them, and how many match in all.
	 */
	async search(q: string, lang: Lang, page: PageWindow = { limit: SEARCH_LIMIT, offset: 0 }): Promise<Page<IncidentJson>> {
		const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		const any = (...cols: PgColumn[]) => or(...cols.map((c) => ilike(c, like)))!;
		const related = (table: typeof customers | typeof causeAnalyses | typeof postmortems | typeof improvements, match: SQL) =>
			exists(
				this.db
					.select({ one: table.incidentId })
					.from(table)
					.where(and(eq(table.incidentId, incidents.id), match))
			);
		const where = or(
			any(incidents.code, incidents.title, incidents.description),
			related(customers, any(customers.productModel, customers.symptom)),
			related(causeAnalyses, any(causeAnalyses.rootCause, causeAnalyses.directCause)),
			related(
				postmortems,
				any(postmortems.what, postmortems.rootCause, postmortems.directCause, postmortems.who, postmortems.where, postmortems.wentWell, postmortems.wentBadly, postmortems.improvementPoints)
			),
			related(improvements, any(improvements.description))
		);
		const [rows, [{ total }]] = await Promise.all([
			this.db.select().from(incidents).where(where).orderBy(desc(incidents.identifiedAt), desc(incidents.id)).limit(page.limit).offset(page.offset),
			this.db.select({ total: count() }).from(incidents).where(where)
		]);
		return { items: await incidentsJson(this.db, rows, lang, this.clock.now()), total, ...page };
	}
}
