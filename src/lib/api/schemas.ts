// Request and response shapes shared by routes, the browser client and tests. zod at every boundary.
import { z } from 'zod';

/** The largest value of the database's integer columns (versions, sequence numbers): larger ones are a 400, not a failed query. */
export const INT4_MAX = 2_147_483_647;

import { ROLES, GROUPS, CATEGORIES, PHASES, PROPERTY_LOSS } from '$lib/domain/vocabulary';
import type { MetricsBucket } from '$lib/domain/metrics';

export { ROLES, GROUPS, CATEGORIES, PHASES, PROPERTY_LOSS };
import type { Role, Group, Category, Phase } from '$lib/domain/vocabulary';
export type { Role, Group, Category, Phase };

/** An ISO-8601 time with its offset, as a Date; years outside 1900–9999 are refused (the database cannot store year 0, and nothing here happens then). */
const isoDateTime = (message?: string) =>
	z.iso
		.datetime({ offset: true, ...(message ? { message } : {}) })
		.refine((s) => {
			const year = new Date(s).getUTCFullYear();
			// not a date at all: the format check above says so, once
			return Number.isNaN(year) || (year >= 1900 && year <= 9999);
		}, 'expected a time between the years 1900 and 9999')
		.transform((s) => new Date(s));
const isoDate = isoDateTime();
const text = (max: number) => z.string().trim().max(max);

export const TokenRequest = z.strictObject({
	email: z.string().trim().toLowerCase().email().max(254),
	password: z.string().min(1).max(1024)
});

export const CreateUserRequest = z.strictObject({
	email: z.string().trim().toLowerCase().email().max(254),
	name: text(100).min(1),
	password: z.string().min(8, 'at least 8 characters').max(1024),
	roles: z.array(z.enum(ROLES)).min(1).max(4),
	groups: z.array(z.enum(GROUPS)).max(GROUPS.length).default([])
});

/** An admin's change to an account: any of name, roles, groups, disabled (at least one). */
export const PatchUserRequest = z
	.strictObject({
		name: text(100).min(1).optional(),
		roles: z.array(z.enum(ROLES)).min(1).max(4).optional(),
		groups: z.array(z.enum(GROUPS)).max(GROUPS.length).optional(),
		disabled: z.boolean().optional()
	})
	.refine((b) => Object.keys(b).length > 0, { message: 'send at least one of name, roles, groups, disabled' });

export const SetupRequest = CreateUserRequest.omit({ roles: true, groups: true });

export const DisplayTokenRequest = z.strictObject({ label: text(100).min(1) });

export const LevelInputsSchema = z.strictObject({
	estimatedAffectedCustomers: z.number().int().min(0).max(10_000_000),
	mediaExposure: z.boolean(),
	personalInjury: z.boolean(),
	propertyLoss: z.enum(PROPERTY_LOSS),
	regionalInterruption: z.boolean(),
	compensationDemanded: z.boolean(),
	majorBrandRisk: z.boolean()
});

export const DeclareIncidentRequest = z.strictObject({
	title: text(200).min(1, 'required'),
	category: z.enum(CATEGORIES),
	description: text(10_000).optional(),
	source: text(200).optional(),
	identifiedAt: isoDate.optional(),
	inputs: LevelInputsSchema.partial().optional(),
	productModel: text(100).optional(),
	recurrenceOf: z.string().uuid('an incident id').nullable().optional()
});

export const PatchIncidentRequest = z.strictObject({
	version: z.number().int().min(1).max(INT4_MAX),
	title: text(200).min(1, 'required').optional(),
	description: text(10_000).optional(),
	category: z.enum(CATEGORIES).optional(),
	source: text(200).optional(),
	identifiedAt: isoDate.optional(),
	inputs: LevelInputsSchema.partial().optional(),
	productModel: text(100).optional(),
	recurrenceOf: z.string().uuid('an incident id').nullable().optional()
});

export const ListIncidentsQuery = z.object({
	phase: z.enum(PHASES).optional(),
	level: z.coerce.number().int().min(1).max(3).optional(),
	category: z.enum(CATEGORIES).optional(),
	q: text(200).optional()
});

