// Text the database cannot store (NUL, unpaired surrogates) is refused at the boundary; the check
// names the field and stays linear on deeply nested bodies.
import { describe, it, expect } from 'vitest';
import { unstorableText, NUL_MESSAGE, SURROGATE_MESSAGE } from '../../src/lib/server/text-input';

describe('unstorableText', () => {
	it('names the first field, array index or key with a NUL character or an unpaired surrogate', () => {
		expect(unstorableText({ title: 'ok', inputs: { note: 'a\u0000b' } })).toEqual({ field: 'inputs.note', message: NUL_MESSAGE });
		expect(unstorableText([{ name: 'x' }, { name: '\u0000' }])?.field).toBe('1.name');
		expect(unstorableText({ ['bad\u0000key']: 1 })?.field).toBe('bad\\0key');
		expect(unstorableText('\u0000')?.field).toBe('(body)');
		expect(unstorableText({ title: 'a\uD800b' })).toEqual({ field: 'title', message: SURROGATE_MESSAGE });
		expect(unstorableText({ title: '\uDC00' })?.message).toBe(SURROGATE_MESSAGE);
	});

	it('accepts ordinary text, astral characters and non-strings', () => {
		expect(unstorableText({ title: '任秀兰 🔥 𐀀 ＡＢＣ', n: 1, b: true, z: null, when: new Date(0), list: ['\u202E'] })).toBeNull();
	});

	// No stopwatch (a loaded machine would make it flaky): a walk that is quadratic in the depth, or
	// recursive, does not finish this within the generous timeout or overflows the stack.
	it('walks a body nested 500,000 deep without overflowing the stack', { timeout: 60_000 }, () => {
		const deep = JSON.parse(`${'['.repeat(500_000)}"\\u0000"${']'.repeat(500_000)}`);
		expect(unstorableText(deep)?.field).toMatch(/^0(\.0)+$/);
		expect(unstorableText(JSON.parse(`${'['.repeat(500_000)}${']'.repeat(500_000)}`))).toBeNull();
	});
});
