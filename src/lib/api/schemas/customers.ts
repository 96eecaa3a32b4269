// Affected customers (客户问题信息表): rows in, contact attempts, the evidence authorisation and files.
import { z } from 'zod';
import { AUTHORIZATION_CHANNELS, CONTACT_CHANNELS, CONTACT_OUTCOMES, CONTACT_STATUSES, NEEDS } from '$lib/domain/vocabulary';
import { attemptOutcome } from '$lib/domain/contact-attempts';
import { EVIDENCE_TYPES } from '$lib/domain/evidence';
import { FieldError, UserRef, bilingual, int, isoTime, localTime, nullableTime, optionalText, queryFlag, text, time } from './common';
import { Incident, withIncident } from './incidents';

export const MAX_CUSTOMERS_PER_REQUEST = 10_000;

/**
 * One customer row as a client sends it (JSON item or CSV row; empty CSV cells are absent). Its
 * times are ISO-8601 or local times as Excel writes them, read in `timeZone` (WARROOM_TIMEZONE):
 * the server validates with `customerInput(config.timeZone)`.
 */
export const customerInput = (timeZone: string) =>
	z.strictObject({
		name: text(100).min(1, 'required'),
		phone: z
			.string()
			.trim()
			.regex(/^\+?[0-9][0-9 ()-]{4,24}$/, 'expected a phone number (digits, optional +, spaces or dashes)')
			.optional(),
		email: z.string().trim().email('expected an e-mail address such as name@example.com').max(254).optional(),
		orderNo: text(64).min(1).optional(),
		purchasedAt: localTime(timeZone).optional(),
		productModel: optionalText(200),
		symptom: optionalText(2000),
		occurredAt: localTime(timeZone).optional(),
		impact: optionalText(2000),
		reportedAt: localTime(timeZone).optional(),
		/** The customer authorised keeping their evidence (photos, chat records). */
		evidenceAuthorized: z.boolean().optional()
	});
/** The row's shape, for documentation and types (the zone only changes how local times are read). */
export const CustomerInput = customerInput('UTC');
export type CustomerInputT = z.infer<typeof CustomerInput>;
export const CUSTOMER_FIELDS = Object.keys(CustomerInput.shape) as (keyof CustomerInputT)[];
/** The row fields that are times. */
export const CUSTOMER_TIME_FIELDS = ['purchasedAt', 'occurredAt', 'reportedAt'] as const satisfies readonly (keyof CustomerInputT)[];

/** The Chinese column titles of the guide's 客户问题信息表, in the template's order: the template uses the first of each field. */
export const CUSTOMER_COLUMN_TITLES: Record<keyof CustomerInputT, readonly string[]> = {
	name: ['姓名', '客户姓名'],
	phone: ['联系电话', '电话', '手机', '手机号'],
	email: ['邮箱', '电子邮箱'],
	orderNo: ['订单号'],
	purchasedAt: ['购买时间'],
	productModel: ['产品型号'],
	symptom: ['问题描述', '故障现象'],
	occurredAt: ['发生时间'],
	impact: ['影响程度', '影响'],
	reportedAt: ['登记时间', '反馈时间'],
	evidenceAuthorized: ['授权保留证据']
};

/** The field a CSV column title stands for: an api.md field name (any case) or a Chinese title. */
export function customerColumnField(title: string): keyof CustomerInputT | undefined {
	const h = title.trim().replace(/^\uFEFF/, '');
	return CUSTOMER_FIELDS.find((f) => f === h) ?? CUSTOMER_FIELDS.find((f) => f.toLowerCase() === h.toLowerCase()) ?? CUSTOMER_FIELDS.find((f) => CUSTOMER_COLUMN_TITLES[f].includes(h));
}

/** How many customers the incident page loads at a time. */
export const CUSTOMER_PAGE = 50;

