// Event names and payload shapes shared by the server and the browser.
import { z } from 'zod';
import type { AUTHORIZATION_CHANNELS, ContactJson, CustomerJson, IMPROVEMENT_TYPES, IncidentJson, ResourceJson } from '$lib/api/schemas';
import type { ContactChannel, ContactOutcome, Phase } from '$lib/domain/vocabulary';
import type { ResponseGroup } from '$lib/domain/response';
import type { NoticeContent } from '$lib/domain/response-notice';
import type { UnmetCondition } from '$lib/domain/phases';

type I18n = { en: string; zh: string };
type UserRef = { id: string; name: string };
type Level = 1 | 2 | 3;
/** A seat of the response group as the level's table names it. */
type SeatSpecJson = { seat: string; group: ResponseGroup; en: string; zh: string };
/** A backup resource as a measure's event shows it. */
type StockJson = { id: string; kind: ResourceJson['kind']; label: string; stock: number; lowThreshold: number; unit: string };
/** Contact deadlines claimed by the alarm loop, the earliest first (at most 50 listed). */
type ContactDeadlineAlarm = { kind: 'contact'; count: number; firedAt: string; deadlines: { customerId: string; position: number; dueAt: string }[]; truncated: boolean };
type PostmortemDeadlineAlarm = { kind: 'postmortem'; count: number; dueAt: string; firedAt: string };
/** The incident's own contact clock (no customer registered yet), due from identification. */
type IncidentClockAlarm = { kind: 'incident'; count: 1; dueAt: string; firedAt: string };
/** A commitment made in a contact ("technician within 24 h"), a task of its author. */
type CommitmentAlarm = { kind: 'commitment'; count: 1; dueAt: string; firedAt: string; contactId: string; customerId: string; position: number; author: UserRef | null };
type DeadlineAlarm = ContactDeadlineAlarm | PostmortemDeadlineAlarm | IncidentClockAlarm | CommitmentAlarm;

/**
 * Every event the server appends to an incident's timeline, with its data as written. Fields
 * marked "personal" are optional because display screens and webhooks receive the event
 * without them (see DISPLAY_REDACTION); everyone else receives them.
 */
