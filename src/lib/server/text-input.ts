// Text the database cannot store: PostgreSQL text and jsonb hold neither NUL characters nor unpaired
// UTF-16 surrogates (which JSON can carry as "\ud800"). Such input is refused at the boundary with a
// 400 naming the field, instead of failing in the database as a 500.

export const NUL_MESSAGE = 'must not contain NUL characters';
export const SURROGATE_MESSAGE = 'must be valid Unicode text (it has an unpaired surrogate)';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function problemOf(text: string): string | null {
	if (text.includes('\u0000')) return NUL_MESSAGE;
	if (LONE_SURROGATE.test(text)) return SURROGATE_MESSAGE;
	return null;
}

/**
 * The first key or string value (depth first, in order) that cannot be stored, with why; or null.
 * Iterative, and no path is built until one is found, so a deeply nested body stays linear.
 */
export function unstorableText(value: unknown): { field: string; message: string } | null {
	const nodes: { key: string; parent: number }[] = [];
	const pathOf = (at: number, key?: string) => {
		const keys = key === undefined ? [] : [key];
		for (let i = at; i >= 0; i = nodes[i].parent) keys.push(nodes[i].key);
		return keys.reverse().join('.') || '(body)';
	};
	const stack: [unknown, number][] = [[value, -1]];
	while (stack.length) {
		const [v, at] = stack.pop()!;
		if (typeof v === 'string') {
			const message = problemOf(v);
			if (message) return { field: pathOf(at), message };
		} else if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
			for (const [key, child] of Object.entries(v).reverse()) {
				const message = problemOf(key);
				// eslint-disable-next-line no-control-regex -- NUL is exactly what is replaced
				if (message) return { field: pathOf(at, key.replace(/\u0000/g, '\\0').replace(/[\uD800-\uDFFF]/g, '\uFFFD')), message };
				nodes.push({ key, parent: at });
				stack.push([child, nodes.length - 1]);
			}
		}
	}
	return null;
}
