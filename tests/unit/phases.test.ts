// The gates between the phases (guide §四: every phase ends with its outputs), rule by rule.
import { describe, it, expect } from 'vitest';
import { gateConditions, satisfactionSettled, unmetConditions, type ClosingFacts, type FollowUpFacts } from '$lib/domain/phases';

const keys = (u: { key: string }[]) => u.map((c) => c.key);
const noSolutions = { solutionsReady: 0, solutionsAwaitingApproval: 0, solutionsInExecution: 0, solutionsAwaitingCheck: 0 };
const followUp = (over: Partial<FollowUpFacts>): FollowUpFacts => ({ ...noSolutions, confirmationsMissing: 0, ...over });
const closing = (over: Partial<ClosingFacts>): ClosingFacts => ({
	postmortemComplete: true,
	improvements: 1,
	surveyed: 10,
	rate: 0.9,
	target: 0.8,
	reachedCustomers: 10,
	followUpsOpen: 0,
	...over
});

describe('phase gates', () => {
	it('containment waits for the leader seat filled and acknowledged and the notice published', () => {
		expect(keys(unmetConditions('containment', { leaderSeat: 'vacant', noticesPublished: 0 }))).toEqual(['leader_not_acknowledged', 'notice_not_published']);
		expect(unmetConditions('containment', { leaderSeat: 'vacant', noticesPublished: 1 })[0].en).toBe('the leader seat is not filled');
		expect(unmetConditions('containment', { leaderSeat: 'assigned', noticesPublished: 1 })[0].zh).toBe('牵头人尚未确认到岗');
		expect(keys(unmetConditions('containment', { leaderSeat: 'acknowledged', noticesPublished: 0 }))).toEqual(['notice_not_published']);
		expect(unmetConditions('containment', { leaderSeat: 'acknowledged', noticesPublished: 2 })).toEqual([]);
	});

	it('resolution waits for every customer reached or decided unreachable', () => {
		expect(keys(unmetConditions('resolution', { customersOpen: 2 }))).toEqual(['customers_not_contacted']);
		expect(unmetConditions('resolution', { customersOpen: 0 })).toEqual([]);
	});

	it('follow-up waits for an approved, executed, checked solution', () => {
		// the only solution still awaiting approval: refused, and the message says how far each got
		const pending = unmetConditions('follow_up', followUp({ solutionsAwaitingApproval: 1 }));
		expect(keys(pending)).toEqual(['solution_not_checked']);
		expect(pending[0].en).toBe('no solution is approved, executed and quality-checked yet (1 awaiting approval)');
		expect(pending[0].zh).toBe('尚无经审批、实施并通过质量检查的解决方案（1 个待审批）');
		expect(unmetConditions('follow_up', followUp({}))[0].en).toContain('none proposed');
		// approved but being executed, executed but not (or not yet successfully) checked: still refused
		expect(keys(unmetConditions('follow_up', followUp({ solutionsInExecution: 1 })))).toEqual(['solution_not_checked']);
		expect(unmetConditions('follow_up', followUp({ solutionsAwaitingCheck: 2 }))[0].en).toContain('2 awaiting a passed quality check');
		// one solution through all three: open, whatever the others do
		expect(unmetConditions('follow_up', followUp({ solutionsReady: 1, solutionsAwaitingApproval: 3 }))).toEqual([]);
	});

	it('follow-up waits for every reached customer’s confirmation or a recorded reason', () => {
		const u = unmetConditions('follow_up', followUp({ solutionsReady: 1, confirmationsMissing: 3 }));
		expect(keys(u)).toEqual(['confirmations_missing']);
		expect(u[0].en).toBe('3 reached customer(s) without a confirmation of the fix or a recorded reason');
		expect(keys(unmetConditions('follow_up', followUp({ confirmationsMissing: 1 })))).toEqual(['solution_not_checked', 'confirmations_missing']);
	});

	it('closing waits for satisfaction or finished re-follow-ups', () => {
		// 0% at level 3 (target 80%) with the re-follow-ups open: refused
		const low = unmetConditions('closed', closing({ rate: 0, surveyed: 2, followUpsOpen: 2 }));
		expect(keys(low)).toEqual(['satisfaction_below_target']);
		expect(low[0].en).toBe('satisfaction 0% is below the target 80% and 2 re-follow-up task(s) are open');
		expect(low[0].zh).toBe('满意度 0% 低于目标 80%，且有 2 项重新跟进未完成');
		// the same rate with every re-follow-up done: open
		expect(unmetConditions('closed', closing({ rate: 0, surveyed: 2, followUpsOpen: 0 }))).toEqual([]);
		// at the target exactly: open, even with a re-follow-up still open
		expect(unmetConditions('closed', closing({ rate: 0.8, followUpsOpen: 1 }))).toEqual([]);
		// no survey at all while customers were reached: refused (nothing says they are satisfied)
		expect(unmetConditions('closed', closing({ rate: null, surveyed: 0 }))[0].en).toBe('no satisfaction survey is recorded (target 80%)');
		// nobody reached (an incident with no customers): nobody to survey
		expect(satisfactionSettled({ rate: null, surveyed: 0, target: 0.9, reachedCustomers: 0, followUpsOpen: 0 })).toBe(true);
	});

	it('closing waits for the post-mortem and at least one improvement, and lists every unmet condition', () => {
		expect(keys(unmetConditions('closed', closing({ postmortemComplete: false, improvements: 0, rate: 0.5, followUpsOpen: 1 })))).toEqual([
			'postmortem_incomplete',
			'no_improvements',
			'satisfaction_below_target'
		]);
	});

	it('the checklist lists every condition with whether it is met', () => {
		const list = gateConditions('containment', { leaderSeat: 'acknowledged', noticesPublished: 0 });
		expect(list.map((c) => [c.key, c.met])).toEqual([
			['leader_not_acknowledged', true],
			['notice_not_published', false]
		]);
		expect(gateConditions('initiation', {})).toEqual([]);
	});
});
