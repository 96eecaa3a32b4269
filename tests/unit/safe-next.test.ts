// After signing in the browser goes to `next` only when that is a path on this site: every way of
// writing another site that a browser understands (backslash, tab, newline, double slash, a scheme,
// percent-encoded or not) falls back to '/', and a good path survives with its query and fragment.
import { describe, it, expect } from 'vitest';
import { safeNext } from '../../src/lib/server/auth/safe-next';

const ORIGIN = 'https://warroom.example.com';

describe('safeNext', () => {
	it.each([
		// the reported vectors, as `url.searchParams.get('next')` hands them over (decoded once)
		['/\\evil.example'],
		['/\t/evil.example'],
		['/\\/evil.example'],
		['\r\nSet-Cookie: x=1'],
		['/\r\nSet-Cookie: x=1'],
		['/incidents\nLocation: https://evil.example'],
		// the same, still percent-encoded (double-encoded in the query)
		['/%5Cevil.example'],
		['/%09/evil.example'],
		['/%0d%0aSet-Cookie:x'],
		['/%255Cevil.example'],
		['/%2F%2Fevil.example'],
		['/%2f/evil.example'],
		['/%252F%252Fevil.example'],
		// other sites and schemes
		['//evil.example'],
		['///evil.example'],
		['https://evil.example'],
		['http:evil.example'],
		['javascript:alert(1)'],
		['JavaScript:alert(1)'],
		['data:text/html,<script>alert(1)</script>'],
		[' /incidents'],
		['\t/incidents'],
		// dot segments that resolve to a leading "//"
		['/a/../..//evil.example'],
		['/.//evil.example'],
		['/\u0000x'],
		['/x\u007f'],
		['evil.example'],
		[''],
		[null],
		[undefined],
		['/' + 'a'.repeat(2001)]
	])('%j → /', (next) => {
		expect(safeNext(next, ORIGIN)).toBe('/');
	});

	it.each([
		['/', '/'],
		['/incidents/abc?tab=x#y', '/incidents/abc?tab=x#y'],
		['/warroom', '/warroom'],
		['/review/0b7e?x=1&y=2', '/review/0b7e?x=1&y=2'],
		['/metrics/report?month=2026-11', '/metrics/report?month=2026-11'],
		// not ASCII: percent-encoded, since a Location header carries ASCII only
		['/incidents?q=电池', '/incidents?q=%E7%94%B5%E6%B1%A0'],
		['/a/./b/../c', '/a/c']
	])('%j stays (%j)', (next, expected) => {
		expect(safeNext(next, ORIGIN)).toBe(expected);
	});
});
