// Affected customers (客户问题信息表) and their contact records: registration (one or 10,000 at
// a time, all-or-nothing), contact deadlines, the communication checklist, and revealing
// personal data to those allowed, each reveal on the audit trail.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { customers, customerContacts } from '../db/schema';
import { contactOpen, contactStatusIs } from '../db/deadline-sql';
import type { Clock } from '../clock';
import { ServiceError, notFound } from '../errors';
import type { PersonalDataCipher } from '../personal-data';
import { authorize, type SessionUser } from '../auth/principal';
import { DEFAULT_UNREACHABLE_RULE, attemptEffect, orderedChannels, unreachableUnmet, type UnreachableRule } from '$lib/domain/contact-attempts';
import type { ContactChannel } from '$lib/domain/vocabulary';
import { contactDeadline, deadlineStatus } from '$lib/domain/deadlines';
import { maskEmail, maskOrderNo, maskPhone } from '$lib/domain/masking';
import type { Level } from '$lib/domain/levels';
import type { ContactJson, ContactRequest, CustomerInputT, CustomerJson, CustomerListJson, CustomerStatusCountsT, IncidentJson, UnreachableRequest } from '$lib/api/schemas';
import { CONTACT_STATUSES } from '$lib/domain/vocabulary';
import type { ContactStatus } from '$lib/domain/deadlines';
import type { z } from 'zod';
import type { IncidentCommands } from './incident-commands';
import type { Lang } from './incident-view';
import { redetermine } from './level-policy';
import { checkCount, validateCustomerRows, type RowError } from './customer-import';
import { firstCustomerEndsClock } from './incident-clock';
import { commitmentsOnContact } from './commitments';

type CustomerRow = typeof customers.$inferSelect;
type ContactRow = typeof customerContacts.$inferSelect;

/** How many customers an event carries in full; larger imports carry a count and clients refetch. */
export const EVENT_CUSTOMER_LIMIT = 200;

/**
 * Inserts many customers in one statement: one array parameter per column, unnested by the
 * database. 10,000 rows as 22 parameters instead of 220,000 keeps a large import within a
 * couple of seconds on PGlite (see `npm run bench`).
 */
export async function bulkInsertCustomers(tx: DbOrTx, rows: CustomerRow[]): Promise<void> {
	if (rows.length === 0) return;
	const col = <K extends keyof CustomerRow>(key: K, map: (v: CustomerRow[K]) => string | null = (v) => (v === null ? null : String(v))) => sql.param(arrayLiteral(rows.map((r) => map(r[key]))));
	const time = (v: Date | null) => v?.toISOString() ?? null;
	await tx.execute(sql`
		insert into customers (id, incident_id, position, name, personal_sealed, phone_masked, email_masked,
			order_no_masked, purchased_at, product_model, symptom, occurred_at, impact, reported_at,
			due_at, due_soon_at, first_contact_at, first_contact_on_time, unreachable_at, authorization_recorded, authorization_at, created_by, created_at)
		select * from unnest(
			${col('id')}::text[], ${col('incidentId')}::text[], ${col('position')}::int[], ${col('name')}::text[],
			${col('personalSealed')}::text[], ${col('phoneMasked')}::text[], ${col('emailMasked')}::text[],
			${col('orderNoMasked')}::text[], ${col('purchasedAt', time)}::timestamptz[],
			${col('productModel')}::text[], ${col('symptom')}::text[], ${col('occurredAt', time)}::timestamptz[], ${col('impact')}::text[],
			${col('reportedAt', time)}::timestamptz[], ${col('dueAt', time)}::timestamptz[], ${col('dueSoonAt', time)}::timestamptz[],
			${col('firstContactAt', time)}::timestamptz[], ${col('firstContactOnTime')}::boolean[], ${col('unreachableAt', time)}::timestamptz[],
			${col('authorizationRecorded')}::boolean[], ${col('authorizationAt', time)}::timestamptz[], ${col('createdBy')}::text[], ${col('createdAt', time)}::timestamptz[]
		)`);
}

