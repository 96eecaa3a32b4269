// Chinese text uses full-width punctuation next to Chinese: （）：，；, and `80%` without a space.
// `fullWidth` converts the half-width marks that touch a Han character (or a full-width mark);
// ASCII stays where it is code-like: times (12:30), URLs, placeholders ({count}), English phrases.
// `halfWidthNextToHan` finds what is left, for the tests that scan dictionaries and pages.

/** A Han character or CJK punctuation (、。「」（）：，； …). */
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const FULL: Record<string, string> = { '(': '（', ')': '）', ':': '：', ',': '，', ';': '；' };

const cjkAt = (chars: string[], i: number, step: -1 | 1): boolean => {
	let j = i + step;
	while (j >= 0 && j < chars.length && chars[j] === ' ') j += step;
	return j >= 0 && j < chars.length && CJK.test(chars[j]);
};

/** Converts half-width ( ) : , ; touching Chinese into full-width (spaces around them dropped), and `80 %` into `80%` in Chinese text. */
export function fullWidth(text: string): string {
	const chars = [...text];
	const convert = new Set<number>();
	const open: number[] = [];
	const pairs = new Map<number, number>();
	chars.forEach((c, i) => {
		if (c === '(') open.push(i);
		else if (c === ')' && open.length) {
			const o = open.pop()!;
			pairs.set(o, i).set(i, o);
		}
	});
	chars.forEach((c, i) => {
		if (!(c in FULL)) return;
		// a colon between digits is a time, a colon before // is a URL
		if (c === ':' && /\d/.test(chars[i - 1] ?? '') && /\d/.test(chars[i + 1] ?? '')) return;
		if (c === ':' && chars[i + 1] === '/' && chars[i + 2] === '/') return;
		const before = cjkAt(chars, i, -1);
		const after = cjkAt(chars, i, 1);
		// an opening parenthesis counts what precedes it or its first content; a closing one likewise
		if (before || after) {
			convert.add(i);
			if (pairs.has(i)) convert.add(pairs.get(i)!);
		}
	});
	let out = '';
	chars.forEach((c, i) => {
		if (convert.has(i)) {
			out = out.replace(/ +$/, '') + FULL[c];
		} else if (c === ' ' && convert.has(i - 1 - countSpacesBefore(chars, i))) {
			// drop spaces after a converted mark
		} else out += c;
	});
	return CJK.test(out) ? out.replace(/(\d) +%/g, '$1%') : out;
}

function countSpacesBefore(chars: string[], i: number): number {
	let n = 0;
	while (i - 1 - n >= 0 && chars[i - 1 - n] === ' ') n++;
	return n;
}

export interface PunctuationProblem {
	index: number;
	mark: string;
	context: string;
}

/** Every half-width ( ) : , ; directly next to a Han character (or full-width mark), and `80 %` in Chinese text. */
export function halfWidthNextToHan(text: string): PunctuationProblem[] {
	const problems: PunctuationProblem[] = [];
	const chars = [...text];
	chars.forEach((c, i) => {
		if (!(c in FULL)) return;
		if (CJK.test(chars[i - 1] ?? '') || CJK.test(chars[i + 1] ?? '')) {
			problems.push({ index: i, mark: c, context: chars.slice(Math.max(0, i - 8), i + 9).join('') });
		}
	});
	if (CJK.test(text)) for (const m of text.matchAll(/\d +%/g)) problems.push({ index: m.index, mark: '%', context: text.slice(Math.max(0, m.index - 8), m.index + 9) });
	return problems;
}