/** A status, or `open`: still to be contacted (pending, due soon or overdue). */
export const CUSTOMER_LIST_STATUSES = [...CONTACT_STATUSES, 'open'] as const;
export const ListCustomersQuery = z.object({
	status: z.enum(CUSTOMER_LIST_STATUSES).optional(),
	/** A page of at most `limit` customers; without it every customer, as before. */
	limit: z.coerce.number().int().min(1).max(1000).optional(),
	offset: z.coerce.number().int().min(0).max(2_147_483_647).default(0),
	/** `position` (registration order, the default) or `urgency`: overdue first, then by next deadline, settled ones last. */
	sort: z.enum(['position', 'urgency']).default('position')
});
/** How many of the incident's customers have each contact status now (every customer, whatever the filter). */
export const CustomerStatusCounts = z.object({
	pending: int,
	due_soon: int,
	overdue: int,
	met: int,
	met_late: int,
	unreachable: int
});
export type CustomerStatusCountsT = z.infer<typeof CustomerStatusCounts>;

export const AddCustomersQuery = z.object({
	/** "valid rows only": insert the valid rows and report the others instead of rejecting all. */
	validRowsOnly: queryFlag()
});

/**
 * A contact attempt. `channel` defaults to phone; `reached` and `outcome` are derived from each
 * other when one is absent (neither: reached); 400 when they contradict. A failed attempt leaves
 * the deadline running.
 */
export const ContactRequest = z
	.strictObject({
		channel: z.enum(CONTACT_CHANNELS).default('phone'),
		/** `reached`, or why not. */
		outcome: z.enum(CONTACT_OUTCOMES).optional(),
		/** Kept for compatibility: false is a failed attempt (outcome `no_answer` unless given). */
		reached: z.boolean().optional(),
		apologized: z.boolean().optional(),
		explained: z.boolean().optional(),
		needAsked: z.boolean().optional(),
		need: z.enum(NEEDS).optional(),
		commitment: text(1000).optional(),
		commitmentDueAt: isoTime.optional(),
		note: text(2000).optional()
	})
	.superRefine((v, ctx) => {
		const o = attemptOutcome(v.reached, v.outcome);
		if (!o) {
			ctx.addIssue({ code: 'custom', path: ['outcome'], input: v.outcome, message: `"${v.outcome}" contradicts reached: ${v.reached}` });
			return;
		}
		if (!o.reached) return;
		for (const key of ['apologized', 'explained', 'needAsked'] as const) {
			if (v[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'required (true or false) when the customer was reached' });
		}
		if (v.needAsked && !v.need) ctx.addIssue({ code: 'custom', path: ['need'], message: 'say which need the customer expressed' });
		if (v.commitment && !v.commitmentDueAt) ctx.addIssue({ code: 'custom', path: ['commitmentDueAt'], message: 'a committed next step needs a time' });
	})
	.transform((v) => ({ ...v, ...attemptOutcome(v.reached, v.outcome)! }));

/** The decision that a customer cannot be reached, after enough failed attempts on enough channels. */
export const UnreachableRequest = z.strictObject({ reason: text(1000).min(1, 'required: why the customer is considered unreachable') });

/** The customer's authorisation to keep their photos, videos and chat records as evidence. */
export const AuthorizationRequest = z.strictObject({ channel: z.enum(AUTHORIZATION_CHANNELS), note: text(500).default('') });

export const ContactDeadline = z.object({ dueAt: time, dueSoonAt: time, status: z.enum(CONTACT_STATUSES) });
export type ContactDeadlineJson = z.output<typeof ContactDeadline>;

export const Customer = z
	.object({
		id: z.string(),
		incidentId: z.string(),
		position: int,
		name: z.string(),
		phone: z.string().nullable().meta({ description: 'Masked unless allowed, e.g. 138****5678' }),
		email: z.string().nullable(),
		orderNo: z.string().nullable(),
		masked: z.boolean(),
		purchasedAt: nullableTime,
		productModel: z.string(),
		symptom: z.string(),
		occurredAt: nullableTime,
		impact: z.string(),
		reportedAt: time,
		contactDeadline: ContactDeadline,
		firstContactAt: nullableTime,
		unreachableAt: nullableTime,
		evidenceAuthorized: z.boolean(),
		createdAt: time,
		/** Contact attempts so far, reached or not. */
		attempts: int,
		failedAttempts: int,
		/** The channels tried, each once, in the vocabulary's order. */
		channelsTried: z.array(z.enum(CONTACT_CHANNELS)),
		/** The decision that the customer cannot be reached; null until taken, and again after a reach. */
		unreachable: z.object({ at: time, reason: z.string(), by: UserRef.nullable() }).nullable()
	})
	.meta({ id: 'Customer', description: 'An affected customer (客户问题信息表 row)' });