/**
 * A Postgres array literal (`{"a","b",NULL}`) sent as one text parameter and cast in SQL: both
 * drivers pass it through unchanged, where a JS array would be typed differently by each.
 */
export function arrayLiteral(values: (string | null)[]): string {
	return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

/** One sealed blob per customer for its phone, e-mail and order number (one cipher call, not three). */
function seal(cipher: PersonalDataCipher, data: CustomerInputT): string | null {
	if (!data.phone && !data.email && !data.orderNo) return null;
	return cipher.encrypt(JSON.stringify({ phone: data.phone ?? null, email: data.email ?? null, orderNo: data.orderNo ?? null }));
}

/** The stored row of a newly registered customer: masked fields, sealed personal data, its contact deadline. */
export function newCustomerRow(cipher: PersonalDataCipher, o: { incidentId: string; position: number; data: CustomerInputT; level: Level; createdBy: string; now: Date; id?: string }): CustomerRow {
	const { data, now } = o;
	const reportedAt = data.reportedAt ?? now;
	const d = contactDeadline(reportedAt, o.level);
	return {
		id: o.id ?? randomUUID(),
		incidentId: o.incidentId,
		position: o.position,
		name: data.name,
		personalSealed: seal(cipher, data),
		phoneMasked: data.phone ? maskPhone(data.phone) : null,
		emailMasked: data.email ? maskEmail(data.email) : null,
		orderNoMasked: data.orderNo ? maskOrderNo(data.orderNo) : null,
		purchasedAt: data.purchasedAt ?? null,
		productModel: data.productModel ?? '',
		symptom: data.symptom ?? '',
		occurredAt: data.occurredAt ?? null,
		impact: data.impact ?? '',
		reportedAt,
		dueAt: d.dueAt,
		dueSoonAt: d.dueSoonAt,
		firstContactAt: null,
		firstContactOnTime: null,
		unreachableAt: null,
		unreachableReason: null,
		unreachableById: null,
		unreachableByName: null,
		confirmationWaivedReason: null,
		confirmationWaivedByName: null,
		confirmationWaivedAt: null,
		dueSoonFiredAt: null,
		overdueFiredAt: null,
		authorizationRecorded: data.evidenceAuthorized ?? false,
		authorizationAt: data.evidenceAuthorized ? now : null,
		authorizationNote: null,
		createdBy: o.createdBy,
		createdAt: now
	};
}

type PersonalData = { phone: string | null; email: string | null; orderNo: string | null };

/** A customer's contact attempts as the customer JSON shows them (`failedChannels` for the unreachable rule). */
export interface CustomerAttempts {
	attempts: number;
	failedAttempts: number;
	channelsTried: ContactChannel[];
	failedChannels: ContactChannel[];
}
export const NO_ATTEMPTS: CustomerAttempts = { attempts: 0, failedAttempts: 0, channelsTried: [], failedChannels: [] };

/**
 * The attempts of these customers, counted by the database (one statement however many). Channel
 * lists travel as comma-joined text: both drivers read that the same way.
 */
export async function loadAttempts(db: DbOrTx, customerIds: string[] | { incidentId: string }): Promise<Map<string, CustomerAttempts>> {
	const out = new Map<string, CustomerAttempts>();
	if (Array.isArray(customerIds) && customerIds.length === 0) return out;
	const where = Array.isArray(customerIds)
		? inArray(customerContacts.customerId, customerIds)
		: inArray(customerContacts.customerId, db.select({ id: customers.id }).from(customers).where(eq(customers.incidentId, customerIds.incidentId)));
	const rows = await db
		.select({
			customerId: customerContacts.customerId,
			attempts: sql<number>`count(*)::int`,
			failed: sql<number>`(count(*) filter (where not ${customerContacts.reached}))::int`,
			channels: sql<string>`string_agg(distinct ${customerContacts.channel}, ',')`,
			failedChannels: sql<string | null>`string_agg(distinct ${customerContacts.channel}, ',') filter (where not ${customerContacts.reached})`
		})
		.from(customerContacts)
		.where(where)
		.groupBy(customerContacts.customerId);
	for (const r of rows) {
		out.set(r.customerId, {
			attempts: Number(r.attempts),
			failedAttempts: Number(r.failed),
			channelsTried: orderedChannels((r.channels ?? '').split(',')),
			failedChannels: orderedChannels((r.failedChannels ?? '').split(','))
		});
	}
	return out;
}

export function toCustomerJson(r: CustomerRow, now: Date, revealed?: PersonalData, attempts: CustomerAttempts = NO_ATTEMPTS): CustomerJson {
	return {
		id: r.id,
		incidentId: r.incidentId,
		position: r.position,
		name: r.name,
		phone: revealed ? revealed.phone : r.phoneMasked,
		email: revealed ? revealed.email : r.emailMasked,
		orderNo: revealed ? revealed.orderNo : r.orderNoMasked,
		masked: !revealed,
		purchasedAt: r.purchasedAt?.toISOString() ?? null,
		productModel: r.productModel,
		symptom: r.symptom,
		occurredAt: r.occurredAt?.toISOString() ?? null,
		impact: r.impact,
		reportedAt: r.reportedAt.toISOString(),
		contactDeadline: { dueAt: r.dueAt.toISOString(), dueSoonAt: r.dueSoonAt.toISOString(), status: deadlineStatus(r, now) },
		firstContactAt: r.firstContactAt?.toISOString() ?? null,
		unreachableAt: r.unreachableAt?.toISOString() ?? null,
		evidenceAuthorized: r.authorizationRecorded,
		createdAt: r.createdAt.toISOString(),
		attempts: attempts.attempts,
		failedAttempts: attempts.failedAttempts,
		channelsTried: attempts.channelsTried,
		unreachable: r.unreachableAt
			? { at: r.unreachableAt.toISOString(), reason: r.unreachableReason ?? '', by: r.unreachableById ? { id: r.unreachableById, name: r.unreachableByName ?? '' } : null }
			: null
	};
}

/** The attempts of one customer from their contact rows. */
function attemptsOf(rows: ContactRow[]): CustomerAttempts {
	const failed = rows.filter((r) => !r.reached);
	return { attempts: rows.length, failedAttempts: failed.length, channelsTried: orderedChannels(rows.map((r) => r.channel)), failedChannels: orderedChannels(failed.map((r) => r.channel)) };
}

function toContactJson(r: ContactRow): ContactJson {
	return {
		id: r.id,
		customerId: r.customerId,
		at: r.at.toISOString(),
		by: r.byId ? { id: r.byId, name: r.byName ?? '' } : null,
		reached: r.reached,
		channel: r.channel,
		outcome: r.outcome,
		apologized: r.apologized,
		explained: r.explained,
		needAsked: r.needAsked,
		need: r.need,
		commitment: r.commitment,
		commitmentDueAt: r.commitmentDueAt?.toISOString() ?? null,
		commitmentClosedAt: r.commitmentClosedAt?.toISOString() ?? null,
		commitmentClosedNote: r.commitmentClosedNote,
		note: r.note
	};
}

export interface AddResult {
	incident: IncidentJson;
	created: number;
	items: CustomerJson[];
	skipped: RowError[];
}

export class CustomersService {
	constructor(
		private db: Db,
		private clock: Clock,
		private incidents: IncidentCommands,
		private cipher: PersonalDataCipher,
		private unreachableRule: UnreachableRule = DEFAULT_UNREACHABLE_RULE,
		/** WARROOM_TIMEZONE: how row times without an offset (as Excel writes them) are read. */
		private timeZone = 'UTC'
	) {}

	/**
	 * Registers customers. Every row is validated first: any invalid row rejects the whole request
	 * (400 naming each row and field) unless `validRowsOnly`. The insert, the new count, an
	 * automatic escalation and the deadlines it moves are one transaction.
	 */
	async add(actor: SessionUser, incidentId: string, rows: unknown[], opts: { validRowsOnly: boolean }, lang: Lang): Promise<AddResult> {
		checkCount(rows.length);
		const now = this.clock.now();
		const { valid, errors } = validateCustomerRows(rows, now, this.timeZone);
		if (errors.length > 0 && (!opts.validRowsOnly || valid.length === 0)) {
			const shown = errors
				.slice(0, 5)
				.map((e) => `row ${e.row} ${e.field}: ${e.message}`)
				.join('; ');
			throw new ServiceError('invalid_input', `${errors.length} problem(s) in the customer rows; nothing was added. ${shown}${errors.length > 5 ? '; …' : ''}`, errors);
		}
		let inserted: CustomerRow[] = [];
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (row, at, tx) => {
				const before = await this.count(tx, incidentId);
				const r = redetermine(row, row.inputs, before + valid.length);
				const level = (r.set.level ?? row.level) as Level;
				const values = valid.map(({ data }, i) => newCustomerRow(this.cipher, { incidentId, position: before + i + 1, data, level, createdBy: actor.id, now: at }));
				await bulkInsertCustomers(tx, values);
				inserted = values;
				const full = inserted.length <= EVENT_CUSTOMER_LIMIT;
				Object.assign(r.set, firstCustomerEndsClock(row, at)); // the incident's own contact clock ends with its first customer
				return {
					set: { ...r.set, affectedCustomers: before + inserted.length, ...(row.productModel ? {} : { productModel: inserted.find((c) => c.productModel)?.productModel ?? '' }) },
					events: [
						{
							type: 'customer.added',
							data: {
								count: inserted.length,
								positions: [before + 1, before + inserted.length],
								...(full ? { customers: inserted.map((c) => toCustomerJson(c, at)) } : { truncated: true })
							}
						},
						...r.events
					]
				};
			},
			lang
		);
		return { incident, created: inserted.length, items: inserted.map((c) => toCustomerJson(c, now)), skipped: errors };
	}

	private async count(db: DbOrTx, incidentId: string): Promise<number> {
		const [r] = await db
			.select({ n: sql<number>`count(*)::int` })
			.from(customers)
			.where(eq(customers.incidentId, incidentId));
		return r.n;
	}

	async list(incidentId: string, status?: CustomerJson['contactDeadline']['status']): Promise<CustomerJson[]> {
		await this.incidents.getRow(incidentId);
		const now = this.clock.now();
		const rows = await this.db.select().from(customers).where(eq(customers.incidentId, incidentId)).orderBy(asc(customers.position));
		const attempts = await loadAttempts(this.db, { incidentId });
		const items = rows.map((r) => toCustomerJson(r, now, undefined, attempts.get(r.id)));
		return status ? items.filter((c) => c.contactDeadline.status === status) : items;
	}

	/**
	 * A page of the customers (every one without `limit`), filtered by status in SQL, with the total of
	 * the filter and the counts by status. `urgency` puts those still to be contacted first by their
	 * deadline (overdue ones first, as theirs are the earliest), then the settled ones by position.
	 */
	async page(incidentId: string, q: { status?: ContactStatus | 'open'; limit?: number; offset?: number; sort?: 'position' | 'urgency' } = {}): Promise<CustomerListJson> {
		await this.incidents.getRow(incidentId);
		const now = this.clock.now();
		const filter =
			q.status === 'open'
				? and(eq(customers.incidentId, incidentId), contactOpen())
				: q.status
					? and(eq(customers.incidentId, incidentId), contactStatusIs(q.status, now))
					: eq(customers.incidentId, incidentId);
		const order =
			q.sort === 'urgency' ? [sql`case when ${contactOpen()} then 0 else 1 end`, sql`case when ${contactOpen()} then ${customers.dueAt} end asc`, asc(customers.position)] : [asc(customers.position)];
		let query = this.db
			.select()
			.from(customers)
			.where(filter)
			.orderBy(...order)
			.$dynamic();
		if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
		else if (q.offset) query = query.offset(q.offset);
		const rows = await query;
		const attempts = await loadAttempts(this.db, q.limit === undefined ? { incidentId } : rows.map((r) => r.id));
		// one row of filtered counts, one per status, as the roll-up counts them
		const [byStatus] = await this.db
			.select(Object.fromEntries(CONTACT_STATUSES.map((st) => [st, sql<number>`(count(*) filter (where ${contactStatusIs(st, now)}))::int`])) as Record<ContactStatus, SQL<number>>)
			.from(customers)
			.where(eq(customers.incidentId, incidentId));
		const counts = Object.fromEntries(CONTACT_STATUSES.map((st) => [st, Number(byStatus?.[st] ?? 0)])) as CustomerStatusCountsT;
		const total = q.status === 'open' ? counts.pending + counts.due_soon + counts.overdue : q.status ? counts[q.status] : CONTACT_STATUSES.reduce((n, s) => n + counts[s], 0);
		return { items: rows.map((r) => toCustomerJson(r, now, undefined, attempts.get(r.id))), total, counts };
	}

	private async getRow(db: DbOrTx, incidentId: string, customerId: string, lock = false): Promise<CustomerRow> {
		if (!/^[0-9a-f-]{36}$/i.test(customerId)) throw notFound('Customer');
		const q = db
			.select()
			.from(customers)
			.where(and(eq(customers.id, customerId), eq(customers.incidentId, incidentId)));
		const [row] = lock ? await q.for('update') : await q;
		if (!row) throw notFound('Customer');
		return row;
	}

	async get(incidentId: string, customerId: string): Promise<{ customer: CustomerJson; contacts: ContactJson[] }> {
		await this.incidents.getRow(incidentId);
		const row = await this.getRow(this.db, incidentId, customerId);
		const contacts = await this.db.select().from(customerContacts).where(eq(customerContacts.customerId, customerId)).orderBy(asc(customerContacts.at));
		return { customer: toCustomerJson(row, this.clock.now(), undefined, attemptsOf(contacts)), contacts: contacts.map(toContactJson) };
	}

	/**
	 * Records a contact attempt with the guide's checklist. The first successful contact settles the
	 * deadline (met, or met late) and clears an unreachable decision; a failed attempt is only an
	 * attempt: the deadline keeps running (due soon, overdue, their alarms) until a reach or the
	 * unreachable decision (`decideUnreachable`).
	 */
	async contact(actor: SessionUser, incidentId: string, customerId: string, input: z.output<typeof ContactRequest>, lang: Lang) {
		let result: { customer: CustomerJson; contact: ContactJson } | undefined;
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (_row, now, tx) => {
				const c = await this.getRow(tx, incidentId, customerId, true);
				const [contact] = await tx
					.insert(customerContacts)
					.values({
						id: randomUUID(),
						incidentId,
						customerId,
						at: now,
						byId: actor.id,
						byName: actor.name,
						reached: input.reached,
						channel: input.channel,
						outcome: input.outcome,
						apologized: input.apologized ?? false,
						explained: input.explained ?? false,
						needAsked: input.needAsked ?? false,
						need: input.need ?? null,
						commitment: input.commitment ?? '',
						commitmentDueAt: input.commitmentDueAt ?? null,
						note: input.note ?? ''
					})
					.returning();
				// a failed attempt changes nothing: the deadline keeps running (domain/contact-attempts.ts)
				const effect = attemptEffect(c, input.reached, now);
				const first = effect.firstContactAt !== undefined;
				const set: Partial<CustomerRow> = {};
				if (effect.clearsUnreachable) Object.assign(set, { unreachableAt: null, unreachableReason: null, unreachableById: null, unreachableByName: null });
				if (first) Object.assign(set, { firstContactAt: effect.firstContactAt, firstContactOnTime: effect.firstContactOnTime });
				const [updated] = Object.keys(set).length ? await tx.update(customers).set(set).where(eq(customers.id, customerId)).returning() : [c];
				const attempts = (await loadAttempts(tx, [customerId])).get(customerId);
				result = { customer: toCustomerJson(updated, now, undefined, attempts), contact: toContactJson(contact) };
				const data = { customerId, position: c.position, firstContact: first, status: result.customer.contactDeadline.status, customer: result.customer, contactRecord: result.contact };
				return {
					set: {},
					events: [
						input.reached
							? { type: 'customer.contacted', data }
							: { type: 'customer.contact_attempted', data: { ...data, channel: input.channel, outcome: input.outcome, failedAttempts: result.customer.failedAttempts } },
						...(await commitmentsOnContact(tx, actor, contact, c.position))
					]
				};
			},
			lang
		);
		return { incident, ...result! };
	}

	/**
	 * The decision that a customer cannot be reached (a customer-service member or a lead), with a
	 * reason, once enough attempts failed on enough channels (409 `gate_not_met` with the unmet
	 * conditions otherwise). It ends the clock as not met; a later reach clears it.
	 */
	async decideUnreachable(actor: SessionUser, incidentId: string, customerId: string, input: z.output<typeof UnreachableRequest>, lang: Lang) {
		authorize(actor, 'decide_unreachable');
		let customer: CustomerJson | undefined;
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (_row, now, tx) => {
				const c = await this.getRow(tx, incidentId, customerId, true);
				if (c.firstContactAt)
					throw new ServiceError('conflict', lang === 'zh' ? '该客户已联系上，无需标记为无法联系' : 'This customer was reached; there is nothing to decide', {
						firstContactAt: c.firstContactAt.toISOString()
					});
				if (c.unreachableAt)
					throw new ServiceError('conflict', lang === 'zh' ? '该客户已被标记为无法联系' : 'This customer is already decided unreachable', { unreachableAt: c.unreachableAt.toISOString() });
				const attempts = (await loadAttempts(tx, [customerId])).get(customerId) ?? NO_ATTEMPTS;
				const unmet = unreachableUnmet(attempts, this.unreachableRule);
				if (unmet.length > 0) {
					throw new ServiceError('gate_not_met', lang === 'zh' ? `尚不能标记为无法联系：${unmet.map((u) => u.zh).join('；')}` : `Cannot decide unreachable yet: ${unmet.map((u) => u.en).join('; ')}`, {
						unmet: unmet.map((u) => u[lang]),
						conditions: unmet
					});
				}
				const [updated] = await tx
					.update(customers)
					.set({ unreachableAt: now, unreachableReason: input.reason, unreachableById: actor.id, unreachableByName: actor.name })
					.where(eq(customers.id, customerId))
					.returning();
				customer = toCustomerJson(updated, now, undefined, attempts);
				return {
					set: {},
					events: [
						{
							type: 'customer.unreachable',
							data: {
								customerId,
								position: c.position,
								firstContact: false,
								status: customer.contactDeadline.status,
								reason: input.reason,
								by: { id: actor.id, name: actor.name },
								failedAttempts: attempts.failedAttempts,
								channelsTried: attempts.channelsTried,
								customer
							}
						}
					]
				};
			},
			lang
		);
		return { incident, customer: customer! };
	}

	/** Unmasked phone, e-mail and order number for customer-service members and leads; audited. */
	async reveal(actor: SessionUser, incidentId: string, customerId: string, lang: Lang): Promise<CustomerJson> {
		authorize(actor, 'read_personal_data');
		let revealed: CustomerJson | undefined;
		await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (_row, now, tx) => {
				const c = await this.getRow(tx, incidentId, customerId);
				const plain = c.personalSealed ? (JSON.parse(this.cipher.decrypt(c.personalSealed)) as PersonalData) : { phone: null, email: null, orderNo: null };
				revealed = toCustomerJson(c, now, plain, (await loadAttempts(tx, [c.id])).get(c.id));
				const fields = (['phone', 'email', 'orderNo'] as const).filter((f) => revealed![f] !== null);
				return { set: {}, events: [{ type: 'customer.revealed', data: { customerId, position: c.position, fields } }] };
			},
			lang
		);
		return revealed!;
	}
}
