// Reading an OpenAPI 3.1 document for the /api-docs page: operations by tag, $ref resolution and
// a compact description of a JSON Schema (type label, constraints, child fields).
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface OperationView {
	method: (typeof METHODS)[number];
	path: string;
	tag: string;
	op: Json;
}
export interface Field {
	name: string;
	schema: Json;
	required: boolean;
}

export function operations(doc: Json): OperationView[] {
	return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
		METHODS.filter((m) => (item as Json)[m]).map((method) => ({ method, path, tag: (item as Json)[method].tags?.[0] ?? 'Other', op: (item as Json)[method] as Json }))
	);
}

export function matches(view: OperationView, query: string): boolean {
	const q = query.trim().toLowerCase();
	return (
		!q ||
		[view.method, view.path, view.tag, view.op.summary, view.op['x-summary-zh'], view.op.description, view.op.operationId].some((s) =>
			String(s ?? '')
				.toLowerCase()
				.includes(q)
		)
	);
}

/** Follows a local `$ref` (`#/components/...`) to its target; anything else is returned as is. */
export function resolve(doc: Json, node: Json | undefined): Json {
	let n = node ?? {};
	for (let i = 0; n.$ref && i < 10; i++)
		n =
			String(n.$ref)
				.replace(/^#\//, '')
				.split('/')
				.reduce((o: Json, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc) ?? {};
	return n;
}

const refName = (s: Json) => (s.$ref ? String(s.$ref).split('/').pop() : undefined);

export function typeLabel(doc: Json, s: Json): string {
	const name = refName(s);
	if (name) return name;
	if (s.const !== undefined) return JSON.stringify(s.const);
	if (s.enum) return s.enum.map((v: unknown) => JSON.stringify(v)).join(' | ');
	const variants = s.anyOf ?? s.oneOf;
	if (variants) return variants.map((v: Json) => typeLabel(doc, v)).join(' | ');
	if (s.type === 'array') return `${typeLabel(doc, s.items ?? {})}[]`;
	const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
	return s.format ? `${type} (${s.format})` : type;
}

export function constraints(s: Json): string[] {
	const pairs: [string, string][] = [
		['minLength', 'min length'],
		['maxLength', 'max length'],
		['minimum', '≥'],
		['maximum', '≤'],
		['minItems', 'min items'],
		['maxItems', 'max items'],
		['pattern', 'pattern']
	];
	return [...pairs.filter(([k]) => s[k] !== undefined).map(([k, label]) => `${label} ${s[k]}`), ...(s.default !== undefined ? [`default ${JSON.stringify(s.default)}`] : [])];
}

/** The fields inside a schema: an object's properties, an array's items' properties, a union's object variant's. */
export function children(doc: Json, node: Json): Field[] {
	const s = resolve(doc, node);
	if (s.type === 'array') return children(doc, s.items ?? {});
	if (s.properties) return Object.entries(s.properties as Json).map(([name, schema]) => ({ name, schema: schema as Json, required: (s.required ?? []).includes(name) }));
	const variant = (s.anyOf ?? s.oneOf ?? []).find((v: Json) => children(doc, v).length);
	return variant ? children(doc, variant) : [];
}
