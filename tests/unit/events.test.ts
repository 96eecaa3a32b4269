import { describe, it, expect } from 'vitest';
import { redactForDisplay, SubscribePayload, type IncidentEvent } from '$lib/realtime/events';
import { applyToList } from '$lib/client/live-incidents';
import type { IncidentJson } from '$lib/api/schemas';

const ev = (over: Partial<IncidentEvent>): IncidentEvent => ({ incidentId: 'i1', seq: 1, type: 'incident.updated', at: '2026-11-23T08:00:00.000Z', actor: { id: 'u', name: '王' }, data: {}, ...over });

describe('display redaction', () => {
	it('removes customer personal data at any depth, keeps the rest', () => {
		const e = ev({ type: 'customer.added', data: { count: 2, customers: [{ name: '张三', phone: '138****5678' }], customer: { name: 'x' }, nested: { list: [{ phone: '1', status: 'pending' }] } } });
		const r = redactForDisplay(e);
		expect(r.data).toEqual({ count: 2, nested: { list: [{ status: 'pending' }] } });
		expect(JSON.stringify(r)).not.toContain('138');
		expect(e.data.customers).toBeDefined();
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
		const list = applyToList([inc({ id: 'a', level: 3 })], ev({ incidentId: 'b', data: { incident: inc({ id: 'b', level: 1 }) } }));
		expect(list.map((i) => i.id)).toEqual(['b', 'a']);
	});
	it('replaces an incident only with a newer version', () => {
		const list = [inc({ version: 3, title: 'new' })];
		expect(applyToList(list, ev({ data: { incident: inc({ version: 2, title: 'old' }) } }))[0].title).toBe('new');
		expect(applyToList(list, ev({ data: { incident: inc({ version: 4, title: 'newer' }) } }))[0].title).toBe('newer');
	});
	it('drops closed incidents', () => expect(applyToList([inc({})], ev({ data: { incident: inc({ version: 2, phase: 'closed' }) } }))).toEqual([]));
});
