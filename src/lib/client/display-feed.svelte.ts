// The wall display's live state: the active incidents (most severe first), low stock, the last complete
// month's figures, which incident is in focus (rotating through live incidents, held on a fresh
// alarm), the alarm queue (banner, red frame, sound; rules in wall.ts), the list's page, and the focus incident's seats and latest events. The page only
// lays it out. Display credentials receive redacted events: nothing here holds personal data.
import { untrack } from 'svelte';
import { api } from '$lib/client/api';
import { applyToList, sortIncidents } from '$lib/client/live-incidents';
import { getSocketManager, type SocketManager } from '$lib/client/socket-manager.svelte';
import type { IncidentJson, MetricsJson, ResourceJson, ResponseJson } from '$lib/api/schemas';
import type { IncidentEvent } from '$lib/realtime/events';
import { reportedPeriods } from '$lib/domain/metrics';
import { AlarmQueue, alarmOf, alarmSounds, isLive, nextFocus, type WallAlarm } from '$lib/client/wall';

export const ROTATE_MS = 12_000;
/** How long the banner shows one alarm before the next waiting one (and holds the list's page on its incident). */
export const ALARM_HOLD_MS = 12_000;
/** How long an announced alarm holds the focus on its incident before the rotation resumes. */
export const FOCUS_HOLD_MS = 60_000;
/** How often the incident list turns its page when it does not fit. */
export const PAGE_MS = 10_000;
/** The default of WARROOM_DISPLAY_ALARM_SECONDS: how long the red frame marks an alarm as not yet seen. */
export const ALARM_FRAME_SECONDS = 60;
/** How many of the focus incident's latest events the wall shows. */
export const RECENT_EVENTS = 8;
const METRICS_DEBOUNCE_MS = 5000;

/**
 * A refetched list, except where a live event already brought a newer version of an incident
 * (the refetch started before that change committed and answered after the event arrived).
 */
export function keepNewer(fetched: IncidentJson[], current: IncidentJson[]): IncidentJson[] {
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway index, the array is the state
	const live = new Map(current.map((i) => [i.id, i]));
	return sortIncidents(fetched.map((i) => ((live.get(i.id)?.version ?? 0) > i.version ? live.get(i.id)! : i)));
}

/** The focus panel's timeline reloads seats when they change: seat events and a level change (which convenes groups). */
export const changesSeats = (e: IncidentEvent) => e.type.startsWith('response.') || e.type === 'incident.level_changed';

export interface DisplayFeedInit {
	incidents: IncidentJson[];
	lowStock?: ResourceJson[];
	metrics: MetricsJson | null;
}

export class DisplayFeed {
	incidents: IncidentJson[] = $state([]);
	lowStock: ResourceJson[] = $state([]);
	metrics: MetricsJson | null = $state(null);
	/** The focus incident's response group (null until loaded, or for another incident). */
	response: ResponseJson | null = $state(null);
	/** The latest events of incidents that were in focus, by incident id. */
	recent: Record<string, IncidentEvent[]> = $state({});
	/** The alarm on the banner (each announced once, highest first: wall.ts). */
	alarm: WallAlarm | null = $state.raw(null);
	/** Alarms waiting their turn on the banner. */
	alarmsWaiting = $state(0);
	/** The red (alarm) or amber (due soon) frame: an alarm raised less than `frameSeconds` ago. */
	frame: 'alarm' | 'warn' | null = $state(null);
	/** How many announcements the wall has made (tests and the banner's data attribute read it). */
	announcements = $state(0);
	/** Server-corrected now, ticking while runClock runs. */
	now = $state(Date.now());
	/** Whether alarms beep (`?sound=1`: a screen with speakers someone agreed to). */
	sound = $state(false);
	/** WARROOM_DISPLAY_ALARM_SECONDS: how long an alarm counts as not yet seen. */
	frameSeconds = $state(ALARM_FRAME_SECONDS);
	manager: SocketManager | null = $state(null);
	/** The list's page (wrapped into range by the page that lays it out), and how many cards fit on one (the page measures it). */
	page = $state(0);
	perPage = $state(1);
	private focusId: string | null = $state(null);
	private pausedUntil = 0;
	private pageHeldUntil = 0;
	private metricsTimer: ReturnType<typeof setTimeout> | undefined;
	private queue = new AlarmQueue(ALARM_HOLD_MS);