export const EventsQuery = z.object({ after: z.coerce.number().int().min(0).max(INT4_MAX).default(0) });

export interface ApiErrorBody {
	error: { code: string; message: string; details?: unknown };
}

export interface IncidentJson {
	id: string;
	code: string;
	title: string;
	description: string;
	category: Category;
	source: string;
	level: 1 | 2 | 3;
	levelReason: string;
	levelReasonI18n: { en: string; zh: string };
	levelTriggers: { key: string; level: number; en: string; zh: string }[];
	phase: Phase;
	identifiedAt: string;
	resolvedAt: string | null;
	closedAt: string | null;
	inputs: z.infer<typeof LevelInputsSchema>;
	affectedCustomers: number;
	/** The product model concerned (entered, or from the first affected customer naming one). */
	productModel: string;
	/** The earlier incident this one recurs, when linked. */
	recurrenceOf: string | null;
	/** Contact-deadline roll-up: met counts on-time and late; pending counts pending and due soon. */
	contact: {
		total: number;
		met: number;
		pending: number;
		overdue: number;
		dueSoon: number;
		metLate: number;
		unreachable: number;
		/** The earliest deadline of a customer not yet contacted (past when overdue), and its 80 % mark: the display's countdown. */
		nextDueAt: string | null;
		nextDueSoonAt: string | null;
	};
	/** Response-group seats: how many the incident has, how many are filled and acknowledged. */
	seats: { total: number; filled: number; acknowledged: number };
	createdAt: string;
	updatedAt: string;
	version: number;
}

export interface UserJson {
	id: string;
	email: string;
	name: string;
	roles: Role[];
	groups: Group[];
	disabled: boolean;
	createdAt: string;
}

// ---- Affected customers (客户问题信息表) ----

export const CONTACT_STATUSES = ['pending', 'due_soon', 'overdue', 'met', 'met_late', 'unreachable'] as const;
export const NEEDS = ['repair', 'replacement', 'refund', 'other'] as const;
export const MAX_CUSTOMERS_PER_REQUEST = 10_000;

const isoTime = isoDateTime('expected an ISO-8601 time such as 2026-11-23T08:00:00Z');
const optionalText = (max: number) => text(max).optional();

/** One customer row as a client sends it (JSON item or CSV row; empty CSV cells are absent). */
export const CustomerInput = z.strictObject({
	name: text(100).min(1, 'required'),
	phone: z
		.string()
		.trim()
		.regex(/^\+?[0-9][0-9 ()-]{4,24}$/, 'expected a phone number (digits, optional +, spaces or dashes)')
		.optional(),
	email: z.string().trim().email('expected an e-mail address').max(254).optional(),
	orderNo: text(64).min(1).optional(),
	purchasedAt: isoTime.optional(),
	productModel: optionalText(200),
	symptom: optionalText(2000),
	occurredAt: isoTime.optional(),
	impact: optionalText(2000),
	reportedAt: isoTime.optional(),
	/** The customer authorised keeping their evidence (photos, chat records). */
	evidenceAuthorized: z.boolean().optional()
});
export type CustomerInputT = z.infer<typeof CustomerInput>;
export const CUSTOMER_FIELDS = Object.keys(CustomerInput.shape) as (keyof CustomerInputT)[];

export const ListCustomersQuery = z.object({ status: z.enum(CONTACT_STATUSES).optional() });

export const AddCustomersQuery = z.object({
	/** "valid rows only": insert the valid rows and report the others instead of rejecting all. */
	validRowsOnly: z
		.enum(['true', 'false'])
		.optional()
		.transform((v) => v === 'true')
});

