import { describe, it, expect } from 'vitest';
import { defaultSection } from '$lib/client/incident-sections';

describe('the section that leads the incident page', () => {
	const cs = { roles: ['responder'], groups: ['customer_service'] };
	const lead = { roles: ['lead'], groups: ['leadership'] };
	it('customer service in containment → customers', () => expect(defaultSection({ phase: 'containment', ...cs })).toBe('customers'));
	it('a lead while the incident starts → the response group', () => expect(defaultSection({ phase: 'initiation', ...lead })).toBe('response'));
	it('a lead in the resolution phase → resolution', () => expect(defaultSection({ phase: 'resolution', ...lead })).toBe('resolution'));
	it('a lead on a phone → customers', () => expect(defaultSection({ phase: 'initiation', ...lead, narrow: true })).toBe('customers'));
	it('follow-up → follow-up, closed → review, whoever asks', () => {
		expect(defaultSection({ phase: 'follow_up', ...cs })).toBe('followup');
		expect(defaultSection({ phase: 'closed', ...cs, narrow: true })).toBe('review');
	});
});
