// Event names and payload shapes shared by the server and the browser.
import { z } from 'zod';

export const EVENT_TYPES = [
	'incident.declared',
	'incident.updated',
	'incident.level_changed',
	'incident.phase_changed',
	'customer.added',
	'customer.contacted',
	'customer.unreachable',
	'customer.revealed',
	'customer.authorization_recorded',
	'customer.evidence_added',
	'response.extended',
	'response.seat_assigned',
	'response.seat_released',
	'response.seat_acknowledged',
	'response.duty_checked',
	'measure.taken',
	'cause.updated',
	'improvement.added',
	'confirmation.recorded',
	'followup.opened',
	'followup.done',
	'solution.proposed',
	'solution.approved',
	'solution.rejected',
	'solution.progress',
	'solution.quality_checked',
	'resource.low_stock',
	'deadline.due_soon',
	'deadline.overdue',
	'survey.recorded',
	'postmortem.updated',
	'incident.closed'
] as const;
export type EventType = (typeof EVENT_TYPES)[number] | (string & {});

export type Actor = { id: string; name: string } | { system: true };

export interface IncidentEvent {
	incidentId: string;
	seq: number;
	type: EventType;
	at: string;
	actor: Actor;
	data: Record<string, unknown>;
}

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

export interface ServerToClient {
	presence: (p: PresenceJson) => void;
	event: (event: IncidentEvent) => void;
	time: (t: { now: string }) => void;
	/** A backup resource changed (stock, threshold…); sent to dashboard and display rooms. */
	'resource.updated': (resource: import('$lib/api/schemas').ResourceJson) => void;
	/** Someone started, continued or stopped editing a post-mortem field (review meeting). */
	'review.editing': (msg: ReviewEditingJson) => void;
}
export interface ClientToServer {
	subscribe: (payload: unknown, ack?: (res: SubscribeAck) => void) => void;
	unsubscribe: (payload: unknown, ack?: (res: SubscribeAck) => void) => void;
	'review.editing': (payload: unknown, ack?: (res: SubscribeAck) => void) => void;
}

/** Fields that may carry customer personal data inside event data. */
const PERSONAL_KEYS = new Set(['name', 'phone', 'email', 'orderNo', 'customer', 'customers', 'contactRecord', 'note', 'commitment', 'address']);

/** Display screens never see customer personal data: strip it from an event's data, recursively. */
export function redactForDisplay(event: IncidentEvent): IncidentEvent {
	const strip = (v: unknown): unknown => {
		if (Array.isArray(v)) return v.map(strip);
		if (v && typeof v === 'object') {
			const out: Record<string, unknown> = {};
			for (const [k, val] of Object.entries(v)) {
				if (PERSONAL_KEYS.has(k)) continue;
				out[k] = strip(val);
			}
			return out;
		}
		return v;
	};
	const actor: Actor = 'system' in event.actor ? event.actor : { id: event.actor.id, name: event.actor.name };
	return { ...event, actor, data: strip(event.data) as Record<string, unknown> };
}
