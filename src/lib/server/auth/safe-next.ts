// Where the browser goes after signing in (`/login?next=…`): a path on this site, or '/'.
// Browsers read `\` as `/` and drop tabs and newlines inside a URL, so `/\evil.example` and
// `/<tab>/evil.example` are another site to them although they start with one slash; and a
// CR or LF cannot be sent in a Location header at all (that was a 500).

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSAFE = /[\\\u0000-\u001f\u007f]/;

/**
 * Percent-escapes decoded byte by byte until nothing changes (double encoding too). Never throws on
 * a malformed sequence; enough to see a backslash, a control character or a leading `//`.
 */
function decodedBytes(s: string): string {
	let out = s;
	for (let i = 0; i < 5; i++) {
		const next = out.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
		if (next === out) break;
		out = next;
	}
	return out;
}

/** No backslash, no control character, no leading `//`: raw or decoded. */
function plainPath(s: string): boolean {
	const decoded = decodedBytes(s);
	return s.startsWith('/') && !UNSAFE.test(s) && !UNSAFE.test(decoded) && !s.startsWith('//') && !decoded.startsWith('//');
}

/**
 * `next` when it is a same-origin path without a backslash or a control character (raw or
 * percent-encoded, however often), resolved against `origin` and returned percent-encoded
 * (a Location header holds ASCII only); anything else is '/'.
 */
export function safeNext(next: string | null | undefined, origin: string): string {
	if (!next || next.length > 2000 || !plainPath(next)) return '/';
	let url: URL;
	try {
		url = new URL(next, origin);
	} catch {
		return '/';
	}
	const path = url.pathname + url.search + url.hash;
	// dot segments can leave "//" at the start of the resolved path: a network-path reference to a browser
	return url.origin === new URL(origin).origin && plainPath(path) ? path : '/';
}
