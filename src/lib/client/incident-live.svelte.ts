// One incident, live: the incident as it stands, its timeline, its customers and its response
// group, kept current from the incident's event stream (replayed from the last seq the page
// has, gap-free through the socket manager). Panels that hold more of their own (measures,
// resolution, follow-up, the post-mortem) subscribe to the events that concern them through
// its typed listeners (onResolution, onFollowUp, …); the page no longer sorts events out itself.
import { api } from '$lib/client/api';
import { snapshotOf } from '$lib/client/live-incidents';
import { getSocketManager } from '$lib/client/socket-manager.svelte';
import { CUSTOMER_PAGE, type CustomerJson, type CustomerListJson, type CustomerStatusCountsT, type IncidentJson, type ResponseJson } from '$lib/api/schemas';
import { EVENT_TYPES, type EventType, type IncidentEvent, type IncidentEventOf } from '$lib/realtime/events';

/** Which events concern which panel of the incident page. */
export const PANEL_EVENTS = {
	customers: ['customer.added', 'customer.contacted', 'customer.contact_attempted', 'customer.unreachable', 'customer.authorization_recorded', 'customer.evidence_added', 'incident.level_changed'],
	response: [
		'response.extended',
		'response.seat_assigned',
		'response.seat_released',
		'response.seat_acknowledged',
		'response.duty_checked',
		'response.notice_published',
		'response.notice_read',
		'incident.level_changed'
	],
	measures: ['measure.taken'],
	resolution: ['cause.updated', 'solution.proposed', 'solution.approved', 'solution.rejected', 'solution.progress', 'solution.quality_checked'],
	followUp: ['survey.recorded', 'followup.opened', 'followup.done', 'confirmation.recorded', 'customer.confirmation_waived', 'customer.contacted'],
	review: ['postmortem.updated', 'improvement.added', 'incident.phase_changed']
} as const satisfies Record<string, readonly EventType[]>;
export type Panel = keyof typeof PANEL_EVENTS;
type PanelEvent<P extends Panel> = IncidentEventOf<(typeof PANEL_EVENTS)[P][number]>;

/** The panels an event concerns. */
export function panelsOf(e: IncidentEvent): Panel[] {
	return (Object.keys(PANEL_EVENTS) as Panel[]).filter((p) => (PANEL_EVENTS[p] as readonly EventType[]).includes(e.type));
}

/** Customers by position, the given ones replacing those with the same id. */
export function upsertCustomers(list: CustomerJson[], items: CustomerJson[]): CustomerJson[] {
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway index, the array is the state
	const byId = new Map(list.map((c) => [c.id, c]));
	for (const c of items) byId.set(c.id, c);
	return [...byId.values()].sort((a, b) => a.position - b.position);
}

/** Customers in the order given, the given ones replacing those with the same id (a page sorted by urgency keeps its order). */
export function replaceCustomers(list: CustomerJson[], items: CustomerJson[]): CustomerJson[] {
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway index, the array is the state
	const byId = new Map(items.map((c) => [c.id, c]));
	return list.map((c) => byId.get(c.id) ?? c);
}

/** The customer sheet's filter: every customer, those still to be contacted, the overdue ones. */
export type CustomerFilter = 'all' | 'open' | 'overdue';

/** The titles of seats an escalation just added for one of my groups (the "you are called" banner). */
export function seatsCalling(e: PanelEvent<'response'>, myGroups: readonly string[], lang: 'en' | 'zh'): string[] {
	if (e.type !== 'response.extended') return [];
	return e.data.added.filter((a) => myGroups.includes(a.group)).map((a) => (lang === 'zh' ? a.zh : a.en));
}

export interface IncidentLiveInit {
	incident: IncidentJson;
	events: IncidentEvent[];
	/** The first page of customers by urgency, with the total and the counts by status. */
	customers: CustomerListJson;
	response: ResponseJson;
	me: { id: string; groups: readonly string[] } | null;
	lang: 'en' | 'zh';
}

type Listener = (e: IncidentEvent) => void;

