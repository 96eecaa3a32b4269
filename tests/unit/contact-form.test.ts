import { describe, expect, it } from 'vitest';
import { contactRequest } from '../../src/lib/client/contact-form';

const base = { channel: 'phone' as const, apologized: true, explained: true, needAsked: true, need: 'repair' as const, note: '' };

describe('the contact attempt both forms send', () => {
	it('a reach carries the guide’s checklist and the need asked', () => {
		expect(contactRequest({ ...base, outcome: 'reached' })).toEqual({ channel: 'phone', outcome: 'reached', apologized: true, explained: true, needAsked: true, need: 'repair' });
	});
	it('a failed attempt carries channel, outcome and a note only: no checklist', () => {
		expect(contactRequest({ ...base, outcome: 'no_answer', note: '关机' })).toEqual({ channel: 'phone', outcome: 'no_answer', note: '关机' });
	});
	it('no need when it was not asked; a commitment with its time as an instant', () => {
		const r = contactRequest({ ...base, outcome: 'reached', needAsked: false, commitment: '24 小时内上门', commitmentDueAt: '2026-12-03T10:00' });
		expect(r).not.toHaveProperty('need');
		expect(r).toMatchObject({ commitment: '24 小时内上门', commitmentDueAt: new Date('2026-12-03T10:00').toISOString() });
	});
});
