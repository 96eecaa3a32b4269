// Phases of the emergency process (应急处理流程), PRODUCT.md §4, and the gates between them: the
// guide's §四 ends every phase with its outputs, and the next phase opens once they exist.
// Pure: the caller gathers the facts (one function per gate in the services).
import type { Phase } from './vocabulary';

export const PHASE_ORDER: readonly Phase[] = ['initiation', 'containment', 'resolution', 'follow_up', 'closed'];

/** Into containment: the response group is led and the notice is out. */
export interface ContainmentFacts {
	/** The leader seat: nobody on it, someone assigned, or its holder acknowledged ("I'm on it"). */
	leaderSeat: 'vacant' | 'assigned' | 'acknowledged';
	/** Published versions of the response notice (《应急响应通知》). */
	noticesPublished: number;
}

/** Into resolution: every customer reached or decided unreachable. */
export interface ResolutionFacts {
	/** Affected customers neither contacted nor marked unreachable. */
	customersOpen: number;
}

/** Into follow-up: a fix that is approved, executed and checked, and the customers' confirmations. */
export interface FollowUpFacts {
	/** Solutions approved, executed (`done`) and quality-checked (`passed`). */
	solutionsReady: number;
	/** Solutions still awaiting approval. */
	solutionsAwaitingApproval: number;
	/** Approved solutions not yet executed (`approved` or `in_progress`). */
	solutionsInExecution: number;
	/** Executed solutions without a passed quality check. */
	solutionsAwaitingCheck: number;
	/** Reached customers with neither a confirmation (《问题解决确认单》) nor a recorded reason for none. */
	confirmationsMissing: number;
}

/** Into closed: the review is held, something is to change, and the customers are satisfied or followed up again. */
export interface ClosingFacts {
	/** The 5W1H post-mortem has What, Why and How filled in. */
	postmortemComplete: boolean;
	/** Improvement measures recorded from the review. */
	improvements: number;
	/** Customers surveyed, the satisfaction rate (null before any survey) and the level's target. */
	surveyed: number;
	rate: number | null;
	target: number;
	/** Customers reached: with none, there is nobody to survey. */
	reachedCustomers: number;
	/** Re-follow-up tasks (重新跟进) still open. */
	followUpsOpen: number;
}

/** The facts each gate reads, by the phase it opens. */
export interface GateFactsFor {
	initiation: Record<string, never>;
	containment: ContainmentFacts;
	resolution: ResolutionFacts;
	follow_up: FollowUpFacts;
	closed: ClosingFacts;
}

export interface UnmetCondition {
	key: string;
	en: string;
	zh: string;
}

/** One line of a gate's checklist: what it asks for, whether it holds, in both languages. */
export interface GateCondition extends UnmetCondition {
	met: boolean;
}