	/** Live incidents (initiation, containment, resolution): the focus and the list; follow-up ones are only counted. */
	readonly live = $derived(this.incidents.filter(isLive));
	readonly followUps = $derived(this.incidents.length - this.live.length);
	readonly focus = $derived(this.live.find((i) => i.id === this.focusId) ?? this.live[0]);
	readonly byLevel = $derived([1, 2, 3].map((l) => this.live.filter((i) => i.level === l).length));
	/** Overdue contact deadlines: customers', and incidents' own clocks (no customer registered in time). */
	readonly overdueTotal = $derived(this.incidents.reduce((n, i) => n + i.contact.overdue + (i.contact.incidentClock?.status === 'overdue' ? 1 : 0), 0));
	/** Customers (and incident clocks) due soon: the next ones to go overdue. */
	readonly dueSoonTotal = $derived(this.incidents.reduce((n, i) => n + i.contact.dueSoon + (i.contact.incidentClock?.status === 'due_soon' ? 1 : 0), 0));
	/** The KPI strip's month: the last complete one, as on the metrics page (never the running month, a day old on the 1st). */
	readonly month = $derived(reportedPeriods(this.metrics?.buckets ?? []).current);
	/** Where the running month sits in the trend (drawn dashed), or -1. */
	readonly runningAt = $derived.by(() => {
		const b = this.metrics?.buckets ?? [];
		return b.length && !b[b.length - 1].complete ? b.length - 1 : -1;
	});

	/** Takes the page's server-loaded data (again after a navigation or invalidation). */
	reset(init: DisplayFeedInit & { alarmSeconds?: number }) {
		this.incidents = sortIncidents(init.incidents);
		if (init.alarmSeconds) this.frameSeconds = init.alarmSeconds;
		this.lowStock = init.lowStock ?? [];
		this.metrics = init.metrics;
	}

	/** Ticks `now` four times a second (server-corrected once the feed has started); returns the stop. */
	runClock(): () => void {
		const tick = setInterval(() => {
			this.now = this.manager?.now() ?? Date.now();
			this.advanceAlarms(Date.now());
		}, 250);
		return () => clearInterval(tick);
	}

	/** Starts the rotation and the live feed; returns the stop. Call once the screen is authorised. */
	start(options: { sound: boolean }): () => void {
		this.sound = options.sound;
		const manager = (this.manager = getSocketManager());
		const rotation = setInterval(() => this.rotate(), ROTATE_MS);
		// the list pages by itself, except while an alarm holds the page showing its incident
		const paging = setInterval(() => Date.now() >= this.pageHeldUntil && this.page++, PAGE_MS);
		const stopEffects = $effect.root(() => {
			// the focus incident's seats and events, whenever the focus moves
			$effect(() => {
				const id = this.focus?.id;
				if (id) untrack(() => void this.loadFocus(id));
			});
			// after a reconnect the screen starts again from the server's truth
			$effect(() => {
				if (manager.reconnects > 0) untrack(() => void this.refetch());
			});
		});
		const stops = [
			stopEffects,
			() => clearInterval(rotation),
			() => clearInterval(paging),
			() => clearTimeout(this.metricsTimer),
			manager.subscribeDashboard((e) => this.onEvent(e)),
			manager.subscribeResources((r) => this.onResource(r))
		];
		return () => stops.forEach((stop) => stop());
	}