export interface EventDataMap {
	'incident.declared': { incident: IncidentJson; seats: SeatSpecJson[] };
	'incident.updated': { changes: Record<string, { from: unknown; to: unknown }> };
	'incident.level_changed': {
		from: Level;
		to: Level;
		automatic: boolean;
		reason: I18n;
		/** personal: the lead's free-text reason for a manual change. */
		note?: string;
	};
	'incident.phase_changed': { from: Phase; to: Phase; override?: { reason: string | undefined; unmet: UnmetCondition[] } };
	'customer.added': {
		count: number;
		/** First and last position of the added customers. */
		positions: [number, number];
		/** personal: the added customers, unless there were too many for one event (then `truncated`). */
		customers?: CustomerJson[];
		truncated?: true;
	};
	'customer.contacted': CustomerContactData;
	/** A failed contact attempt: the customer's deadline keeps running. */
	'customer.contact_attempted': CustomerContactData & { channel: ContactChannel; outcome: ContactOutcome; failedAttempts: number };
	/** The decision that the customer cannot be reached (after enough failed attempts); a reach clears it. */
	'customer.unreachable': CustomerContactData & {
		/** personal: free text that may name the customer. */
		reason?: string;
		by: UserRef;
		failedAttempts: number;
		channelsTried: ContactChannel[];
	};
	'customer.revealed': { customerId: string; position: number; fields: ('phone' | 'email' | 'orderNo')[] };
	'customer.authorization_recorded': {
		customerId: string;
		position: number;
		channel: (typeof AUTHORIZATION_CHANNELS)[number];
		/** personal */
		customer?: CustomerJson;
	};
	'customer.evidence_added': { customerId: string; position: number; evidenceId: string; contentType: string; size: number };
	/** An evidence file was downloaded (the audit of a reveal): who is the event's actor; never the file's name or content. */
	'customer.evidence_downloaded': { customerId: string; position: number; evidenceId: string; contentType: string; size: number };
	'response.extended': { from: Level; to: Level; added: SeatSpecJson[]; leader: (SeatSpecJson & { previous: UserRef | null }) | null };
	'response.seat_assigned': { seat: string; group: string; title: I18n; user: UserRef; previousUserId: string | null };
	'response.seat_released': { seat: string; group: string; userId: string | null };
	'response.seat_acknowledged': { seat: string; group: string; title: I18n; user: UserRef };
	'response.duty_checked': { group: string; item: number; done: boolean; duty: I18n };
	/** A version of the response notice frozen and published (by a person, or on an escalation that convened new seats). */
	'response.notice_published': { version: number; level: Level; reason: 'published' | 'escalation'; notice: NoticeContent };
	/** A seat holder marked a published version as read. */
	'response.notice_read': { version: number; user: UserRef };
	'measure.taken': {
		measureId: string;
		kind: string;
		kindName: I18n;
		customerCount: number;
		quantity: number;
		stock: StockJson | null;
		policy: { id: string; title: string; couponYuan: number | null; warrantyExtensionMonths: number | null } | null;
	};
	'resource.low_stock': { stock: StockJson | null };
	'cause.updated': { version: number; rootCause: string; directCause: string; group: string };
	'solution.proposed': { solutionId: string; kind: string; kindName: I18n; approver: I18n };
	'solution.approved': SolutionDecisionData;
	'solution.rejected': SolutionDecisionData;
	'solution.progress': {
		solutionId: string;
		/** personal: free text that may name a customer. */
		note?: string;
		done: boolean;
		kindName: I18n;
	};
	'solution.quality_checked': {
		solutionId: string;
		passed: boolean;
		/** personal */
		note?: string;
		kindName: I18n;
	};
	'confirmation.recorded': { customerId: string; position: number; result: 'satisfied' | 'neutral' | 'unsatisfied'; method: 'signature' | 'app' | 'phone' };
	/** A reached customer will give no confirmation of the fix, for this reason (the follow-up gate accepts it). */
	'customer.confirmation_waived': { customerId: string; position: number; reason: string; by: UserRef };
	'survey.recorded': { customerId: string; position: number; satisfied: boolean; mean: number; rate: number | null; target: number };
	'followup.opened': { count: number; rate: number | null; target: number; owner: UserRef };
	'followup.done': { followUpId: string };
	'deadline.due_soon': DeadlineAlarm;
	'deadline.overdue': DeadlineAlarm;
	/** A contact's commitment closed: by a later contact with the customer (`byContactId`) or explicitly with a note. */
	'commitment.closed': {
		contactId: string;
		customerId: string;
		position: number;
		dueAt: string;
		closedAt: string;
		closedBy: UserRef;
		byContactId: string | null;
		/** personal: free text that may name the customer. */
		note?: string;
	};
	'postmortem.updated': { version: number; fields: string[]; held?: true };
	'improvement.added': { improvementId: string; type: (typeof IMPROVEMENT_TYPES)[number]; description: string };
}
type CustomerContactData = {
	customerId: string;
	position: number;
	firstContact: boolean;
	status: CustomerJson['contactDeadline']['status'];
	/** personal */
	customer?: CustomerJson;
	/** personal */
	contactRecord?: ContactJson;
};
type SolutionDecisionData = { solutionId: string; kindName: I18n; comment: string };

export type EventType = keyof EventDataMap;

/** What a service hands to the timeline: one event type with its data. */
export type NewEvent = { [T in EventType]: { type: T; data: EventDataMap[T] } }[EventType];

export type Actor = { id: string; name: string } | { system: true };

interface EventEnvelope {
	incidentId: string;
	seq: number;
	at: string;
	actor: Actor;
}