export const ContactRequest = z
	.strictObject({
		/** false records a failed attempt and marks the customer unreachable. */
		reached: z.boolean().default(true),
		apologized: z.boolean().optional(),
		explained: z.boolean().optional(),
		needAsked: z.boolean().optional(),
		need: z.enum(NEEDS).optional(),
		commitment: text(1000).optional(),
		commitmentDueAt: isoTime.optional(),
		note: text(2000).optional()
	})
	.superRefine((v, ctx) => {
		if (!v.reached) return;
		for (const key of ['apologized', 'explained', 'needAsked'] as const) {
			if (v[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'required (true or false) when the customer was reached' });
		}
		if (v.needAsked && !v.need) ctx.addIssue({ code: 'custom', path: ['need'], message: 'say which need the customer expressed' });
		if (v.commitment && !v.commitmentDueAt) ctx.addIssue({ code: 'custom', path: ['commitmentDueAt'], message: 'a committed next step needs a time' });
	});

export const PhaseRequest = z.strictObject({
	phase: z.enum(PHASES),
	overrideReason: text(1000).min(1).optional()
});

export interface ContactDeadlineJson {
	dueAt: string;
	dueSoonAt: string;
	status: (typeof CONTACT_STATUSES)[number];
}

export interface CustomerJson {
	id: string;
	incidentId: string;
	position: number;
	name: string;
	phone: string | null;
	email: string | null;
	orderNo: string | null;
	masked: boolean;
	purchasedAt: string | null;
	productModel: string;
	symptom: string;
	occurredAt: string | null;
	impact: string;
	reportedAt: string;
	contactDeadline: ContactDeadlineJson;
	firstContactAt: string | null;
	unreachableAt: string | null;
	evidenceAuthorized: boolean;
	createdAt: string;
}

export interface ContactJson {
	id: string;
	customerId: string;
	at: string;
	by: { id: string; name: string } | null;
	reached: boolean;
	apologized: boolean;
	explained: boolean;
	needAsked: boolean;
	need: (typeof NEEDS)[number] | null;
	commitment: string;
	commitmentDueAt: string | null;
	note: string;
}

/** One seat of the response group (应急小组). */
export interface SeatJson {
	seat: string;
	group: Group;
	title: { en: string; zh: string };
	/** Whether the incident's current level requires the seat (seats stay when the level is lowered). */
	required: boolean;
	convenedAtLevel: 1 | 2 | 3;
	user: { id: string; name: string } | null;
	assignedAt: string | null;
	acknowledgedAt: string | null;
	status: 'vacant' | 'assigned' | 'acknowledged';
	/** Users who may hold the seat. */
	candidates: { id: string; name: string }[];
}

export interface ResponseJson {
	incidentId: string;
	level: 1 | 2 | 3;
	seats: SeatJson[];
	summary: { total: number; filled: number; acknowledged: number; vacant: number };
	duties: { group: Group; title: { en: string; zh: string }; items: { item: number; en: string; zh: string; done: boolean; doneBy: { id: string; name: string } | null; doneAt: string | null }[] }[];
	/** The response notice (《应急响应通知》), in both languages and in the caller's. */
	notice: { en: string; zh: string; text: string };
}

export const AssignSeatRequest = z.strictObject({ userId: z.string().min(1).nullable() });
export const DutyCheckRequest = z.strictObject({ done: z.boolean() });

export const MeasureRequest = z.strictObject({
	kind: z.string().trim().min(1).max(50),
	description: z.string().trim().max(2000).default(''),
	customerIds: z.array(z.string().min(1).max(100)).max(10_000).optional(),
	resourceId: z.string().min(1).max(100).optional(),
	/** Units (or yuan for the emergency fund) to draw; default one per chosen customer. */
	quantity: z.number().int().min(1).max(1_000_000).optional(),
	policyId: z.string().min(1).max(100).optional()
});

/** A temporary measure (临时措施). */
export interface MeasureJson {
	id: string;
	incidentId: string;
	kind: string;
	kindName: { en: string; zh: string };
	description: string;
	customerIds: string[];
	customerPositions: number[];
	resource: { id: string; kind: string; name: string; model: string; unit: string } | null;
	quantity: number;
	policy: { id: string; title: string; couponYuan: number | null; warrantyExtensionMonths: number | null } | null;
	createdBy: { id: string; name: string };
	createdAt: string;
}

