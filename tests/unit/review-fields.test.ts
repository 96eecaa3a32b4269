import { describe, it, expect } from 'vitest';
import { changedFields, rebase, toRequest } from '$lib/review/fields';

describe('post-mortem draft merge', () => {
	const start = { what: '', where: '', 'how.wentWell': '', 'when.resolved': '' };

	it('fields I did not touch follow the latest save; mine stay mine', () => {
		const draft = { ...start, 'how.wentWell': '客服响应快' };
		const latest = { ...start, what: '50 台手机电池鼓包' };
		const r = rebase(draft, start, latest);
		expect(r.conflicts).toEqual([]);
		expect(r.draft).toMatchObject({ what: '50 台手机电池鼓包', 'how.wentWell': '客服响应快' });
		// what I send after the merge is only my field
		expect(changedFields(r.draft, r.start)).toEqual({ 'how.wentWell': '客服响应快' });
	});

	it('a field both changed differently is a conflict, not an overwrite', () => {
		const r = rebase({ ...start, where: '仓库' }, start, { ...start, where: '物流' });
		expect(r.conflicts).toEqual(['where']);
		expect(r.draft.where).toBe('仓库');
		expect(changedFields(r.draft, r.start)).toEqual({ where: '仓库' });
	});

	it('the same value on both sides is no conflict and nothing left to send', () => {
		const r = rebase({ ...start, where: '仓库' }, start, { ...start, where: '仓库' });
		expect(r.conflicts).toEqual([]);
		expect(changedFields(r.draft, r.start)).toEqual({});
	});

	it('builds the nested PUT body of api.md', () => {
		expect(toRequest(3, { what: 'a', 'why.rootCause': 'b', 'how.wentBadly': 'c', 'when.resolved': 'd' })).toEqual({
			version: 3,
			what: 'a',
			why: { rootCause: 'b' },
			how: { wentBadly: 'c' },
			when: [{ key: 'resolved', annotation: 'd' }]
		});
	});
});