export class IncidentLive {
	incident: IncidentJson = $state()!;
	events: IncidentEvent[] = $state([]);
	/** The customers loaded so far: pages of the filter, most urgent first. */
	customers: CustomerJson[] = $state([]);
	/** How many customers match the filter (the database's count, not what is loaded). */
	customerTotal = $state(0);
	/** Every customer of the incident by status, as of the last load. */
	customerCounts: CustomerStatusCountsT = $state({ pending: 0, due_soon: 0, overdue: 0, met: 0, met_late: 0, unreachable: 0 });
	customerFilter: CustomerFilter = $state('all');
	/** Every customer, loaded only for the panels that choose among all of them (measures, follow-up). */
	allCustomers: CustomerJson[] | null = $state(null);
	response: ResponseJson = $state()!;
	/** Seats of mine that an escalation just added, until I take them. */
	called: string[] = $state([]);
	/** seq of the latest evidence or authorisation event, by customer id: the evidence list reloads on it. */
	evidenceChanged: Record<string, number> = $state({});
	/** seq of the latest event that concerns each panel (0: none since the page loaded). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- listener bookkeeping, not read by a component
	private listeners = new Set<Listener>();

	constructor(private init: IncidentLiveInit) {
		this.incident = init.incident;
		this.events = init.events;
		this.takeCustomers(init.customers);
		this.response = init.response;
	}

	/** Follows the incident from the last event the page has; returns the unsubscribe (call it from an $effect). */
	connect(): () => void {
		const last = this.events.length ? this.events[this.events.length - 1].seq : 0;
		return getSocketManager().subscribeIncident(this.incident.id, last, (e) => this.apply(e));
	}

	/** Takes an incident returned by a request of this page, unless the stream already brought a newer one. */
	accept(incident: IncidentJson) {
		if (incident.version > this.incident.version) this.incident = incident;
	}

	/** Listens to events of the given types, narrowed to them; returns the unsubscribe. */
	on<T extends EventType>(types: readonly T[], listener: (e: IncidentEventOf<T>) => void): () => void {
		const l: Listener = (e) => {
			if ((types as readonly EventType[]).includes(e.type)) listener(e as IncidentEventOf<T>);
		};
		this.listeners.add(l);
		return () => this.listeners.delete(l);
	}

	onCustomers = (listener: (e: PanelEvent<'customers'>) => void) => this.on(PANEL_EVENTS.customers, listener);
	onResponse = (listener: (e: PanelEvent<'response'>) => void) => this.on(PANEL_EVENTS.response, listener);
	onMeasures = (listener: (e: PanelEvent<'measures'>) => void) => this.on(PANEL_EVENTS.measures, listener);
	onResolution = (listener: (e: PanelEvent<'resolution'>) => void) => this.on(PANEL_EVENTS.resolution, listener);
	onFollowUp = (listener: (e: PanelEvent<'followUp'>) => void) => this.on(PANEL_EVENTS.followUp, listener);
	onReview = (listener: (e: PanelEvent<'review'>) => void) => this.on(PANEL_EVENTS.review, listener);
	/** Every event: what a phase gate waits for can change with any of them (seats, the notice, solutions, confirmations, surveys, the review). */
	onAny = (listener: (e: IncidentEvent) => void) => this.on(EVENT_TYPES, listener);

	/**
	 * Customers changed (a panel's own request or an event): those shown are replaced at once, then the
	 * page is reloaded shortly after for the new order, total and counts (one request for a burst).
	 */
	upsert = (items: CustomerJson[]) => {
		this.customers = replaceCustomers(this.customers, items);
		if (this.allCustomers) this.allCustomers = upsertCustomers(this.allCustomers, items);
		this.scheduleReload();
	};

	private reloadTimer: ReturnType<typeof setTimeout> | null = null;
	private scheduleReload() {
		if (this.reloadTimer) return;
		this.reloadTimer = setTimeout(() => {
			this.reloadTimer = null;
			void this.reloadCustomers();
		}, 200);
	}

	private takeCustomers(r: CustomerListJson) {
		this.customers = r.items;
		this.customerTotal = r.total;
		this.customerCounts = r.counts;
	}