// Tools and resources (工具与资源, PRODUCT.md §8).
export const RESOURCE_KINDS = ['spare_product', 'repair_tool', 'emergency_fund'] as const;
export const CONTACT_KINDS = ['department', 'supplier', 'third_party'] as const;

export const ResourceRequest = z.strictObject({
	kind: z.enum(RESOURCE_KINDS),
	name: text(100).min(1),
	model: text(100).default(''),
	stock: z.number().int().min(0).max(100_000_000),
	lowThreshold: z.number().int().min(0).max(100_000_000).default(0),
	unit: text(20).default(''),
	location: text(200).default('')
});
export const ResourcePatchRequest = z.strictObject({
	version: z.number().int().min(1).max(INT4_MAX),
	kind: z.enum(RESOURCE_KINDS).optional(),
	name: text(100).min(1).optional(),
	model: text(100).optional(),
	lowThreshold: z.number().int().min(0).max(100_000_000).optional(),
	unit: text(20).optional(),
	location: text(200).optional()
});
export const ResourceAdjustRequest = z.strictObject({
	delta: z
		.number()
		.int()
		.min(-100_000_000)
		.max(100_000_000)
		.refine((d) => d !== 0, 'must not be 0'),
	reason: text(500).min(1, 'a reason is required')
});
export const ResourcesQuery = z.object({
	kind: z.enum(RESOURCE_KINDS).optional(),
	low: z
		.enum(['true', 'false'])
		.optional()
		.transform((v) => v === 'true')
});

export interface ResourceJson {
	id: string;
	kind: (typeof RESOURCE_KINDS)[number];
	name: string;
	model: string;
	/** Units in stock (yuan for the emergency fund). */
	stock: number;
	lowThreshold: number;
	unit: string;
	location: string;
	/** stock ≤ lowThreshold */
	low: boolean;
	version: number;
	updatedAt: string;
}

export const PolicyRequest = z.strictObject({
	category: z.enum(CATEGORIES),
	measureKind: z.string().trim().min(1).max(50).nullable().optional(),
	title: text(200).min(1),
	description: text(2000).default(''),
	couponYuan: z.number().int().min(0).max(1_000_000).nullable().optional(),
	warrantyExtensionMonths: z.number().int().min(0).max(120).nullable().optional(),
	active: z.boolean().default(true)
});
export const PolicyPatchRequest = z.strictObject({
	category: z.enum(CATEGORIES).optional(),
	measureKind: z.string().trim().min(1).max(50).nullable().optional(),
	title: text(200).min(1).optional(),
	description: text(2000).optional(),
	couponYuan: z.number().int().min(0).max(1_000_000).nullable().optional(),
	warrantyExtensionMonths: z.number().int().min(0).max(120).nullable().optional(),
	active: z.boolean().optional()
});
export const PoliciesQuery = z.object({ category: z.enum(CATEGORIES).optional(), measureKind: text(50).optional() });

export interface PolicyJson {
	id: string;
	category: Category;
	measureKind: string | null;
	title: string;
	description: string;
	couponYuan: number | null;
	warrantyExtensionMonths: number | null;
	active: boolean;
	updatedAt: string;
}

export const ContactEntryRequest = z.strictObject({
	kind: z.enum(CONTACT_KINDS),
	name: text(100).min(1),
	organization: text(200).default(''),
	role: text(100).default(''),
	phone: text(50).default(''),
	email: text(254).default(''),
	notes: text(2000).default('')
});
export const ContactEntryPatchRequest = z.strictObject({
	kind: z.enum(CONTACT_KINDS).optional(),
	name: text(100).min(1).optional(),
	organization: text(200).optional(),
	role: text(100).optional(),
	phone: text(50).optional(),
	email: text(254).optional(),
	notes: text(2000).optional()
});

export interface ContactEntryJson {
	id: string;
	kind: (typeof CONTACT_KINDS)[number];
	name: string;
	organization: string;
	role: string;
	phone: string;
	email: string;
	notes: string;
	updatedAt: string;
}

export const AUTHORIZATION_CHANNELS = ['phone', 'app', 'written', 'in_person', 'other'] as const;
/** The customer's authorisation to keep their photos, videos and chat records as evidence. */
export const AuthorizationRequest = z.strictObject({ channel: z.enum(AUTHORIZATION_CHANNELS), note: text(500).default('') });

