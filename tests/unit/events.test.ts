import { describe, it, expect } from 'vitest';
import { DISPLAY_FIELDS, EVENT_TYPES, redactForDisplay, SubscribePayload, type EventDataMap, type EventType, type IncidentEvent } from '$lib/realtime/events';
import { applyToList } from '$lib/client/live-incidents';
import type { ContactJson, CustomerJson, IncidentJson } from '$lib/api/schemas';

const ev = (over: Partial<IncidentEvent>): IncidentEvent =>
	({ incidentId: 'i1', seq: 1, type: 'incident.updated', at: '2026-11-23T08:00:00.000Z', actor: { id: 'u', name: '王' }, data: { changes: {} }, ...over }) as IncidentEvent;

// Customer personal data as it would sit in events, every value recognisable in the output.
const PERSONAL = ['张三', '13800138000', 'zhang@example.com', 'JD-2026-0001', 'NOTE-SECRET', 'COMMITMENT-SECRET', 'ADDRESS-SECRET', 'REASON-SECRET'];
const customer = {
	id: 'c1',
	incidentId: 'i1',
	position: 7,
	name: '张三',
	phone: '13800138000',
	email: 'zhang@example.com',
	orderNo: 'JD-2026-0001',
	masked: false,
	purchasedAt: null,
	productModel: 'X1',
	symptom: 'smoke',
	occurredAt: null,
	impact: '',
	reportedAt: '2026-11-23T08:00:00.000Z',
	contactDeadline: { dueAt: '2026-11-23T08:30:00.000Z', dueSoonAt: '2026-11-23T08:24:00.000Z', status: 'met' },
	firstContactAt: null,
	unreachableAt: null,
	evidenceAuthorized: false,
	createdAt: '2026-11-23T08:00:00.000Z'
} as CustomerJson;
const contactRecord: ContactJson = {
	id: 'k1',
	customerId: 'c1',
	at: '2026-11-23T08:10:00.000Z',
	by: { id: 'u', name: '王' },
	reached: true,
	channel: 'phone',
	outcome: 'reached',
	apologized: true,
	explained: true,
	needAsked: true,
	need: null,
	commitment: 'COMMITMENT-SECRET',
	commitmentDueAt: null,
	commitmentClosedAt: null,
	commitmentClosedNote: '',
	note: 'NOTE-SECRET'
};
const i18n = { en: 'x', zh: '某' };
const seat = { seat: 'leader', group: 'leadership' as const, en: 'Leader', zh: '组长' };
const stock = { id: 'r1', kind: 'spare_product' as const, label: 'X1', stock: 3, lowThreshold: 5, unit: 'pcs' };
const incident = { id: 'i1', code: 'INC-1', title: 'Smoke', level: 2, phase: 'containment', version: 1 } as IncidentJson;

