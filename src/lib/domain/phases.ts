// Phases of the emergency process (应急处理流程), PRODUCT.md §4, and the gates between them.
// Pure: the caller gathers the facts.
import type { Phase } from './vocabulary';

export const PHASE_ORDER: readonly Phase[] = ['initiation', 'containment', 'resolution', 'follow_up', 'closed'];

export interface GateFacts {
	/** Affected customers neither contacted nor marked unreachable. */
	customersOpen: number;
	/** The 5W1H post-mortem has What, Why and How filled in. */
	postmortemComplete?: boolean;
	/** Improvement measures recorded from the review. */
	improvements?: number;
}

export interface UnmetCondition {
	key: string;
	en: string;
	zh: string;
}

export function nextPhase(phase: Phase): Phase | null {
	const i = PHASE_ORDER.indexOf(phase);
	return i >= 0 && i < PHASE_ORDER.length - 1 ? PHASE_ORDER[i + 1] : null;
}

/** What must hold before `target` can be entered; an empty list means the gate is open. */
export function unmetConditions(target: Phase, facts: GateFacts): UnmetCondition[] {
	const unmet: UnmetCondition[] = [];
	if (target === 'resolution' && facts.customersOpen > 0) {
		unmet.push({
			key: 'customers_not_contacted',
			en: `${facts.customersOpen} affected customer(s) not yet contacted or marked unreachable`,
			zh: `${facts.customersOpen} 位受影响客户尚未联系或标记为无法联系`
		});
	}
	if (target === 'closed' && !facts.postmortemComplete) {
		unmet.push({ key: 'postmortem_incomplete', en: 'the 5W1H post-mortem is not complete (What, Why and How)', zh: '5W1H 复盘报告未完成(What、Why、How)' });
	}
	if (target === 'closed' && !facts.improvements) {
		unmet.push({ key: 'no_improvements', en: 'no improvement measure is recorded', zh: '尚未登记改进措施' });
	}
	return unmet;
}