export interface EvidenceJson {
	id: string;
	customerId: string;
	contentType: 'image/jpeg' | 'image/png' | 'application/pdf';
	fileName: string;
	size: number;
	sha256: string;
	uploadedAt: string;
	uploadedBy: { id: string; name: string };
	/** Download URL (customer-service members and leads only). */
	url: string;
}

type TaskIncident = { id: string; code: string; title: string; level: 1 | 2 | 3; phase: Phase };
/** A responder's open work across incidents (`GET /api/v1/me/tasks`). */
export interface TasksJson {
	seats: { incident: TaskIncident; seat: string; title: { en: string; zh: string }; action: 'acknowledge' | 'take' }[];
	contacts: { incident: TaskIncident; customer: CustomerJson }[];
	duties: { incident: TaskIncident; group: Group; open: { item: number; en: string; zh: string }[] }[];
}

// Resolution (问题解决): cause analysis and solutions.
export const CauseRequest = z.strictObject({
	version: z.number().int().min(0).max(INT4_MAX),
	rootCause: text(5000),
	directCause: text(5000),
	group: z.enum(GROUPS).optional()
});
export interface CauseJson {
	incidentId: string;
	rootCause: string;
	directCause: string;
	group: string;
	/** 0 before the first save; send it back with the next PUT. */
	version: number;
	updatedBy: { id: string; name: string } | null;
	updatedAt: string | null;
}
export const SolutionRequest = z.strictObject({ kind: z.string().trim().min(1).max(50), description: text(5000).min(1, 'describe the solution') });
export const ApproveRequest = z.strictObject({ comment: text(2000).optional(), reject: z.boolean().optional() });
export const ProgressRequest = z.strictObject({ note: text(2000).min(1, 'say what happened'), done: z.boolean().optional() });
export interface SolutionJson {
	id: string;
	incidentId: string;
	kind: string;
	kindName: { en: string; zh: string };
	description: string;
	status: 'pending_approval' | 'approved' | 'rejected' | 'in_progress' | 'done';
	proposedBy: { id: string; name: string };
	proposedAt: string;
	decidedBy: { id: string; name: string } | null;
	decidedAt: string | null;
	comment: string;
	progress: { at: string; by: { id: string; name: string }; note: string; done?: boolean }[];
	/** Quality check by quality control after execution (质量检查); null until checked. */
	qualityCheck: { passed: boolean; by: { id: string; name: string }; at: string; note: string } | null;
}
export const QualityCheckRequest = z.strictObject({ passed: z.boolean(), note: text(2000).optional() });

// Follow-up (后续跟进): confirmation, survey, satisfaction, re-follow-up.
const rating = z.number().int().min(1, '1 to 5').max(5, '1 to 5');
export const SurveyRequest = z.strictObject({ speed: rating, result: rating, attitude: rating, suggestion: text(2000).optional() });
export const ConfirmationRequest = z.strictObject({
	result: z.enum(['satisfied', 'neutral', 'unsatisfied']),
	method: z.enum(['signature', 'app', 'phone']),
	note: text(1000).optional()
});
export interface FollowUpJson {
	id: string;
	customerId: string;
	position: number;
	owner: { id: string; name: string } | null;
	dueAt: string;
	status: 'open' | 'done';
	note: string;
}
export interface SatisfactionJson {
	surveyed: number;
	satisfied: number;
	rate: number | null;
	target: number;
	met: boolean | null;
	confirmations: { satisfied: number; neutral: number; unsatisfied: number };
	followUps: FollowUpJson[];
}