/** One full event of every type, as the server writes it (personal fields included where the type has them). */
const FULL: { [T in EventType]: EventDataMap[T] } = {
	'incident.declared': { incident, seats: [seat] },
	'incident.updated': { changes: { title: { from: 'a', to: 'b' } } },
	'incident.level_changed': { from: 3, to: 2, automatic: false, reason: i18n, note: 'NOTE-SECRET' },
	'incident.phase_changed': { from: 'initiation', to: 'containment' },
	'customer.added': { count: 1, positions: [7, 7], customers: [customer] },
	'customer.contacted': { customerId: 'c1', position: 7, firstContact: true, status: 'met', customer, contactRecord },
	'customer.contact_attempted': { customerId: 'c1', position: 7, firstContact: false, status: 'pending', customer, contactRecord, channel: 'sms', outcome: 'no_answer', failedAttempts: 2 },
	'customer.unreachable': {
		customerId: 'c1',
		position: 7,
		firstContact: false,
		status: 'unreachable',
		reason: 'REASON-SECRET',
		by: { id: 'u', name: '王' },
		failedAttempts: 3,
		channelsTried: ['phone', 'sms'],
		customer
	},
	'customer.revealed': { customerId: 'c1', position: 7, fields: ['phone', 'email', 'orderNo'] },
	'customer.authorization_recorded': { customerId: 'c1', position: 7, channel: 'phone', customer },
	'customer.evidence_added': { customerId: 'c1', position: 7, evidenceId: 'e1', contentType: 'image/jpeg', size: 1000 },
	'customer.evidence_downloaded': { customerId: 'c1', position: 7, evidenceId: 'e1', contentType: 'image/jpeg', size: 1000 },
	'response.extended': { from: 3, to: 2, added: [seat], leader: { ...seat, previous: { id: 'u2', name: '李' } } },
	'response.seat_assigned': { seat: 'leader', group: 'leadership', title: i18n, user: { id: 'u', name: '王' }, previousUserId: null },
	'response.seat_released': { seat: 'leader', group: 'leadership', userId: 'u' },
	'response.seat_acknowledged': { seat: 'leader', group: 'leadership', title: i18n, user: { id: 'u', name: '王' } },
	'response.duty_checked': { group: 'leadership', item: 0, done: true, duty: i18n },
	'response.notice_published': {
		version: 1,
		level: 2,
		reason: 'published',
		notice: {
			version: 1,
			reason: 'published',
			code: 'INC-1',
			title: 'Smoke',
			category: i18n,
			level: 2,
			levelName: i18n,
			levelReason: i18n,
			leader: { title: i18n, holder: { id: 'u', name: '王' } },
			seats: [{ seat: 'leader', group: 'leadership', title: i18n, holder: { id: 'u', name: '王' }, added: false }],
			escalation: null,
			contactWindowMinutes: 60,
			contactDueAt: null,
			contactDueAtText: null,
			identifiedAt: '2026-11-23T08:00:00.000Z',
			identifiedAtText: i18n,
			publishedAt: '2026-11-23T08:10:00.000Z',
			publishedAtText: i18n,
			publishedBy: { id: 'u', name: '王' },
			timeZone: 'Asia/Shanghai',
			en: 'x',
			zh: '某'
		}
	},
	'response.notice_read': { version: 1, user: { id: 'u', name: '王' } },
	'measure.taken': { measureId: 'm1', kind: 'replace', kindName: i18n, customerCount: 1, quantity: 1, stock, policy: null },
	'resource.low_stock': { stock },
	'cause.updated': { version: 1, rootCause: 'fan', directCause: 'dust', group: 'tech_support' },
	'solution.proposed': { solutionId: 's1', kind: 'recall', kindName: i18n, approver: i18n },
	'solution.approved': { solutionId: 's1', kindName: i18n, comment: 'ok' },
	'solution.rejected': { solutionId: 's1', kindName: i18n, comment: 'no' },
	'solution.progress': { solutionId: 's1', note: 'NOTE-SECRET', done: false, kindName: i18n },
	'solution.quality_checked': { solutionId: 's1', passed: true, note: 'NOTE-SECRET', kindName: i18n },
	'confirmation.recorded': { customerId: 'c1', position: 7, result: 'satisfied', method: 'phone' },
	'customer.confirmation_waived': { customerId: 'c1', position: 7, reason: 'NOTE-SECRET', by: { id: 'u', name: '王' } },
	'survey.recorded': { customerId: 'c1', position: 7, satisfied: true, mean: 4.67, rate: 1, target: 0.9 },
	'followup.opened': { count: 1, rate: 0.5, target: 0.9, owner: { id: 'u', name: '王' } },
	'followup.done': { followUpId: 'f1' },
	'deadline.due_soon': { kind: 'contact', count: 1, firedAt: '2026-11-23T08:24:00.000Z', deadlines: [{ customerId: 'c1', position: 7, dueAt: '2026-11-23T08:30:00.000Z' }], truncated: false },
	'deadline.overdue': { kind: 'postmortem', count: 1, dueAt: '2026-11-25T08:00:00.000Z', firedAt: '2026-11-25T08:00:00.000Z' },
	'commitment.closed': {
		contactId: 'k1',
		customerId: 'c1',
		position: 7,
		dueAt: '2026-11-24T08:00:00.000Z',
		closedAt: '2026-11-23T20:00:00.000Z',
		closedBy: { id: 'u', name: '王' },
		byContactId: null,
		note: 'NOTE-SECRET'
	},
	'postmortem.updated': { version: 2, fields: ['what'], held: true },
	'improvement.added': { improvementId: 'p1', type: 'process', description: 'train the line' }
};
const full = <T extends EventType>(type: T): IncidentEvent => ev({ type, data: { ...FULL[type], incident } } as Partial<IncidentEvent>);

