import { describe, it, expect } from 'vitest';
import { isSatisfied, satisfaction, SATISFACTION_TARGET } from '$lib/domain/survey';

describe('satisfaction (满意度, the guide §4)', () => {
	it('a mean of exactly 4 is satisfied; 3.67 is not', () => {
		expect(isSatisfied({ speed: 4, result: 4, attitude: 4 })).toBe(true);
		expect(isSatisfied({ speed: 5, result: 3, attitude: 4 })).toBe(true);
		expect(isSatisfied({ speed: 4, result: 4, attitude: 3 })).toBe(false);
	});
	it('targets: level 1 ≥ 90 %, level 2 ≥ 85 %, level 3 ≥ 80 %', () => expect(SATISFACTION_TARGET).toEqual({ 1: 0.9, 2: 0.85, 3: 0.8 }));
	it('4 of 5 satisfied meets level 3 exactly but not level 2', () => {
		const s = [true, true, true, true, false].map((satisfied) => ({ satisfied }));
		expect(satisfaction(s, 3)).toMatchObject({ surveyed: 5, satisfied: 4, rate: 0.8, met: true });
		expect(satisfaction(s, 2).met).toBe(false);
	});
	it('no survey yet: no rate, nothing met or missed', () => expect(satisfaction([], 1)).toMatchObject({ rate: null, met: null }));
});
