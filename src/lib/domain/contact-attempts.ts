// Contact attempts and the unreachable decision (PRODUCT.md §3, issue #17). A failed attempt is
// only an attempt: the customer's deadline keeps running. "Unreachable" is a decision a
// customer-service member or a lead takes, with a reason, once enough attempts have failed on
// enough channels. Pure: the caller counts the attempts.
import { CONTACT_CHANNELS, type ContactChannel, type ContactOutcome } from './vocabulary';
import type { UnmetCondition } from './phases';
import { deadlineStatus, type StoredDeadline } from './deadlines';

/** How many failed attempts, over how many distinct channels, before a customer may be decided unreachable. */
export interface UnreachableRule {
	minAttempts: number;
	minChannels: number;
}

/** The guide's default: at least 3 failed attempts over at least 2 channels (configurable on the server). */
export const DEFAULT_UNREACHABLE_RULE: UnreachableRule = { minAttempts: 3, minChannels: 2 };

/** A customer's attempts so far. */
export interface AttemptStats {
	/** Every attempt, reached or not. */
	attempts: number;
	/** Attempts that did not reach the customer. */
	failedAttempts: number;
	/** The channels of the failed attempts (distinct). */
	failedChannels: readonly ContactChannel[];
}

/** The conditions of the rule not met yet by these attempts (key, en, zh); empty when the decision may be taken. */
export function unreachableUnmet(stats: Pick<AttemptStats, 'failedAttempts' | 'failedChannels'>, rule: UnreachableRule = DEFAULT_UNREACHABLE_RULE): UnmetCondition[] {
	const unmet: UnmetCondition[] = [];
	const channels = new Set(stats.failedChannels).size;
	if (stats.failedAttempts < rule.minAttempts) {
		unmet.push({
			key: 'too_few_attempts',
			en: `${stats.failedAttempts} of at least ${rule.minAttempts} failed contact attempts recorded`,
			zh: `已记录 ${stats.failedAttempts} 次未联系上的尝试，至少需要 ${rule.minAttempts} 次`
		});
	}
	if (channels < rule.minChannels) {
		unmet.push({
			key: 'too_few_channels',
			en: `failed attempts on ${channels} of at least ${rule.minChannels} different channels (phone, SMS, app, in person, other)`,
			zh: `仅通过 ${channels} 种渠道尝试联系，至少需要 ${rule.minChannels} 种不同渠道（电话、短信、App、上门、其他）`
		});
	}
	return unmet;
}

/** `reached` and `outcome` of one attempt, each derived from the other when absent; null when they contradict. */
export function attemptOutcome(reached: boolean | undefined, outcome: ContactOutcome | undefined): { reached: boolean; outcome: ContactOutcome } | null {
	if (outcome === undefined) return { reached: reached ?? true, outcome: reached === false ? 'no_answer' : 'reached' };
	if (reached !== undefined && reached !== (outcome === 'reached')) return null;
	return { reached: outcome === 'reached', outcome };
}

/** Channels in the vocabulary's order, each once. */
export function orderedChannels(channels: Iterable<string>): ContactChannel[] {
	const seen = new Set(channels);
	return CONTACT_CHANNELS.filter((c) => seen.has(c));
}

/** What one attempt changes on the customer's deadline. */
export interface AttemptEffect {
	/** The first reach: it settles the deadline (met, or met late). */
	firstContactAt?: Date;
	firstContactOnTime?: boolean;
	/** A reach clears an unreachable decision. */
	clearsUnreachable: boolean;
}

/**
 * The effect of an attempt at `at` on a stored deadline: a failed attempt changes nothing (the
 * deadline keeps running through due soon and overdue, its alarms with it); a reach clears an
 * unreachable decision and, the first time, settles the deadline as met or met late.
 */
export function attemptEffect(d: StoredDeadline, reached: boolean, at: Date): AttemptEffect {
	if (!reached) return { clearsUnreachable: false };
	const effect: AttemptEffect = { clearsUnreachable: d.unreachableAt !== null };
	if (!d.firstContactAt) {
		effect.firstContactAt = at;
		effect.firstContactOnTime = deadlineStatus({ ...d, unreachableAt: null, firstContactAt: at }, at) === 'met';
	}
	return effect;
}
