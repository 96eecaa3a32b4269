// Incident level determination (事件等级判定), PRODUCT.md §2: the highest level any input triggers.
// Pure: no I/O, no clock.

export type Level = 1 | 2 | 3;
export type PropertyLoss = 'none' | 'minor' | 'significant' | 'serious';

export interface LevelInputs {
	estimatedAffectedCustomers: number;
	mediaExposure: boolean;
	personalInjury: boolean;
	propertyLoss: PropertyLoss;
	regionalInterruption: boolean;
	compensationDemanded: boolean;
	majorBrandRisk: boolean;
}

export const DEFAULT_INPUTS: LevelInputs = {
	estimatedAffectedCustomers: 0,
	mediaExposure: false,
	personalInjury: false,
	propertyLoss: 'none',
	regionalInterruption: false,
	compensationDemanded: false,
	majorBrandRisk: false
};

export type TriggerKey =
	| 'customers_100_plus'
	| 'customers_10_99'
	| 'customers_1_9'
	| 'media_exposure'
	| 'personal_injury'
	| 'serious_property_loss'
	| 'major_brand_risk'
	| 'regional_interruption'
	| 'significant_loss'
	| 'compensation_demanded'
	| 'minor_loss'
	| 'baseline';

export interface Trigger {
	key: TriggerKey;
	level: Level;
	/** The scope column of the determination table: how many customers, or which input. */
	en: string;
	zh: string;
}

export interface LevelReason {
	level: Level;
	/** Every trigger that holds, highest level first. */
	triggers: Trigger[];
	en: string;
	zh: string;
	/** Set when a lead chose the level by hand; automatic reasons then leave it alone. */
	manual?: boolean;
}

/** The number the count rules use: customer records, or the estimate when it is larger. */
export function affectedCount(inputs: LevelInputs, customerRecords: number): number {
	return Math.max(customerRecords, inputs.estimatedAffectedCustomers || 0);
}

/** Every trigger that holds for these inputs, highest level (lowest number) first. */
export function levelTriggers(inputs: LevelInputs, customerRecords: number): Trigger[] {
	const n = affectedCount(inputs, customerRecords);
	const t: Trigger[] = [];
	if (n >= 100) t.push({ key: 'customers_100_plus', level: 1, en: `${n} affected customers (≥ 100)`, zh: `受影响客户 ${n} 人（≥100）` });
	if (inputs.mediaExposure) t.push({ key: 'media_exposure', level: 1, en: 'media / social-media exposure', zh: '媒体曝光' });
	if (inputs.personalInjury) t.push({ key: 'personal_injury', level: 1, en: 'personal injury', zh: '人身伤害' });
	if (inputs.propertyLoss === 'serious') t.push({ key: 'serious_property_loss', level: 1, en: 'serious property loss', zh: '严重财产损失' });
	if (inputs.majorBrandRisk) t.push({ key: 'major_brand_risk', level: 1, en: 'major brand risk', zh: '重大品牌风险' });
	if (n >= 10 && n < 100) t.push({ key: 'customers_10_99', level: 2, en: `${n} affected customers (10–99)`, zh: `受影响客户 ${n} 人（10–99）` });
	if (inputs.regionalInterruption) t.push({ key: 'regional_interruption', level: 2, en: 'regional service interruption', zh: '区域服务中断' });
	if (inputs.propertyLoss === 'significant') t.push({ key: 'significant_loss', level: 2, en: 'significant customer loss', zh: '客户较大损失' });
	if (inputs.compensationDemanded) t.push({ key: 'compensation_demanded', level: 2, en: 'compensation demanded', zh: '客户要求赔偿' });
	if (n >= 1 && n < 10) t.push({ key: 'customers_1_9', level: 3, en: `${n} affected customers (1–9)`, zh: `受影响客户 ${n} 人（1–9）` });
	if (inputs.propertyLoss === 'minor') t.push({ key: 'minor_loss', level: 3, en: 'minor loss', zh: '轻微损失' });
	if (t.length === 0) t.push({ key: 'baseline', level: 3, en: 'single product failure, no wider trigger', zh: '单一产品故障，无更高触发条件' });
	return t.sort((a, b) => a.level - b.level);
}

const LEVEL_NAME = {
	1: { en: 'Level 1 (major)', zh: '一级（重大）' },
	2: { en: 'Level 2 (serious)', zh: '二级（较大）' },
	3: { en: 'Level 3 (general)', zh: '三级（一般）' }
} as const;

export function levelName(level: Level, lang: 'en' | 'zh'): string {
	return LEVEL_NAME[level][lang];
}

/** The determined level and the reason that decided it: the triggers at that level. */
export function determineLevel(inputs: LevelInputs, customerRecords: number): LevelReason {
	const triggers = levelTriggers(inputs, customerRecords);
	const level = triggers[0].level;
	const deciding = triggers.filter((t) => t.level === level);
	return {
		level,
		triggers,
		en: `${LEVEL_NAME[level].en}: ${deciding.map((t) => t.en).join('; ')}`,
		zh: `${LEVEL_NAME[level].zh}：${deciding.map((t) => t.zh).join('；')}`
	};
}
