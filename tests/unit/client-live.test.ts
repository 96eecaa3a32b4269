// The logic of the live views' state classes: what the wall rotates to and when it alarms, which
// panel an event concerns, and how a post-mortem edit merges with someone else's save.
import { describe, it, expect } from 'vitest';
import { changesSeats, keepNewer } from '$lib/client/display-feed.svelte';
import { panelsOf, seatsCalling, upsertCustomers } from '$lib/client/incident-live.svelte';
import { PostmortemDraft } from '$lib/client/postmortem-draft.svelte';
import { ApiError } from '$lib/client/api';
import type { CustomerJson, IncidentJson, PostmortemJson } from '$lib/api/schemas';
import type { IncidentEvent } from '$lib/realtime/events';

const inc = (id: string, code = id.toUpperCase()) => ({ id, code, level: 2, phase: 'containment', version: 1 }) as IncidentJson;
const ev = (e: Omit<IncidentEvent, 'incidentId' | 'seq' | 'at' | 'actor'> & { incidentId?: string; seq?: number }): IncidentEvent =>
	({ incidentId: 'a', seq: 1, at: '2026-11-23T08:00:00.000Z', actor: { system: true }, ...e }) as IncidentEvent;

describe('wall display: refetch after a reconnect', () => {
	it('takes the server’s list, but not over a newer version a live event already brought', () => {
		const v = (id: string, version: number, title: string) => ({ ...inc(id), version, title, level: 2, identifiedAt: '2026-11-23T08:00:00.000Z' }) as IncidentJson;
		const merged = keepNewer([v('a', 3, 'fetched'), v('b', 5, 'fetched')], [v('a', 4, 'live'), v('b', 2, 'old'), v('c', 1, 'gone')]);
		expect(merged.map((i) => `${i.id}:${i.title}`).sort()).toEqual(['a:live', 'b:fetched']);
	});
});

describe('wall display: seats', () => {
	it('reloads the focus seats on seat changes and level changes only', () => {
		expect(changesSeats(ev({ type: 'response.seat_released', data: { seat: 'leader', group: 'leadership', userId: null } }))).toBe(true);
		expect(changesSeats(ev({ type: 'customer.revealed', data: { customerId: 'c', position: 1, fields: [] } }))).toBe(false);
	});
});

describe('incident page: events to panels', () => {
	it('a level change concerns the customer sheet (deadlines move) and the response group (seats are convened)', () => {
		expect(panelsOf(ev({ type: 'incident.level_changed', data: { from: 3, to: 2, automatic: true, reason: { en: '', zh: '' } } }))).toEqual(['customers', 'response']);
	});
	it('solutions go to the resolution panel, surveys to follow-up, the phase to the review', () => {
		expect(panelsOf(ev({ type: 'solution.approved', data: { solutionId: 's', kindName: { en: '', zh: '' }, comment: '' } }))).toEqual(['resolution']);
		expect(panelsOf(ev({ type: 'survey.recorded', data: { customerId: 'c', position: 1, satisfied: true, mean: 5, rate: 1, target: 0.9 } }))).toEqual(['followUp']);
		expect(panelsOf(ev({ type: 'incident.phase_changed', data: { from: 'resolution', to: 'follow_up' } }))).toEqual(['review']);
	});
	it('keeps customers in position order, a newer copy replacing the older', () => {
		const c = (id: string, position: number, name = id) => ({ id, position, name }) as CustomerJson;
		expect(upsertCustomers([c('x', 2), c('y', 1)], [c('x', 2, 'new'), c('z', 3)]).map((x) => `${x.position}${x.name}`)).toEqual(['1y', '2new', '3z']);
	});
	it('calls me when an escalation adds a seat for my group', () => {
		const e = ev({
			type: 'response.extended',
			data: { from: 3, to: 2, added: [{ seat: 'logistics', group: 'logistics', en: 'Logistics', zh: '物流' }], leader: null }
		}) as Parameters<typeof seatsCalling>[0];
		expect(seatsCalling(e, ['logistics'], 'zh')).toEqual(['物流']);
		expect(seatsCalling(e, ['pr'], 'en')).toEqual([]);
	});
});

describe('post-mortem draft: merging with another save', () => {
	const pm = (version: number, over: Partial<PostmortemJson> = {}): PostmortemJson => ({
		incidentId: 'a',
		version,
		dueAt: null,
		heldAt: null,
		what: '',
		why: { rootCause: '', directCause: '' },
		who: '',
		when: [],
		where: '',
		how: { wentWell: '', wentBadly: '' },
		improvementPoints: '',
		updatedBy: null,
		updatedAt: null,
		...over
	});

	it('takes their fields I did not touch, keeps mine, and saves against their version', async () => {
		const sent: Record<string, unknown>[] = [];
		const d = new PostmortemDraft(
			() => 'a',
			() => null,
			async (_id, body) => (sent.push(body), pm(3, { what: 'mine', who: 'theirs' }))
		);
		d.receive(pm(1));
		d.edit();
		d.draft!.what = 'mine';
		d.receive(pm(2, { who: 'theirs' }));
		expect(d.draft).toMatchObject({ what: 'mine', who: 'theirs' });
		expect(d.conflicts).toEqual({});
		await d.save();
		expect(sent).toEqual([{ version: 2, what: 'mine' }]);
		expect(d.draft).toBeNull();
	});

	it('a field we both changed waits for my decision, then saves against the newer version', async () => {
		const sent: Record<string, unknown>[] = [];
		const d = new PostmortemDraft(
			() => 'a',
			() => null,
			async (_id, body) => (sent.push(body), pm(3))
		);
		d.receive(pm(1));
		d.edit();
		d.draft!.what = 'mine';
		d.receive(pm(2, { what: 'theirs' }));
		expect(d.conflicts).toEqual({ what: 'theirs' });
		expect(d.base).toBe(1);
		d.resolve('what', 'mine');
		expect(d.base).toBe(2);
		await d.save();
		expect(sent).toEqual([{ version: 2, what: 'mine' }]);
	});

	it('saved at the same moment as someone else: merges and saves again once, when nothing conflicts', async () => {
		const sent: Record<string, unknown>[] = [];
		const d = new PostmortemDraft(
			() => 'a',
			() => null,
			async (_id, body) => {
				sent.push(body);
				if (sent.length === 1) throw new ApiError(409, 'version_conflict', 'changed', { current: pm(2, { where: 'line 3' }) });
				return pm(3);
			}
		);
		d.receive(pm(1));
		d.edit();
		d.draft!.what = 'mine';
		await d.save();
		expect(sent).toEqual([
			{ version: 1, what: 'mine' },
			{ version: 2, what: 'mine' }
		]);
	});

	it('tells the others which field I am in, and that I left it', () => {
		const told: [string, string | null, string | undefined][] = [];
		const d = new PostmortemDraft(
			() => 'a',
			() => ({ sendEditing: (id, field, text) => void told.push([id, field, text]) })
		);
		d.receive(pm(1, { what: 'x' }));
		d.edit();
		d.focus('what');
		d.blur('what');
		d.dispose();
		expect(told).toEqual([
			['a', 'what', 'x'],
			['a', null, undefined]
		]);
	});
});