export type CustomerJson = z.output<typeof Customer>;

/** GET …/customers: the customers asked for, with the honest total of the filter and the counts by status. */
export const CustomerList = z.object({
	items: z.array(Customer),
	total: int.meta({ description: 'How many customers match `status` (all of them without it): `items` is a page of these when `limit` is given' }),
	counts: CustomerStatusCounts.meta({ description: 'Every customer of the incident by contact status now, whatever the filter' })
});
export type CustomerListJson = z.output<typeof CustomerList>;

export const Contact = z
	.object({
		id: z.string(),
		customerId: z.string(),
		at: time,
		by: UserRef.nullable(),
		reached: z.boolean(),
		channel: z.enum(CONTACT_CHANNELS),
		outcome: z.enum(CONTACT_OUTCOMES),
		apologized: z.boolean(),
		explained: z.boolean(),
		needAsked: z.boolean(),
		need: z.enum(NEEDS).nullable(),
		commitment: z.string(),
		commitmentDueAt: nullableTime,
		commitmentClosedAt: nullableTime.meta({ description: 'When the commitment was closed (by a later contact with the customer, or with a note); null while it is open' }),
		commitmentClosedNote: z.string().meta({ description: 'Why it was closed: "closed by the contact of <time>" or the closer’s note' }),
		note: z.string()
	})
	.meta({ id: 'Contact', description: 'A contact attempt with a customer' });
export type ContactJson = z.output<typeof Contact>;

/** The answer to adding customers: those created, the rows skipped (with `validRowsOnly`), the incident. */
export const CustomersAdded = z.object({ created: int, items: z.array(Customer), skipped: z.array(FieldError), incident: Incident });
export type CustomersAddedJson = z.output<typeof CustomersAdded>;
/** A customer with their contact history. */
export const CustomerDetail = z.object({ customer: Customer, contacts: z.array(Contact) });
export type CustomerDetailJson = z.output<typeof CustomerDetail>;
/** The answer to a contact attempt: the contact, the customer's new deadline state, the incident's roll-up. */
export const ContactRecorded = withIncident(Contact.extend({ customer: Customer }));
export type ContactRecordedJson = z.output<typeof ContactRecorded>;

export const Evidence = z
	.object({
		id: z.string(),
		customerId: z.string(),
		contentType: z.enum(EVIDENCE_TYPES),
		fileName: z.string().nullable().meta({ description: "The uploader's file name; null for callers without personal-data access (names often carry the customer's own)" }),
		typeName: bilingual.meta({ description: 'The type in words (`JPEG image` / `JPEG 图片`), shown instead of the name to those who may not see it' }),
		size: int,
		sha256: z.string(),
		uploadedAt: time,
		uploadedBy: UserRef,
		url: z.string().meta({ description: 'Download URL (customer-service members and leads only)' })
	})
	.meta({ id: 'Evidence', description: 'An evidence file' });
export type EvidenceJson = z.output<typeof Evidence>;

/** Closing a contact's commitment by hand: what was done (its author or a lead). */
export const CloseCommitmentRequest = z.strictObject({ note: z.string().trim().min(1, 'say what was done').max(1000) });

/** A contact's commitment with a time, as a task of its author. */
export const Commitment = z
	.object({
		contactId: z.string(),
		incidentId: z.string(),
		customerId: z.string(),
		position: int,
		customerName: z.string(),
		commitment: z.string(),
		at: time.meta({ description: 'When the contact that made it was recorded' }),
		by: UserRef.nullable().meta({ description: 'Its author (the contact’s), whose task it is' }),
		dueAt: time,
		dueSoonAt: time.meta({ description: '80 % of the way from the contact to dueAt' }),
		status: z.enum(['pending', 'due_soon', 'overdue', 'closed']),
		closedAt: nullableTime,
		closedByName: z.string().nullable(),
		closedNote: z.string()
	})
	.meta({ id: 'Commitment', description: 'A committed next step with a time (承诺进度), open until a later contact or a note closes it' });
export type CommitmentJson = z.output<typeof Commitment>;
/** The answer to closing a commitment: the commitment, the incident as it now stands. */
export const CommitmentClosed = withIncident(z.object({ commitment: Commitment }));
export type CommitmentClosedJson = z.output<typeof CommitmentClosed>;