/** An event of the timeline as stored and sent: the data carries the incident as it stands after the change. */
export type IncidentEvent = { [T in EventType]: EventEnvelope & { type: T; data: EventDataMap[T] & { incident?: IncidentJson } } }[EventType];
/** One event type of the union, narrowed. */
export type IncidentEventOf<T extends EventType> = Extract<IncidentEvent, { type: T }>;

/** Socket messages, client → server. */
export const SubscribePayload = z.union([z.strictObject({ incidentId: z.string().min(1).max(100), after: z.number().int().min(0).optional() }), z.strictObject({ scope: z.literal('dashboard') })]);
export const UnsubscribePayload = SubscribePayload;

/**
 * Review meeting: which post-mortem field someone is editing and what they have typed so far
 * (not saved; relayed to the others on the incident, never stored). `field: null` = stopped.
 * Fields: what, why.rootCause, why.directCause, who, where, how.wentWell, how.wentBadly,
 * improvementPoints, when.<key>.
 */
export const ReviewEditingPayload = z.strictObject({
	incidentId: z.string().min(1).max(100),
	field: z
		.string()
		.regex(/^(what|who|where|improvementPoints|why\.(rootCause|directCause)|how\.(wentWell|wentBadly)|when\.[a-z_]{1,40})$/, 'not a post-mortem field')
		.nullable(),
	text: z.string().max(5000).optional()
});
export interface ReviewEditingJson {
	incidentId: string;
	/** One entry per tab: the same person may edit from two devices. */
	socketId: string;
	user: { id: string; name: string };
	field: string | null;
	text?: string;
	at: string;
}

export type SubscribeAck = { ok: true; lastSeq?: number } | { ok: false; error: { code: string; message: string } };

/** Who is on an incident, or in the war room (dashboard), right now. */
export interface PresenceJson {
	scope: 'incident' | 'warroom';
	incidentId?: string;
	users: { id: string; name: string; connections: number }[];
	/** Wall displays watching. */
	displays: number;
}

/** Socket messages, server → client (the same map types socket.io's Server and the browser's Socket). */
export interface ServerToClient {
	presence: (p: PresenceJson) => void;
	/** An incident event: in full for people, through DISPLAY_FIELDS for display screens. */
	event: (event: IncidentEvent) => void;
	/** On connect, for clock correction. */
	time: (t: { now: string }) => void;
	/** A backup resource changed (stock, threshold…); sent to dashboard and display rooms. */
	'resource.updated': (resource: ResourceJson) => void;
	/** Someone started, continued or stopped editing a post-mortem field (review meeting). */
	'review.editing': (msg: ReviewEditingJson) => void;
}
export type SubscribeMessage = z.input<typeof SubscribePayload>;
export type ReviewEditingMessage = z.input<typeof ReviewEditingPayload>;
/** Socket messages, client → server. The server validates each payload with the schemas above before it trusts it. */
export interface ClientToServer {
	subscribe: (payload: SubscribeMessage, ack?: (res: SubscribeAck) => void) => void;
	unsubscribe: (payload: SubscribeMessage, ack?: (res: SubscribeAck) => void) => void;
	'review.editing': (payload: ReviewEditingMessage, ack?: (res: SubscribeAck) => void) => void;
}

/**
 * What of each event's data a display screen (and a webhook receiver) gets: an allow-list per
 * event type, so a field added later stays private until someone decides it may be shown, and
 * a new event type does not compile until it has an entry. The incident snapshot (`incident`)
 * always passes: it holds incident-level facts only. Personal data are customers' names,
 * contact details, order numbers, contact records and free-text notes.
 */