// Review (复盘): 5W1H post-mortem and improvement measures.
export const PostmortemRequest = z.strictObject({
	version: z.number().int().min(0).max(INT4_MAX),
	what: text(5000).optional(),
	why: z.strictObject({ rootCause: text(5000).optional(), directCause: text(5000).optional() }).optional(),
	who: text(5000).optional(),
	when: z
		.array(z.strictObject({ key: text(50), at: z.string().optional(), label: z.string().optional(), annotation: text(1000) }))
		.max(20)
		.optional(),
	where: text(2000).optional(),
	how: z.strictObject({ wentWell: text(5000).optional(), wentBadly: text(5000).optional() }).optional(),
	improvementPoints: text(5000).optional(),
	// read-only fields of the GET shape, accepted and ignored so a client may PUT back what it read
	incidentId: z.string().max(100).optional(),
	dueAt: z.string().max(40).nullable().optional(),
	heldAt: z.string().max(40).nullable().optional(),
	updatedBy: z.unknown().optional(),
	updatedAt: z.string().max(40).nullable().optional()
});
export const POSTMORTEM_FIELDS = ['what', 'why', 'who', 'when', 'where', 'how', 'improvementPoints'] as const;
export interface PostmortemJson {
	incidentId: string;
	version: number;
	dueAt: string | null;
	/** When What, Why and How were first all written (the post-mortem was held); its deadline alarms stop. */
	heldAt: string | null;
	what: string;
	why: { rootCause: string; directCause: string };
	who: string;
	/** Generated from the incident's event log; `annotation` is the review's note on it. */
	when: { key: string; at: string | null; label: string; annotation: string }[];
	where: string;
	how: { wentWell: string; wentBadly: string };
	improvementPoints: string;
	updatedBy: { id: string; name: string } | null;
	updatedAt: string | null;
}
export const IMPROVEMENT_TYPES = ['process', 'product', 'training', 'resources'] as const;
export const ImprovementRequest = z.strictObject({
	type: z.enum(IMPROVEMENT_TYPES),
	description: text(2000).min(1),
	ownerId: z.string().min(1).max(100).optional(),
	dueAt: isoDate.optional()
});
/** The seven archive documents of a closed incident (PRODUCT.md §6), in this order. */
export const ARCHIVE_KINDS = ['level_determination', 'customer_list', 'cause_analysis', 'solution_approval', 'confirmations', 'postmortem', 'improvements'] as const;
export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];
export const ArchiveDocumentQuery = z.object({ format: z.enum(['md', 'html']).default('md'), lang: z.enum(['en', 'zh']).optional() });
export interface ArchiveListJson {
	items: { kind: ArchiveKind; title: string; url: string; markdownUrl: string }[];
	bundle: { html: string; markdown: string };
}
export const SearchQuery = z.object({ q: z.string().trim().min(1, 'type 1 to 200 characters').max(200) });
export const ImprovementPatch = z.strictObject({ status: z.enum(['open', 'in_progress', 'done']) });
export const ImprovementsQuery = z.object({
	status: z.enum(['open', 'in_progress', 'done']).optional(),
	overdue: z
		.enum(['true', 'false'])
		.optional()
		.transform((v) => v === 'true')
});
export interface ImprovementJson {
	id: string;
	incidentId: string;
	incidentCode: string;
	type: (typeof IMPROVEMENT_TYPES)[number];
	description: string;
	owner: { id: string; name: string } | null;
	dueAt: string | null;
	status: 'open' | 'in_progress' | 'done';
	overdue: boolean;
	createdAt: string;
}

// Metrics (数据驱动优化): see src/lib/server/services/metrics.ts for the definitions.
export const MetricsQuery = z.object({
	from: isoDate.optional(),
	to: isoDate.optional(),
	granularity: z.enum(['month', 'quarter']).default('month'),
	/** Without `from`: this many months back, from the start of a month in the server time zone (default 24). */
	months: z.coerce.number().int().min(1).max(120).optional(),
	category: z.enum(CATEGORIES).optional(),
	level: z.coerce.number().int().min(1).max(3).optional()
});
export type MetricsBucketJson = MetricsBucket;
export interface MetricsJson {
	from: string;
	to: string;
	granularity: 'month' | 'quarter';
	timeZone: string;
	targets: { satisfaction: { '1': number; '2': number; '3': number } };
	buckets: MetricsBucketJson[];
}

