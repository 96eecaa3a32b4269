// Satisfaction (满意度), PRODUCT.md §3–4: a customer is satisfied when the mean of the three 1–5
// ratings is ≥ 4; the incident's rate over surveyed customers is held to the level's target. Pure.
import type { Level } from './levels';

export const SATISFACTION_TARGET: Record<Level, number> = { 1: 0.9, 2: 0.85, 3: 0.8 };

export interface Ratings {
	speed: number;
	result: number;
	attitude: number;
}

export function isSatisfied(r: Ratings): boolean {
	return (r.speed + r.result + r.attitude) / 3 >= 4;
}

export interface SatisfactionSummary {
	surveyed: number;
	satisfied: number;
	/** satisfied / surveyed, or null before any survey */
	rate: number | null;
	target: number;
	/** rate ≥ target (null before any survey) */
	met: boolean | null;
}

export function satisfaction(surveys: { satisfied: boolean }[], level: Level): SatisfactionSummary {
	const surveyed = surveys.length;
	const satisfied = surveys.filter((s) => s.satisfied).length;
	const rate = surveyed ? satisfied / surveyed : null;
	const target = SATISFACTION_TARGET[level];
	return { surveyed, satisfied, rate, target, met: rate === null ? null : rate >= target - 1e-9 };
}