type FieldOf<D> = D extends unknown ? keyof D : never;
export const DISPLAY_FIELDS: { readonly [T in EventType]: readonly FieldOf<EventDataMap[T]>[] } = {
	'incident.declared': ['incident', 'seats'],
	'incident.updated': ['changes'],
	'incident.level_changed': ['from', 'to', 'automatic', 'reason'],
	'incident.phase_changed': ['from', 'to', 'override'],
	'customer.added': ['count', 'positions', 'truncated'],
	'customer.contacted': ['customerId', 'position', 'firstContact', 'status'],
	'customer.contact_attempted': ['customerId', 'position', 'firstContact', 'status', 'channel', 'outcome', 'failedAttempts'],
	'customer.unreachable': ['customerId', 'position', 'firstContact', 'status', 'by', 'failedAttempts', 'channelsTried'],
	'customer.revealed': ['customerId', 'position', 'fields'],
	'customer.authorization_recorded': ['customerId', 'position', 'channel'],
	'customer.evidence_added': ['customerId', 'position', 'evidenceId', 'contentType', 'size'],
	'customer.evidence_downloaded': ['customerId', 'position', 'evidenceId', 'contentType', 'size'],
	'response.extended': ['from', 'to', 'added', 'leader'],
	'response.seat_assigned': ['seat', 'group', 'title', 'user', 'previousUserId'],
	'response.seat_released': ['seat', 'group', 'userId'],
	'response.seat_acknowledged': ['seat', 'group', 'title', 'user'],
	'response.duty_checked': ['group', 'item', 'done', 'duty'],
	// staff names and incident-level facts only, as the seats' own events
	'response.notice_published': ['version', 'level', 'reason', 'notice'],
	'response.notice_read': ['version', 'user'],
	'measure.taken': ['measureId', 'kind', 'kindName', 'customerCount', 'quantity', 'stock', 'policy'],
	'resource.low_stock': ['stock'],
	'cause.updated': ['version', 'rootCause', 'directCause', 'group'],
	'solution.proposed': ['solutionId', 'kind', 'kindName', 'approver'],
	'solution.approved': ['solutionId', 'kindName', 'comment'],
	'solution.rejected': ['solutionId', 'kindName', 'comment'],
	'solution.progress': ['solutionId', 'done', 'kindName'],
	'solution.quality_checked': ['solutionId', 'passed', 'kindName'],
	'confirmation.recorded': ['customerId', 'position', 'result', 'method'],
	'customer.confirmation_waived': ['customerId', 'position'],
	'survey.recorded': ['customerId', 'position', 'satisfied', 'mean', 'rate', 'target'],
	'followup.opened': ['count', 'rate', 'target', 'owner'],
	'followup.done': ['followUpId'],
	'deadline.due_soon': ['kind', 'count', 'firedAt', 'dueAt', 'deadlines', 'truncated', 'contactId', 'customerId', 'position'],
	'deadline.overdue': ['kind', 'count', 'firedAt', 'dueAt', 'deadlines', 'truncated', 'contactId', 'customerId', 'position'],
	'commitment.closed': ['contactId', 'customerId', 'position', 'dueAt', 'closedAt', 'closedBy', 'byContactId'],
	'postmortem.updated': ['version', 'fields', 'held'],
	'improvement.added': ['improvementId', 'type', 'description']
};

/** Every event type, in the order of the allow-list. */
export const EVENT_TYPES = Object.keys(DISPLAY_FIELDS) as EventType[];

export function isEventType(type: string): type is EventType {
	return Object.hasOwn(DISPLAY_FIELDS, type);
}

/** Display screens and webhooks never see customer personal data: only the allowed fields of an event's data pass. */
export function redactForDisplay<E extends IncidentEvent>(event: E): E {
	// an event type this build does not know (an older log) shows nothing but the incident
	const allowed: readonly string[] = DISPLAY_FIELDS[event.type] ?? [];
	const source = event.data as Record<string, unknown>;
	const data: Record<string, unknown> = {};
	for (const key of [...allowed, 'incident']) if (source[key] !== undefined) data[key] = source[key];
	const actor: Actor = 'system' in event.actor ? { system: true } : { id: event.actor.id, name: event.actor.name };
	return { incidentId: event.incidentId, seq: event.seq, type: event.type, at: event.at, actor, data } as E;
}
