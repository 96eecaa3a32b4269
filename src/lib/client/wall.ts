// The wall display's rules that need no screen: which events are alarms and in what order they
// are announced (each once), when the red frame is on, which incidents the focus rotates through,
// and how the incident list pages when it does not fit. Time is an argument (ms since the epoch).
import type { IncidentJson } from '$lib/api/schemas';
import type { IncidentEvent } from '$lib/realtime/events';

/** Highest first: an escalation to level 1 > a new incident > an overdue deadline > a deadline due soon. */
export const ALARM_KINDS = ['level1', 'declared', 'overdue', 'due_soon'] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];
const RANK: Record<AlarmKind, number> = { level1: 0, declared: 1, overdue: 2, due_soon: 3 };

export interface WallAlarm {
	/** Identifies the announcement: the same key is never announced twice. */
	key: string;
	kind: AlarmKind;
	incidentId: string;
	code: string;
	/** What fell due (contact deadline, post-mortem, the incident's own clock); null for level and declaration alarms. */
	deadline: 'contact' | 'postmortem' | 'incident' | null;
	count: number;
	/** When it was raised (local ms). */
	at: number;
}

/** The alarm an event raises on the wall, if any. A commitment falling due is its author's task, not the wall's. */
export function alarmOf(e: IncidentEvent, code: string, at: number): WallAlarm | null {
	const base = { incidentId: e.incidentId, code, at, key: `${e.incidentId}:${e.seq}` };
	if (e.type === 'incident.declared') {
		return { ...base, code: e.data.incident.code || code, kind: e.data.incident.level === 1 ? 'level1' : 'declared', deadline: null, count: 1 };
	}
	if (e.type === 'incident.level_changed' && e.data.to === 1) return { ...base, kind: 'level1', deadline: null, count: 1 };
	if ((e.type === 'deadline.overdue' || e.type === 'deadline.due_soon') && e.data.kind !== 'commitment') {
		return { ...base, kind: e.type === 'deadline.overdue' ? 'overdue' : 'due_soon', deadline: e.data.kind, count: e.data.count ?? 1 };
	}
	return null;
}

/** Whether the alarm sounds: everything but "due soon" (a warning, not an emergency). */
export const alarmSounds = (a: WallAlarm) => a.kind !== 'due_soon';

/**
 * The wall's announcements: alarms wait in priority order and are shown one at a time for
 * `holdMs`, each key once. A higher alarm takes the banner at once (the lower one it replaces
 * counts as announced). Alarms of the same incident and kind still waiting are merged, their
 * counts added, so a burst of overdue customers is one announcement.
 */
export class AlarmQueue {
	current: WallAlarm | null = null;
	shownAt = 0;
	pending: WallAlarm[] = [];
	/** Every announcement so far, in order, with when it was shown. */
	readonly announced: { alarm: WallAlarm; shownAt: number }[] = [];
	private seen = new Set<string>();

	constructor(private holdMs: number) {}

	/** Queues an alarm; false when its key was already announced or queued. */
	push(alarm: WallAlarm, now: number): boolean {
		if (this.seen.has(alarm.key)) return false;
		this.seen.add(alarm.key);
		const same = this.pending.find((p) => p.incidentId === alarm.incidentId && p.kind === alarm.kind && p.deadline === alarm.deadline);
		if (same) same.count += alarm.count;
		else if (this.current && this.current.incidentId === alarm.incidentId && this.current.kind === alarm.kind && this.current.deadline === alarm.deadline && alarm.kind !== 'declared') {
			this.current = { ...this.current, count: this.current.count + alarm.count };
		} else this.pending.push({ ...alarm });
		this.tick(now);
		return true;
	}

	/** Moves on: the banner's alarm expires after holdMs, a higher one pre-empts it. Returns the alarm shown now when it changed. */
	tick(now: number): WallAlarm | null {
		if (this.current && now - this.shownAt >= this.holdMs) this.current = null;
		if (this.pending.length === 0) return null;
		this.pending.sort((a, b) => RANK[a.kind] - RANK[b.kind] || a.at - b.at);
		const next = this.pending[0];
		if (this.current && RANK[next.kind] >= RANK[this.current.kind]) return null;
		this.pending.shift();
		this.current = next;
		this.shownAt = now;
		this.announced.push({ alarm: next, shownAt: now });
		return next;
	}

	/**
	 * The red frame: on while an alarm (not a mere "due soon") was announced less than `frameMs`
	 * ago or still waits its turn — an alarm nobody has had time to see. A stale overdue customer
	 * keeps its red number, not the frame.
	 */
	frame(now: number, frameMs: number): 'alarm' | 'warn' | null {
		const fresh = this.announced.filter((a) => now - a.shownAt < frameMs).map((a) => a.alarm);
		const all = [...fresh, ...this.pending];
		if (all.some((a) => a.kind !== 'due_soon')) return 'alarm';
		return all.length ? 'warn' : null;
	}
}

/** Phases the focus rotates through: the live ones (follow-up incidents are folded into a count). */
export const isLive = (i: Pick<IncidentJson, 'phase'>) => i.phase === 'initiation' || i.phase === 'containment' || i.phase === 'resolution';

/** The live incident after `currentId` in the list's order (wrapping round); the first live one when the current has gone. */
export function nextFocus(incidents: IncidentJson[], currentId: string | undefined): string | undefined {
	const live = incidents.filter(isLive);
	if (live.length === 0) return undefined;
	const i = live.findIndex((x) => x.id === currentId);
	return live[(i + 1) % live.length].id;
}

/** How many cards of `cardPx` (with `gapPx` between) fit in `boxPx`; at least one. */
export function fitCount(boxPx: number, cardPx: number, gapPx: number): number {
	if (cardPx <= 0) return 1;
	return Math.max(1, Math.floor((boxPx + gapPx) / (cardPx + gapPx)));
}

/** One page of `items` by `size`: the page (wrapped into range), its items, the page count and how many are not on it. */
export function pageOf<T>(items: T[], size: number, page: number): { page: number; pages: number; items: T[]; hidden: number } {
	const pages = Math.max(1, Math.ceil(items.length / Math.max(1, size)));
	const p = ((page % pages) + pages) % pages;
	const shown = items.slice(p * size, p * size + size);
	return { page: p, pages, items: shown, hidden: items.length - shown.length };
}
