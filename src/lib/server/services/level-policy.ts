// The level policy (PRODUCT.md §2–3): how a change of inputs or customer count moves the level,
// and what a new level brings with it inside the same transaction — the groups a raised level
// convenes (with its `response.extended` event) and every deadline not yet met recomputed with
// the new level's window from its own start.
import { DEFAULT_INPUTS, determineLevel, type Level, type LevelInputs } from '$lib/domain/levels';
import type { InTransactionParticipant } from '../unit-of-work';
import type { Change } from './incident-commands';
import type { IncidentRow } from './incident-view';
import { recomputeOpenDeadlines, recomputePostmortemDeadline } from './contact-deadlines';
import { extendResponse } from './response';
import { movedClock } from './incident-clock';

/**
 * The level after a change of inputs or customer count: a higher determined level escalates at
 * once (with an event); the same level refreshes the reason (e.g. "46 affected customers"); a
 * lower determined level keeps the current one (lowering is a lead's decision) but records the
 * triggers that now hold.
 */
export function redetermine(row: IncidentRow, inputs: LevelInputs, customerRecords: number): Change {
	const determined = determineLevel({ ...DEFAULT_INPUTS, ...inputs }, customerRecords);
	if (determined.level < row.level) {
		return {
			set: { level: determined.level, levelReason: determined },
			events: [{ type: 'incident.level_changed', data: { from: row.level as Level, to: determined.level, automatic: true, reason: { en: determined.en, zh: determined.zh } } }]
		};
	}
	if (determined.level === row.level && !row.levelReason.manual) return { set: { levelReason: determined }, events: [] };
	return { set: { levelReason: { ...row.levelReason, triggers: determined.triggers } }, events: [] };
}

/** Takes part in every incident change that moves the level. */
export const levelPolicy: InTransactionParticipant = {
	name: 'level policy',
	// A raised level convenes the new level's groups in the same transaction.
	async plan({ tx, now, before, set }) {
		if (set.level === undefined || set.level === before.level) return [];
		return extendResponse(tx, before.id, before.level as Level, set.level as Level, now);
	},
	// A new level moves every deadline not yet met, from its own start (PRODUCT.md §3).
	async apply({ tx, before, after }) {
		if (after.level === before.level) return;
		await recomputeOpenDeadlines(tx, after.id, after.level as Level);
		if (after.resolvedAt) await recomputePostmortemDeadline(tx, after.id, after.resolvedAt, after.level as Level);
	}
};

/** A new level or identification moves the incident's own running contact clock, with the change itself. */
export const incidentClockPolicy: InTransactionParticipant = {
	name: 'incident contact clock',
	async plan({ before, set }) {
		if (set.level !== undefined || set.identifiedAt !== undefined) Object.assign(set, movedClock(before, set));
		return [];
	}
};