	/** Moves the focus on, unless an alarm holds it or there is nothing to move to. */
	rotate() {
		if (Date.now() < this.pausedUntil || this.live.length < 2) return;
		this.focusId = nextFocus(this.live, this.focus?.id) ?? null;
	}

	onEvent(e: IncidentEvent) {
		this.incidents = applyToList(this.incidents, e);
		this.refreshMetricsSoon();
		this.recent = { ...this.recent, [e.incidentId]: [...(this.recent[e.incidentId] ?? []), e].slice(-RECENT_EVENTS) };
		const alarm = alarmOf(e, this.incidents.find((i) => i.id === e.incidentId)?.code ?? '', Date.now());
		if (alarm && this.queue.push(alarm, Date.now())) this.advanceAlarms(Date.now());
		if (e.incidentId === this.focus?.id && changesSeats(e)) void this.loadFocus(e.incidentId);
	}

	/** The banner's alarm, the waiting count and the frame at `at`; a newly announced alarm takes the focus (and beeps). */
	advanceAlarms(at: number) {
		this.queue.tick(at);
		for (const { alarm } of this.queue.announced.slice(this.announcements)) {
			const index = this.live.findIndex((i) => i.id === alarm.incidentId);
			if (alarm.kind !== 'due_soon' && index >= 0) {
				// the alarm's incident takes the focus, and the list turns to the page that shows it
				this.focusId = alarm.incidentId;
				this.page = Math.floor(index / Math.max(1, this.perPage));
				this.pausedUntil = at + FOCUS_HOLD_MS;
				this.pageHeldUntil = at + ALARM_HOLD_MS;
			}
			if (this.sound && alarmSounds(alarm)) beep();
		}
		this.announcements = this.queue.announced.length;
		if (this.alarm !== this.queue.current) this.alarm = this.queue.current;
		this.alarmsWaiting = this.queue.pending.length;
		const frame = this.queue.frame(at, this.frameSeconds * 1000);
		if (frame !== this.frame) this.frame = frame;
	}

	onResource(r: ResourceJson) {
		const others = this.lowStock.filter((x) => x.id !== r.id);
		this.lowStock = r.low ? [...others, r] : others;
	}

	/** Seats and, the first time, the latest events of the incident in focus. */
	async loadFocus(id: string) {
		const after = Math.max(0, (this.incidents.find((i) => i.id === id)?.version ?? 0) - RECENT_EVENTS);
		const [response, events] = await Promise.all([api.incidents.response(id).catch(() => null), this.recent[id] ? null : api.incidents.events(id, { after }).catch(() => null)]);
		if (id !== this.focus?.id) return;
		this.response = response;
		if (events?.items) this.recent = { ...this.recent, [id]: events.items.slice(-RECENT_EVENTS) };
	}

	/** After a reconnect (server restart, network drop) everything is fetched again: nothing missed stays missed. */
	async refetch() {
		const [incidents, low] = await Promise.all([api.incidents.list().catch(() => null), api.resources.list({ low: true }).catch(() => null)]);
		if (incidents?.items) this.incidents = keepNewer(incidents.items, this.incidents);
		if (low?.items) this.lowStock = low.items;
		this.recent = {};
		if (this.focus) void this.loadFocus(this.focus.id);
	}

	/** The KPI strip follows the incidents, at most every 5 s. */
	private refreshMetricsSoon() {
		this.metricsTimer ??= setTimeout(async () => {
			this.metricsTimer = undefined;
			const m = await api.metrics.get({ months: 12 }).catch(() => null);
			if (m) this.metrics = m;
		}, METRICS_DEBOUNCE_MS);
	}
}

function beep() {
	try {
		const ctx = new AudioContext();
		const o = ctx.createOscillator();
		const g = ctx.createGain();
		o.frequency.value = 880;
		g.gain.value = 0.2;
		o.connect(g).connect(ctx.destination);
		o.start();
		o.stop(ctx.currentTime + 0.6);
	} catch {
		/* no audio on this screen */
	}
}
