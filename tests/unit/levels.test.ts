import { describe, it, expect } from 'vitest';
import { determineLevel, affectedCount, DEFAULT_INPUTS, type LevelInputs } from '$lib/domain/levels';

const inputs = (over: Partial<LevelInputs> = {}): LevelInputs => ({ ...DEFAULT_INPUTS, ...over });
const level = (over: Partial<LevelInputs>, records = 0) => determineLevel(inputs(over), records).level;

describe('level determination (事件等级判定, the guide §2)', () => {
	it('no trigger at all → level 3 (single product failure)', () => expect(level({})).toBe(3));
	it('1 customer → level 3', () => expect(level({}, 1)).toBe(3));
	it('9 customers → level 3', () => expect(level({}, 9)).toBe(3));
	it('10 customers → level 2', () => expect(level({}, 10)).toBe(2));
	it('99 customers → level 2', () => expect(level({}, 99)).toBe(2));
	it('100 customers → level 1', () => expect(level({}, 100)).toBe(1));
	it('media exposure → level 1 even with one customer', () => expect(level({ mediaExposure: true }, 1)).toBe(1));
	it('personal injury → level 1', () => expect(level({ personalInjury: true })).toBe(1));
	it('serious property loss → level 1', () => expect(level({ propertyLoss: 'serious' })).toBe(1));
	it('major brand risk → level 1', () => expect(level({ majorBrandRisk: true })).toBe(1));
	it('regional service interruption → level 2', () => expect(level({ regionalInterruption: true })).toBe(2));
	it('significant customer loss → level 2', () => expect(level({ propertyLoss: 'significant' })).toBe(2));
	it('compensation demanded → level 2', () => expect(level({ compensationDemanded: true }, 3)).toBe(2));
	it('minor loss → level 3', () => expect(level({ propertyLoss: 'minor' })).toBe(3));
	it('20 customers + compensation → 2', () => expect(level({ compensationDemanded: true }, 20)).toBe(2));
	it('the estimate counts when it is larger than the records', () => {
		expect(affectedCount(inputs({ estimatedAffectedCustomers: 150 }), 12)).toBe(150);
		expect(level({ estimatedAffectedCustomers: 150 }, 12)).toBe(1);
	});
	it('the records count when they exceed the estimate', () => expect(level({ estimatedAffectedCustomers: 5 }, 12)).toBe(2));
	it('137 customers and media exposure → level 1 with both reasons', () => {
		const r = determineLevel(inputs({ mediaExposure: true }), 137);
		expect(r.level).toBe(1);
		expect(r.triggers.filter((t) => t.level === 1).map((t) => t.key)).toEqual(['customers_100_plus', 'media_exposure']);
		expect(r.en).toContain('137 affected customers');
		expect(r.en).toContain('media');
		expect(r.zh).toContain('媒体曝光');
		expect(r.zh).toContain('137');
	});
	it('the highest level wins and lower triggers are still listed', () => {
		const r = determineLevel(inputs({ personalInjury: true, compensationDemanded: true }), 5);
		expect(r.level).toBe(1);
		expect(r.triggers.map((t) => t.level)).toEqual([1, 2, 3]);
		expect(r.en).not.toContain('compensation');
	});
});
