import { describe, it, expect } from 'vitest';
import { AlarmQueue, alarmOf, alarmSounds, fitCount, nextFocus, pageOf, type WallAlarm } from '$lib/client/wall';
import type { IncidentJson } from '$lib/api/schemas';
import type { IncidentEvent } from '$lib/realtime/events';

const inc = (id: string, phase = 'containment') => ({ id, code: id.toUpperCase(), level: 2, phase, version: 1 }) as IncidentJson;
const ev = (e: Omit<IncidentEvent, 'incidentId' | 'seq' | 'at' | 'actor'> & { incidentId?: string; seq?: number }): IncidentEvent =>
	({ incidentId: 'a', seq: 1, at: '2026-11-23T08:00:00.000Z', actor: { system: true }, ...e }) as IncidentEvent;
const alarm = (kind: WallAlarm['kind'], key: string, incidentId = key, at = 0): WallAlarm => ({
	key,
	kind,
	incidentId,
	code: incidentId,
	deadline: kind === 'overdue' || kind === 'due_soon' ? 'contact' : null,
	count: 1,
	at
});

describe('wall display: which events are alarms', () => {
	it('an overdue contact deadline alarms with its count and sounds', () => {
		const a = alarmOf(ev({ type: 'deadline.overdue', data: { kind: 'contact', count: 3, firedAt: '', deadlines: [], truncated: false } }), 'INC-7', 1000)!;
		expect(a).toEqual({ key: 'a:1', incidentId: 'a', code: 'INC-7', kind: 'overdue', deadline: 'contact', count: 3, at: 1000 });
		expect(alarmSounds(a)).toBe(true);
	});
	it('a post-mortem due soon alarms quietly', () => {
		const a = alarmOf(ev({ type: 'deadline.due_soon', data: { kind: 'postmortem', count: 1, dueAt: '', firedAt: '' } }), 'X', 0)!;
		expect(a.deadline).toBe('postmortem');
		expect(alarmSounds(a)).toBe(false);
	});
	it('a new declaration is announced; one declared at level 1 as a level-1 alarm', () => {
		const declared = (level: 1 | 2 | 3) => ev({ type: 'incident.declared', data: { incident: { ...inc('a'), level, code: 'INC-9' }, seats: [] } });
		expect(alarmOf(declared(3), '', 0)).toMatchObject({ kind: 'declared', code: 'INC-9' });
		expect(alarmOf(declared(1), '', 0)?.kind).toBe('level1');
	});
	it('an escalation to level 1 alarms; other level changes, commitments and ordinary events do not', () => {
		const to = (from: 1 | 2 | 3, level: 1 | 2 | 3) => ev({ type: 'incident.level_changed', data: { from, to: level, automatic: true, reason: { en: '', zh: '' } } });
		expect(alarmOf(to(2, 1), 'X', 0)?.kind).toBe('level1');
		expect(alarmOf(to(3, 2), 'X', 0)).toBeNull();
		expect(alarmOf(ev({ type: 'deadline.overdue', data: { kind: 'commitment', count: 1, firedAt: '', deadlines: [], truncated: false } } as never), 'X', 0)).toBeNull();
		expect(alarmOf(ev({ type: 'followup.done', data: { followUpId: 'f' } }), 'X', 0)).toBeNull();
	});
});