describe('display redaction (an allow-list per event type)', () => {
	it('has a decision for every event type', () => {
		expect(EVENT_TYPES.slice().sort()).toEqual((Object.keys(FULL) as EventType[]).sort());
		for (const type of EVENT_TYPES) expect(DISPLAY_FIELDS[type].length, type).toBeGreaterThan(0);
	});

	it.each(EVENT_TYPES)('%s: no customer personal data reaches a display screen or a webhook', (type) => {
		const e = full(type);
		// a field someone adds later is private until the allow-list names it
		const withExtra = { ...e, data: { ...e.data, addedLater: '13800138000' } } as unknown as IncidentEvent;
		const shown = JSON.stringify(redactForDisplay(withExtra));
		for (const secret of PERSONAL) expect(shown, `${type} leaks ${secret}`).not.toContain(secret);
	});

	it.each(EVENT_TYPES)('%s: keeps what the screen shows (the allowed fields and the incident snapshot)', (type) => {
		const r = redactForDisplay(full(type));
		expect(r.type).toBe(type);
		expect(r.data.incident).toEqual(incident);
		for (const key of DISPLAY_FIELDS[type] as string[]) expect((r.data as Record<string, unknown>)[key], `${type}.${key}`).toEqual((FULL[type] as Record<string, unknown>)[key]);
	});

	it('keeps counts and positions of customers, drops the customers themselves, and leaves the original untouched', () => {
		const e = full('customer.added');
		const r = redactForDisplay(e);
		expect(r.data).toEqual({ count: 1, positions: [7, 7], incident });
		expect(e.type === 'customer.added' && e.data.customers).toHaveLength(1);
	});

	it('shows only the incident snapshot of an event type this build does not know', () => {
		const e = { ...ev({}), type: 'something.new', data: { incident, phone: '13800138000' } } as unknown as IncidentEvent;
		expect(redactForDisplay(e).data).toEqual({ incident });
	});

	it('keeps the actor’s id and name only', () => {
		const e = { ...full('followup.done'), actor: { id: 'u', name: '王', email: 'wang@example.com' } } as unknown as IncidentEvent;
		expect(redactForDisplay(e).actor).toEqual({ id: 'u', name: '王' });
	});
});

describe('subscribe payloads', () => {
	it('accepts an incident with an optional seq, or the dashboard scope', () => {
		expect(SubscribePayload.safeParse({ incidentId: 'a', after: 3 }).success).toBe(true);
		expect(SubscribePayload.safeParse({ scope: 'dashboard' }).success).toBe(true);
	});
	it('refuses anything else', () => {
		for (const bad of [null, 1, {}, { incidentId: '' }, { incidentId: 'a', after: -1 }, { incidentId: 'a', after: 1.5 }, { scope: 'all' }, { incidentId: 'a', extra: 1 }]) {
			expect(SubscribePayload.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
		}
	});
});

describe('live incident list', () => {
	const inc = (over: Partial<IncidentJson>) => ({ id: 'i1', level: 3, phase: 'initiation', version: 1, identifiedAt: '2026-11-23T08:00:00.000Z', title: 't', ...over }) as IncidentJson;
	it('adds declared incidents, most severe first', () => {
		const list = applyToList([inc({ id: 'a', level: 3 })], ev({ incidentId: 'b', type: 'incident.declared', data: { incident: inc({ id: 'b', level: 1 }), seats: [] } }));
		expect(list.map((i) => i.id)).toEqual(['b', 'a']);
	});
	it('replaces an incident only with a newer version', () => {
		const list = [inc({ version: 3, title: 'new' })];
		expect(applyToList(list, ev({ data: { changes: {}, incident: inc({ version: 2, title: 'old' }) } }))[0].title).toBe('new');
		expect(applyToList(list, ev({ data: { changes: {}, incident: inc({ version: 4, title: 'newer' }) } }))[0].title).toBe('newer');
	});
	it('drops closed incidents', () => expect(applyToList([inc({})], ev({ data: { changes: {}, incident: inc({ version: 2, phase: 'closed' }) } }))).toEqual([]));
});
