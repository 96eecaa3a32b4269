// The typed browser client against the OpenAPI document the server serves: every method of `api`
// sends a method and path the document lists, with its arguments in the path's parameters in order,
// and every operation a browser may call has a method. A client path that is not in the contract fails here.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { api, ApiError, type ApiTarget } from '../../src/lib/client/api';
import { openApiDocument } from '../../src/lib/server/openapi';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const doc = openApiDocument();
const operations = Object.entries(doc.paths ?? {}).flatMap(([template, item]) =>
	METHODS.filter((m) => (item as Record<string, unknown>)[m.toLowerCase()]).map((method) => ({
		key: `${method} ${template}`,
		method,
		pattern: new RegExp(`^${template.replace(/\{(\w+)\}/g, '([^/?]+)')}$`)
	}))
);

/** Operations the browser client leaves out on purpose. */
const NOT_IN_CLIENT = [
	'GET /api/v1/openapi.json', // read by the API reference page as a document
	'POST /api/v1/auth/token', // integrations; the browser signs in with a form and a cookie
	'DELETE /api/v1/auth/token',
	'POST /api/v1/inbound/alerts', // other systems' alerts
	'GET /api/v1/incidents/{id}/customers/{cid}/evidence/{eid}' // a download link: the evidence JSON carries its url
];

type Fn = (...args: unknown[]) => unknown;
/** Every method of the client by its dotted name (a function may carry methods of its own, like `incidents.response`). */
function methods(node: object, prefix = ''): [string, Fn][] {
	return Object.entries(node).flatMap(([k, v]): [string, Fn][] => {
		const name = prefix ? `${prefix}.${k}` : k;
		if (typeof v === 'function') return [[name, v as Fn], ...methods(v, name)];
		return v && typeof v === 'object' ? methods(v, name) : [];
	});
}

interface Sent {
	method: string;
	url: string;
}
/** Calls a client method with distinct arguments and records what it sent (or the target it returned). */
async function send(fn: Fn): Promise<{ sent: Sent; args: string[] }> {
	const args = Array.from({ length: fn.length }, (_, i) => `arg-${i}`);
	let sent: Sent | undefined;
	vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
		sent = { method: init.method ?? 'GET', url };
		return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
	});
	const out = fn(...args);
	if (out instanceof Promise) await out;
	else sent = out as ApiTarget;
	return { sent: sent!, args };
}

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('typed API client', () => {
	const all = methods(api);

	it('sends only methods and paths the OpenAPI document lists, arguments filling the path parameters in order', async () => {
		expect(all.length).toBeGreaterThan(60);
		for (const [name, fn] of all) {
			const { sent, args } = await send(fn);
			expect(sent, name).toBeDefined();
			const [path] = sent.url.split('?');
			const op = operations.find((o) => o.method === sent.method && o.pattern.test(path));
			expect(op, `${name}: ${sent.method} ${sent.url} is not in the OpenAPI document`).toBeDefined();
			const params = path.match(op!.pattern)!.slice(1).map(decodeURIComponent);
			expect(params, `${name} → ${op!.key}`).toEqual(args.slice(0, params.length));
		}
	});

	it('has a method for every operation a browser may call', async () => {
		const covered = new Set<string>();
		for (const [, fn] of methods(api)) {
			const { sent } = await send(fn);
			const op = operations.find((o) => o.method === sent.method && o.pattern.test(sent.url.split('?')[0]));
			if (op) covered.add(op.key);
		}
		const expected = operations.filter((o) => o.key.includes(' /api/v1/') && !NOT_IN_CLIENT.includes(o.key)).map((o) => o.key);
		expect(expected.filter((k) => !covered.has(k))).toEqual([]);
	});

	it('encodes path parameters and query values, leaving absent ones out', async () => {
		const seen: string[] = [];
		vi.stubGlobal('fetch', async (url: string) => (seen.push(url), new Response('{"items":[]}', { status: 200 })));
		await api.incidents.customers.list('a/b', { status: 'overdue' });
		await api.improvements.list({ overdue: true, status: undefined });
		await api.metrics.get({ from: new Date('2026-01-01T00:00:00Z'), granularity: 'quarter' });
		expect(seen).toEqual(['/api/v1/incidents/a%2Fb/customers?status=overdue', '/api/v1/improvements?overdue=true', '/api/v1/metrics?from=2026-01-01T00%3A00%3A00.000Z&granularity=quarter']);
		expect(api.metrics.csvTarget({ months: 12 })).toEqual({ method: 'GET', url: '/api/v1/metrics?format=csv&months=12' });
		expect(api.incidents.customers.addTarget('i1', { validRowsOnly: true })).toEqual({ method: 'POST', url: '/api/v1/incidents/i1/customers?validRowsOnly=true' });
	});

	it('sends JSON bodies and unwraps the error envelope', async () => {
		const requests: { url: string; init: RequestInit }[] = [];
		vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
			requests.push({ url, init });
			return new Response(JSON.stringify({ error: { code: 'version_conflict', message: 'changed', details: { current: { version: 3 } } } }), { status: 409 });
		});
		const err = await api.incidents.update('i1', { version: 2, title: 'New title' }).catch((e) => e);
		expect(err).toBeInstanceOf(ApiError);
		expect(err).toMatchObject({ status: 409, code: 'version_conflict', message: 'changed', details: { current: { version: 3 } } });
		expect(requests[0]).toMatchObject({ url: '/api/v1/incidents/i1', init: { method: 'PATCH', body: '{"version":2,"title":"New title"}', headers: { 'content-type': 'application/json' } } });
	});
});