describe('wall display: alarm priority, each announced once', () => {
	it('level-1 escalation > new incident > overdue > due soon, whatever order they arrive in', () => {
		const q = new AlarmQueue(10_000);
		q.push(alarm('due_soon', 's'), 0); // shown at once: nothing else is waiting
		q.push(alarm('overdue', 'o'), 1); // pre-empts the warning
		q.push(alarm('declared', 'd'), 2); // pre-empts the overdue
		q.push(alarm('due_soon', 's2'), 3); // waits
		q.push(alarm('overdue', 'o2'), 4); // waits
		q.push(alarm('level1', 'l'), 5); // pre-empts the declaration
		for (let t = 5; t < 60_000; t += 1000) q.tick(t);
		expect(q.announced.map((a) => a.alarm.key)).toEqual(['s', 'o', 'd', 'l', 'o2', 's2']);
	});
	it('the same event twice (a reconnect, a refetch) is announced once', () => {
		const q = new AlarmQueue(1000);
		expect(q.push(alarm('declared', 'x'), 0)).toBe(true);
		q.tick(5000);
		expect(q.push(alarm('declared', 'x'), 6000)).toBe(false);
		q.tick(20_000);
		expect(q.announced).toHaveLength(1);
	});
	it('a burst of overdue customers of one incident is one announcement with their count', () => {
		const q = new AlarmQueue(10_000);
		q.push(alarm('level1', 'l', 'z'), 0);
		q.push({ ...alarm('overdue', 'o1', 'a'), count: 2 }, 1);
		q.push({ ...alarm('overdue', 'o2', 'a'), count: 3 }, 2);
		q.tick(10_000);
		expect(q.current).toMatchObject({ incidentId: 'a', count: 5 });
		q.push({ ...alarm('overdue', 'o3', 'a'), count: 1 }, 10_001); // while shown: the banner's count grows, no new announcement
		expect(q.current?.count).toBe(6);
		expect(q.announced).toHaveLength(2);
	});
	it('the banner clears after its hold when nothing waits', () => {
		const q = new AlarmQueue(10_000);
		q.push(alarm('overdue', 'o'), 0);
		q.tick(9_999);
		expect(q.current?.key).toBe('o');
		q.tick(10_000);
		expect(q.current).toBeNull();
	});
});

describe('wall display: the red frame marks alarms not yet seen', () => {
	it('on for N seconds after an overdue is announced, then off although the customer is still overdue', () => {
		const q = new AlarmQueue(10_000);
		q.push(alarm('overdue', 'o'), 0);
		expect(q.frame(59_999, 60_000)).toBe('alarm');
		q.tick(60_000);
		expect(q.frame(60_000, 60_000)).toBeNull();
	});
	it('a due-soon warning gets the amber frame, never the red one', () => {
		const q = new AlarmQueue(10_000);
		q.push(alarm('due_soon', 's'), 0);
		expect(q.frame(1000, 60_000)).toBe('warn');
	});
	it('an alarm still waiting its turn keeps the frame on', () => {
		const q = new AlarmQueue(10_000);
		q.push(alarm('level1', 'l'), 0);
		q.push(alarm('overdue', 'o'), 0);
		expect(q.frame(5000, 3000)).toBe('alarm');
	});
});

describe('wall display: focus rotation through live phases only', () => {
	const list = [inc('a'), inc('f', 'follow_up'), inc('b', 'initiation'), inc('c', 'resolution')];
	it('goes round the live incidents in the list’s order, skipping follow-up', () => {
		expect(nextFocus(list, 'a')).toBe('b');
		expect(nextFocus(list, 'c')).toBe('a');
	});
	it('starts from the first live incident when the focus has left (closed, or moved to follow-up)', () => expect(nextFocus(list, 'f')).toBe('a'));
	it('has nothing to focus on without live incidents', () => expect(nextFocus([inc('f', 'follow_up')], 'f')).toBeUndefined());
});

describe('wall display: the list shows what fits and pages', () => {
	it('counts the cards that fit, gaps between them, at least one', () => {
		expect(fitCount(700, 90, 10)).toBe(7); // 7 × 90 + 6 × 10 = 690
		expect(fitCount(689, 90, 10)).toBe(6);
		expect(fitCount(50, 90, 10)).toBe(1);
		expect(fitCount(500, 0, 10)).toBe(1);
	});
	it('30 incidents by 7: five pages, the last one of two, "N more" for the rest, wrapping round', () => {
		const items = Array.from({ length: 30 }, (_, i) => i);
		expect(pageOf(items, 7, 0)).toEqual({ page: 0, pages: 5, items: [0, 1, 2, 3, 4, 5, 6], hidden: 23 });
		expect(pageOf(items, 7, 4)).toMatchObject({ page: 4, items: [28, 29], hidden: 28 });
		expect(pageOf(items, 7, 5).page).toBe(0);
	});
	it('everything on one page leaves nothing hidden', () => expect(pageOf([1, 2], 7, 3)).toEqual({ page: 0, pages: 1, items: [1, 2], hidden: 0 }));
});