// Integration tokens (admin): named API tokens acting with one role.
export const IntegrationTokenRequest = z.strictObject({ name: text(100).min(1, 'required'), role: z.enum(ROLES).exclude(['admin']) });
export interface IntegrationTokenJson {
	id: string;
	name: string;
	role: Role;
	createdAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
}

/** An alert from another system: declares an incident, or updates the one a previous alert with the same `system` and `externalId` declared. */
export const InboundAlertRequest = DeclareIncidentRequest.omit({ recurrenceOf: true }).extend({
	system: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,49}$/i, 'letters, digits, ".", "_" or "-", up to 50'),
	externalId: z.string().min(1, 'required').max(200)
});

// Outbound webhooks (admin): where to send which incident events, and how each delivery went.
export const WEBHOOK_FORMATS = ['generic', 'dingtalk', 'feishu', 'wecom', 'slack'] as const;
/** The names a webhook subscribes to; services/webhooks maps the timeline's events onto them. */
export const WEBHOOK_EVENTS = ['incident.declared', 'incident.escalated', 'deadline.due_soon', 'deadline.overdue', 'approval.requested', 'postmortem.due', 'incident.closed'] as const;
export const WEBHOOK_LANGS = ['en', 'zh', 'both'] as const;
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type WebhookLang = (typeof WEBHOOK_LANGS)[number];
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const webhookFields = {
	url: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).max(2000),
	format: z.enum(WEBHOOK_FORMATS),
	/** Empty means none (a form's blank field). */
	secret: z
		.string()
		.max(500)
		.transform((s) => s.trim() || null),
	events: z
		.array(z.enum(WEBHOOK_EVENTS))
		.min(1, 'choose at least one event')
		.max(WEBHOOK_EVENTS.length)
		.transform((a) => [...new Set(a)]),
	name: text(100),
	lang: z.enum(WEBHOOK_LANGS),
	enabled: z.boolean()
};
export const CreateWebhookRequest = z.strictObject({
	...webhookFields,
	secret: webhookFields.secret.optional(),
	name: webhookFields.name.optional(),
	lang: webhookFields.lang.default('both'),
	enabled: webhookFields.enabled.default(true)
});
/** Any subset; `secret: ""` or `null` removes the secret. */
export const PatchWebhookRequest = z.strictObject({ ...webhookFields, secret: webhookFields.secret.nullable() }).partial();
export const WebhookDeliveriesQuery = z.object({
	status: z.enum(DELIVERY_STATUSES).optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50)
});
export interface WebhookJson {
	id: string;
	name: string;
	url: string;
	format: WebhookFormat;
	events: WebhookEvent[];
	lang: WebhookLang;
	enabled: boolean;
	/** The secret itself is never returned. */
	hasSecret: boolean;
	createdBy: string | null;
	createdAt: string;
	updatedAt: string;
	deliveries: { pending: number; delivered: number; failed: number; lastAt: string | null };
}
export interface DeliveryAttemptJson {
	at: string;
	/** The HTTP status, null when no response came (timeout, refused…). */
	status: number | null;
	latencyMs: number;
	/** The first 300 characters of the response body. */
	excerpt: string;
	error: string | null;
}
export interface WebhookDeliveryJson {
	id: string;
	webhookId: string;
	/** A WEBHOOK_EVENTS name, or `webhook.test`. */
	event: string;
	incidentId: string | null;
	eventSeq: number | null;
	status: DeliveryStatus;
	attempts: number;
	nextAttemptAt: string | null;
	lastAttemptAt: string | null;
	deliveredAt: string | null;
	createdAt: string;
	redeliveryOf: string | null;
	attemptsLog: DeliveryAttemptJson[];
}
// Request bodies that used to live in their route files, here so the OpenAPI document describes the same schema.
export const SetLevelRequest = z.strictObject({
	level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
	reason: z.string().trim().min(1, 'a reason is required').max(1000),
	override: z.boolean().optional()
});
export const FollowUpDoneRequest = z.strictObject({ note: z.string().trim().min(1, 'say what was done').max(2000) });
export const DisplaySessionRequest = z.strictObject({ token: z.string().min(10).max(200) });
