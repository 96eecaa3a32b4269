// Temporary measures (临时措施) by category, PRODUCT.md §4 containment. Pure.
import type { Category } from './vocabulary';

export interface MeasureKind {
	key: string;
	en: string;
	zh: string;
	/** The backup resource kind the measure draws on, if any. */
	uses?: 'spare_product' | 'repair_tool' | 'emergency_fund';
}

export const MEASURE_CATALOGUE: Record<Category, MeasureKind[]> = {
	product_quality: [
		{ key: 'spare_product', en: 'Spare product', zh: '提供备用产品', uses: 'spare_product' },
		{ key: 'onsite_repair', en: 'On-site repair', zh: '上门检修', uses: 'repair_tool' },
		{ key: 'provisional_refund', en: 'Provisional refund', zh: '临时退款', uses: 'emergency_fund' }
	],
	service_failure: [
		{ key: 'apology_compensation', en: 'Apology compensation (e.g. coupon)', zh: '道歉补偿（如优惠券）', uses: 'emergency_fund' },
		{ key: 'expedited_handling', en: 'Expedited handling', zh: '加急处理' }
	],
	special_scenario: [
		{ key: 'adjusted_service_time', en: 'Adjusted service time', zh: '调整服务时间' },
		{ key: 'alternative', en: 'Alternative (e.g. store pick-up)', zh: '提供替代方案（如门店自提）' }
	]
};

export const OTHER_MEASURE: MeasureKind = { key: 'other', en: 'Other (free text)', zh: '其他（自定义）' };

/** The catalogue entry for `kind` in `category`, `other`, or null when it does not belong. */
export function measureKind(category: Category, kind: string): MeasureKind | null {
	if (kind === 'other') return OTHER_MEASURE;
	return MEASURE_CATALOGUE[category].find((k) => k.key === kind) ?? null;
}

export function allMeasureKinds(): string[] {
	return [...new Set(Object.values(MEASURE_CATALOGUE).flatMap((ks) => ks.map((k) => k.key))), 'other'];
}
