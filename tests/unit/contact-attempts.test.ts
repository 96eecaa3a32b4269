// Contact attempts and the unreachable decision (issue #17): each rule named.
import { describe, it, expect } from 'vitest';
import { contactDeadline, deadlineStatus, type StoredDeadline } from '$lib/domain/deadlines';
import { attemptEffect, attemptOutcome, orderedChannels, unreachableUnmet, DEFAULT_UNREACHABLE_RULE } from '$lib/domain/contact-attempts';
import { ContactRequest } from '$lib/api/schemas';
import { loadConfig } from '$lib/server/config';

const T0 = new Date('2026-11-23T08:00:00.000Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const keys = (u: { key: string }[]) => u.map((c) => c.key);

describe('contact attempts', () => {
	it('one failed call leaves a level-3 deadline running', () => {
		const d: StoredDeadline = { ...contactDeadline(T0, 3), firstContactAt: null, unreachableAt: null };
		const effect = attemptEffect(d, false, at(10));
		expect(effect).toEqual({ clearsUnreachable: false });
		const after = { ...d, ...effect };
		expect(deadlineStatus(after, at(10))).toBe('pending');
		expect(deadlineStatus(after, at(96))).toBe('due_soon');
		expect(deadlineStatus(after, at(120))).toBe('overdue');
		// the reach, late: met late
		const reach = attemptEffect(after, true, at(130));
		expect(reach).toEqual({ clearsUnreachable: false, firstContactAt: at(130), firstContactOnTime: false });
		expect(deadlineStatus({ ...after, firstContactAt: reach.firstContactAt! }, at(130))).toBe('met_late');
	});

	it('a reach clears an unreachable decision and settles the deadline as met when in time', () => {
		const d: StoredDeadline = { ...contactDeadline(T0, 3), firstContactAt: null, unreachableAt: at(60) };
		expect(deadlineStatus(d, at(70))).toBe('unreachable');
		const reach = attemptEffect(d, true, at(90));
		expect(reach).toEqual({ clearsUnreachable: true, firstContactAt: at(90), firstContactOnTime: true });
		expect(deadlineStatus({ ...d, unreachableAt: null, firstContactAt: at(90) }, at(90))).toBe('met');
		// a later reach changes nothing more
		expect(attemptEffect({ ...d, unreachableAt: null, firstContactAt: at(90) }, true, at(200))).toEqual({ clearsUnreachable: false });
	});

	it('unreachable needs 3 attempts on 2 channels', () => {
		expect(DEFAULT_UNREACHABLE_RULE).toEqual({ minAttempts: 3, minChannels: 2 });
		expect(keys(unreachableUnmet({ failedAttempts: 0, failedChannels: [] }))).toEqual(['too_few_attempts', 'too_few_channels']);
		expect(keys(unreachableUnmet({ failedAttempts: 3, failedChannels: ['phone'] }))).toEqual(['too_few_channels']);
		expect(keys(unreachableUnmet({ failedAttempts: 2, failedChannels: ['phone', 'sms'] }))).toEqual(['too_few_attempts']);
		expect(unreachableUnmet({ failedAttempts: 3, failedChannels: ['phone', 'sms'] })).toEqual([]);
		// each condition in both languages, with the counts
		const [attempts, channels] = unreachableUnmet({ failedAttempts: 1, failedChannels: ['phone'] });
		expect(attempts.en).toBe('1 of at least 3 failed contact attempts recorded');
		expect(attempts.zh).toContain('至少需要 3 次');
		expect(channels.en).toContain('1 of at least 2 different channels');
		expect(channels.zh).toContain('至少需要 2 种');
		// configurable
		expect(unreachableUnmet({ failedAttempts: 1, failedChannels: ['phone'] }, { minAttempts: 1, minChannels: 1 })).toEqual([]);
		expect(keys(unreachableUnmet({ failedAttempts: 4, failedChannels: ['phone', 'sms'] }, { minAttempts: 5, minChannels: 3 }))).toEqual(['too_few_attempts', 'too_few_channels']);
	});

	it('reached and outcome are derived from each other, and refused when they contradict', () => {
		expect(attemptOutcome(undefined, undefined)).toEqual({ reached: true, outcome: 'reached' });
		expect(attemptOutcome(false, undefined)).toEqual({ reached: false, outcome: 'no_answer' });
		expect(attemptOutcome(undefined, 'busy')).toEqual({ reached: false, outcome: 'busy' });
		expect(attemptOutcome(true, 'reached')).toEqual({ reached: true, outcome: 'reached' });
		expect(attemptOutcome(true, 'switched_off')).toBeNull();
		expect(attemptOutcome(false, 'reached')).toBeNull();
		expect(orderedChannels(['sms', 'phone', 'sms', ''])).toEqual(['phone', 'sms']);
	});

	it('the contact request: channel defaults to phone, a contradiction is a 400 naming outcome', () => {
		expect(ContactRequest.parse({ reached: false })).toMatchObject({ channel: 'phone', reached: false, outcome: 'no_answer' });
		expect(ContactRequest.parse({ channel: 'sms', outcome: 'no_answer' })).toMatchObject({ channel: 'sms', reached: false });
		const bad = ContactRequest.safeParse({ reached: true, outcome: 'busy', apologized: true, explained: true, needAsked: false });
		expect(bad.success).toBe(false);
		expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['outcome']);
		expect(ContactRequest.safeParse({ channel: 'fax', reached: false }).success).toBe(false);
	});

	it('the rule is the server’s setting: 3 attempts on 2 channels unless configured', () => {
		expect(loadConfig({}).unreachable).toEqual({ minAttempts: 3, minChannels: 2 });
		expect(loadConfig({ WARROOM_UNREACHABLE_MIN_ATTEMPTS: '5', WARROOM_UNREACHABLE_MIN_CHANNELS: '3' }).unreachable).toEqual({ minAttempts: 5, minChannels: 3 });
		expect(() => loadConfig({ WARROOM_UNREACHABLE_MIN_CHANNELS: '0' })).toThrow(/WARROOM_UNREACHABLE_MIN_CHANNELS/);
	});
});