export function nextPhase(phase: Phase): Phase | null {
	const i = PHASE_ORDER.indexOf(phase);
	return i >= 0 && i < PHASE_ORDER.length - 1 ? PHASE_ORDER[i + 1] : null;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The satisfaction condition of the closing gate: at the level's target, or every re-follow-up done (nobody reached: nobody to survey). */
export function satisfactionSettled(f: Pick<ClosingFacts, 'surveyed' | 'rate' | 'target' | 'reachedCustomers' | 'followUpsOpen'>): boolean {
	if (f.rate !== null && f.rate >= f.target - 1e-9) return true;
	if (f.surveyed > 0) return f.followUpsOpen === 0;
	return f.reachedCustomers === 0;
}

function containment(f: ContainmentFacts): GateCondition[] {
	return [
		f.leaderSeat === 'acknowledged'
			? { key: 'leader_not_acknowledged', met: true, en: 'the leader seat is filled and acknowledged', zh: '牵头人已就位并确认' }
			: f.leaderSeat === 'assigned'
				? { key: 'leader_not_acknowledged', met: false, en: 'the leader has not acknowledged the leader seat', zh: '牵头人尚未确认到岗' }
				: { key: 'leader_not_acknowledged', met: false, en: 'the leader seat is not filled', zh: '牵头席位尚无人就任' },
		f.noticesPublished > 0
			? { key: 'notice_not_published', met: true, en: 'the response notice is published', zh: '《应急响应通知》已发布' }
			: { key: 'notice_not_published', met: false, en: 'the response notice is not published', zh: '《应急响应通知》尚未发布' }
	];
}

function resolution(f: ResolutionFacts): GateCondition[] {
	return [
		f.customersOpen > 0
			? {
					key: 'customers_not_contacted',
					met: false,
					en: `${f.customersOpen} affected customer(s) not yet contacted or marked unreachable`,
					zh: `${f.customersOpen} 位受影响客户尚未联系或标记为无法联系`
				}
			: { key: 'customers_not_contacted', met: true, en: 'every affected customer is reached or decided unreachable', zh: '所有受影响客户均已联系或判定无法联系' }
	];
}

function followUp(f: FollowUpFacts): GateCondition[] {
	const waiting = [
		f.solutionsAwaitingApproval ? { en: `${f.solutionsAwaitingApproval} awaiting approval`, zh: `${f.solutionsAwaitingApproval} 个待审批` } : null,
		f.solutionsInExecution ? { en: `${f.solutionsInExecution} being executed`, zh: `${f.solutionsInExecution} 个实施中` } : null,
		f.solutionsAwaitingCheck ? { en: `${f.solutionsAwaitingCheck} awaiting a passed quality check`, zh: `${f.solutionsAwaitingCheck} 个待质量检查通过` } : null
	].filter((w) => w !== null);
	return [
		f.solutionsReady > 0
			? { key: 'solution_not_checked', met: true, en: 'a solution is approved, executed and quality-checked', zh: '已有解决方案经审批、实施并通过质量检查' }
			: {
					key: 'solution_not_checked',
					met: false,
					en: `no solution is approved, executed and quality-checked yet${waiting.length ? ` (${waiting.map((w) => w.en).join(', ')})` : ' (none proposed)'}`,
					zh: `尚无经审批、实施并通过质量检查的解决方案${waiting.length ? `（${waiting.map((w) => w.zh).join('、')}）` : '（尚未提出方案）'}`
				},
		f.confirmationsMissing > 0
			? {
					key: 'confirmations_missing',
					met: false,
					en: `${f.confirmationsMissing} reached customer(s) without a confirmation of the fix or a recorded reason`,
					zh: `${f.confirmationsMissing} 位已联系客户尚无《问题解决确认单》或免确认原因`
				}
			: { key: 'confirmations_missing', met: true, en: 'every reached customer confirmed the fix (or a reason is recorded)', zh: '已联系客户均已确认（或已记录原因）' }
	];
}

function closing(f: ClosingFacts): GateCondition[] {
	const satisfied = satisfactionSettled(f);
	return [
		f.postmortemComplete
			? { key: 'postmortem_incomplete', met: true, en: 'the 5W1H post-mortem is complete', zh: '5W1H 复盘报告已完成' }
			: { key: 'postmortem_incomplete', met: false, en: 'the 5W1H post-mortem is not complete (What, Why and How)', zh: '5W1H 复盘报告未完成（What、Why、How）' },
		f.improvements > 0
			? { key: 'no_improvements', met: true, en: `${f.improvements} improvement measure(s) recorded`, zh: `已登记 ${f.improvements} 项改进措施` }
			: { key: 'no_improvements', met: false, en: 'no improvement measure is recorded', zh: '尚未登记改进措施' },
		satisfied
			? f.rate !== null && f.rate >= f.target - 1e-9
				? { key: 'satisfaction_below_target', met: true, en: `satisfaction ${pct(f.rate)} meets the target ${pct(f.target)}`, zh: `满意度 ${pct(f.rate)} 已达目标 ${pct(f.target)}` }
				: f.surveyed > 0
					? { key: 'satisfaction_below_target', met: true, en: 'every re-follow-up task is done', zh: '重新跟进任务均已完成' }
					: { key: 'satisfaction_below_target', met: true, en: 'no customer was reached: nobody to survey', zh: '无已联系客户，无需满意度调查' }
			: f.surveyed === 0
				? {
						key: 'satisfaction_below_target',
						met: false,
						en: `no satisfaction survey is recorded (target ${pct(f.target)})`,
						zh: `尚无满意度调查（目标 ${pct(f.target)}）`
					}
				: {
						key: 'satisfaction_below_target',
						met: false,
						en: `satisfaction ${pct(f.rate ?? 0)} is below the target ${pct(f.target)} and ${f.followUpsOpen} re-follow-up task(s) are open`,
						zh: `满意度 ${pct(f.rate ?? 0)} 低于目标 ${pct(f.target)}，且有 ${f.followUpsOpen} 项重新跟进未完成`
					}
	];
}

/** The checklist of the gate into `target`: every condition, met or not. */
export function gateConditions<P extends Phase>(target: P, facts: GateFactsFor[P]): GateCondition[] {
	switch (target) {
		case 'containment':
			return containment(facts as ContainmentFacts);
		case 'resolution':
			return resolution(facts as ResolutionFacts);
		case 'follow_up':
			return followUp(facts as FollowUpFacts);
		case 'closed':
			return closing(facts as ClosingFacts);
		default:
			return [];
	}
}

/** What must hold before `target` can be entered; an empty list means the gate is open. */
export function unmetConditions<P extends Phase>(target: P, facts: GateFactsFor[P]): UnmetCondition[] {
	return gateConditions(target, facts)
		.filter((c) => !c.met)
		.map(({ key, en, zh }) => ({ key, en, zh }));
}

/** Phases in which an incident is worked live; follow-up and closed incidents wait for nobody's seat or alarm. */
export const LIVE_PHASES: readonly Phase[] = ['initiation', 'containment', 'resolution'];
export const isLivePhase = (p: Phase): boolean => LIVE_PHASES.includes(p);
