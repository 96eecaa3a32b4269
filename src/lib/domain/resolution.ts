// Resolution (问题解决), PRODUCT.md §4: who analyses the cause, the solution catalogue, and who
// approves a solution. Pure.
import type { Category } from './vocabulary';
import type { Level } from './levels';

/** The group that owns the cause analysis of each category. */
export const CAUSE_GROUP: Record<Category, 'tech_support' | 'quality_control' | 'logistics'> = {
	product_quality: 'tech_support',
	service_failure: 'quality_control',
	special_scenario: 'logistics'
};

export const SOLUTION_CATALOGUE: Record<Category, { key: string; en: string; zh: string }[]> = {
	product_quality: [
		{ key: 'repair', en: 'Repair', zh: '维修' },
		{ key: 'replacement', en: 'Replacement', zh: '更换' },
		{ key: 'recall', en: 'Recall', zh: '召回' }
	],
	service_failure: [
		{ key: 'process_fix', en: 'Process fix', zh: '优化流程' },
		{ key: 'training', en: 'Staff training', zh: '培训员工' },
		{ key: 'compensation', en: 'Compensate customers', zh: '补偿客户' }
	],
	special_scenario: [
		{ key: 'system_restore', en: 'Restore the system', zh: '恢复系统' },
		{ key: 'logistics_change', en: 'Change logistics', zh: '调整物流' },
		{ key: 'resource_coordination', en: 'Coordinate resources', zh: '协调资源' }
	]
};

export function solutionKind(category: Category, key: string): { key: string; en: string; zh: string } | null {
	if (key === 'other') return { key: 'other', en: 'Other', zh: '其他' };
	return SOLUTION_CATALOGUE[category].find((k) => k.key === key) ?? null;
}

/** Who approves at a level; whether someone may is `can(user, 'approve_solution', …)` in permissions.ts. */
export function approverOf(level: Level): { en: string; zh: string } {
	return level === 1 ? { en: 'the emergency leadership group', zh: '应急领导小组' } : { en: 'a department head (lead)', zh: '部门负责人' };
}
