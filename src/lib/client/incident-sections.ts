// The incident page's sections and which one leads: the work of the caller's role in the current
// phase. Pure, so the rule has its own unit test.
import type { Phase } from '$lib/domain/vocabulary';

export const SECTIONS = ['customers', 'response', 'measures', 'resolution', 'followup', 'review', 'timeline'] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * Closed → the review (its archive); follow-up → the follow-up; customer service → the customers
 * while the incident is live; a lead → the response group while it starts, the resolution in its
 * phase; on a phone in a live phase → the customers; otherwise the customers.
 */
export function defaultSection(p: { phase: Phase; roles: readonly string[]; groups: readonly string[]; narrow?: boolean }): Section {
	if (p.phase === 'closed') return 'review';
	if (p.phase === 'follow_up') return 'followup';
	if (p.groups.includes('customer_service') || p.narrow) return 'customers';
	const lead = p.roles.includes('lead') || p.roles.includes('admin');
	if (lead && p.phase === 'initiation') return 'response';
	if (p.phase === 'resolution') return 'resolution';
	return 'customers';
}