	private query(limit: number, offset = 0) {
		return { limit, offset, sort: 'urgency' as const, ...(this.customerFilter === 'all' ? {} : { status: this.customerFilter }) };
	}

	/** Shows the customers of another filter, from its first page. */
	async setFilter(f: CustomerFilter) {
		this.customerFilter = f;
		this.takeCustomers(await api.incidents.customers.list(this.incident.id, this.query(CUSTOMER_PAGE)));
	}

	/** The next page of the filter. */
	async loadMore() {
		const r = await api.incidents.customers.list(this.incident.id, this.query(CUSTOMER_PAGE, this.customers.length));
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway index
		const have = new Set(this.customers.map((c) => c.id));
		this.customers = [...this.customers, ...r.items.filter((c) => !have.has(c.id))];
		this.customerTotal = r.total;
		this.customerCounts = r.counts;
	}

	/** Loads every customer for the panels that need them all (once; events keep them current). */
	async loadAllCustomers() {
		if (this.allCustomers) return;
		this.allCustomers = (await api.incidents.customers.list(this.incident.id)).items;
	}

	private apply(e: IncidentEvent) {
		this.events = [...this.events, e];
		const snap = snapshotOf(e);
		if (snap) this.accept(snap);
		const panels = panelsOf(e);
		if (panels.includes('customers')) this.applyCustomerEvent(e as PanelEvent<'customers'>);
		if (panels.includes('response')) this.applyResponseEvent(e as PanelEvent<'response'>);
		for (const l of this.listeners) l(e);
	}

	/** Keeps the customer sheet live: additions, contacts, and deadlines moved by a level change. */
	private applyCustomerEvent(e: PanelEvent<'customers'>) {
		switch (e.type) {
			case 'customer.added':
				if (e.data.customers) this.upsert(e.data.customers);
				else if (e.data.truncated) void this.reloadCustomers();
				break;
			case 'customer.contacted':
			case 'customer.contact_attempted':
			case 'customer.unreachable':
				if (e.data.customer) this.upsert([e.data.customer]);
				break;
			case 'incident.level_changed':
				void this.reloadCustomers();
				break;
			case 'customer.authorization_recorded':
				if (e.data.customer) this.upsert([e.data.customer]);
				this.evidenceChanged = { ...this.evidenceChanged, [e.data.customerId]: e.seq };
				break;
			case 'customer.evidence_added':
				this.evidenceChanged = { ...this.evidenceChanged, [e.data.customerId]: e.seq };
				break;
		}
	}

	/** Seats, duties and the notice follow the level and every seat change; a new seat for my group calls me. */
	private applyResponseEvent(e: PanelEvent<'response'>) {
		const calling = seatsCalling(e, this.init.me?.groups ?? [], this.init.lang);
		if (calling.length) this.called = calling;
		void this.reloadResponse();
	}

	async reloadResponse() {
		this.response = await api.incidents.response(this.incident.id);
		if (this.called.length && this.response.seats.some((s) => s.user?.id === this.init.me?.id)) this.called = [];
	}

	/** Reloads as many customers as are shown (at least a page), in their new order, with the total and counts. */
	async reloadCustomers() {
		this.takeCustomers(await api.incidents.customers.list(this.incident.id, this.query(Math.max(CUSTOMER_PAGE, this.customers.length))));
		if (this.allCustomers) this.allCustomers = (await api.incidents.customers.list(this.incident.id)).items;
	}
}

/**
 * The database's counts by status, moved on by the loaded customers whose deadline status changed
 * since the server answered (a pending one that is now overdue): the loaded page holds the most
 * urgent customers, the ones that change first. `statusNow` is the live status of a customer.
 */
export function liveCounts(counts: CustomerStatusCountsT, loaded: CustomerJson[], statusNow: (c: CustomerJson) => keyof CustomerStatusCountsT): CustomerStatusCountsT {
	const out = { ...counts };
	for (const c of loaded) {
		const was = c.contactDeadline.status;
		const is = statusNow(c);
		if (was !== is && out[was] > 0) {
			out[was]--;
			out[is]++;
		}
	}
	return out;
}
