// The OpenAPI document: valid OpenAPI 3.1, in step with the route files (every exported method of
// every src/routes/api/v1/**/+server.ts is documented, nothing else is), and built from the very
// zod schemas the routes pass to readJson / readQuery.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { z } from 'zod';
import * as S from '../../src/lib/api/schemas';
import { openApiDocument, ROUTES, TAGS } from '../../src/lib/server/openapi';

const ROUTES_DIR = path.resolve(import.meta.dirname, '../../src/routes');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Every route file under a folder: its URL path ({param} for [param]) and source. Catch-alls are not endpoints. */
function routeFiles(dir: string): { path: string; source: string }[] {
	return fs
		.readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((e) => e.isFile() && e.name === '+server.ts')
		.map((e) => path.join(e.parentPath, e.name))
		.filter((f) => !f.includes('[...'))
		.map((f) => ({
			path:
				'/' +
				path
					.relative(ROUTES_DIR, path.dirname(f))
					.split(path.sep)
					.map((s) => s.replace(/^\[(\w+)\]$/, '{$1}'))
					.join('/'),
			source: fs.readFileSync(f, 'utf8')
		}));
}

/** The handler source of each exported method of a route file. */
function handlers(source: string): Map<string, string> {
	const parts = source.split(/^export (?:const|async function|function) (?=[A-Z]+\b)/m).slice(1);
	return new Map(parts.map((p) => [p.slice(0, p.search(/\W/)), p]).filter(([m]) => (METHODS as readonly string[]).includes(m)) as [string, string][]);
}

const doc = openApiDocument();
const documented = (prefix: string) =>
	Object.entries(doc.paths ?? {}).flatMap(([p, item]) => (p.startsWith(prefix) ? METHODS.filter((m) => (item as Record<string, unknown>)[m.toLowerCase()]).map((m) => `${m} ${p}`) : []));

describe('OpenAPI document', () => {
	it('validates as OpenAPI 3.1 with no errors', async () => {
		const validator = new Validator();
		const res = await validator.validate(JSON.parse(JSON.stringify(doc)));
		expect(res.errors ?? []).toEqual([]);
		expect(res.valid).toBe(true);
		expect(validator.version).toBe('3.1');
	});

	it('documents exactly the methods the route files under /api/v1 export', () => {
		const routes = routeFiles(path.join(ROUTES_DIR, 'api/v1')).flatMap((r) => [...handlers(r.source).keys()].map((m) => `${m} ${r.path}`));
		expect(routes.length).toBeGreaterThan(60);
		expect(
			routes.filter((r) => !documented('/api/v1/').includes(r)),
			'route files missing from src/lib/server/openapi.ts'
		).toEqual([]);
		expect(
			documented('/api/v1/').filter((d) => !routes.includes(d)),
			'documented endpoints without a route file'
		).toEqual([]);
	});

	it('documents only routes that exist outside /api/v1 too (health checks)', () => {
		for (const key of documented('/').filter((k) => !k.includes(' /api/v1/'))) {
			const [method, p] = key.split(' ');
			const file = path.join(ROUTES_DIR, p, '+server.ts');
			expect(fs.existsSync(file) && handlers(fs.readFileSync(file, 'utf8')).has(method), key).toBe(true);
		}
	});

	it('uses the same zod schemas the routes validate bodies and queries with', () => {
		const schemas = S as unknown as Record<string, z.ZodObject>;
		let checked = 0;
		for (const r of routeFiles(path.join(ROUTES_DIR, 'api/v1'))) {
			for (const [method, code] of handlers(r.source)) {
				const op = ROUTES[`${method} ${r.path}` as keyof typeof ROUTES];
				for (const [, name] of code.matchAll(/readJson\(request, (\w+)\)/g)) {
					const body = op.body && 'content' in op.body ? op.body.content['application/json']?.schema : op.body;
					expect(body, `${method} ${r.path} body`).toBe(schemas[name]);
					checked++;
				}
				for (const [, name] of code.matchAll(/readQuery\(\w+, (\w+)\)/g)) {
					expect(Object.keys(op.query?.shape ?? {}), `${method} ${r.path} query`).toEqual(expect.arrayContaining(Object.keys(schemas[name].shape)));
					checked++;
				}
			}
		}
		expect(checked).toBeGreaterThan(40);
	});

	it('gives every operation a known tag, a summary, its path parameters and the shared error responses', () => {
		for (const [p, item] of Object.entries(doc.paths ?? {})) {
			for (const m of METHODS) {
				const op = (item as Record<string, import('zod-openapi').oas31.OperationObject>)[m.toLowerCase()];
				if (!op) continue;
				expect(Object.keys(TAGS)).toContain(op.tags?.[0]);
				expect(op.summary).toBeTruthy();
				// in both languages: /api-docs shows the Chinese one in the Chinese UI (src/lib/server/openapi-zh.ts)
				expect((op as { 'x-summary-zh'?: string })['x-summary-zh'], `${m} ${p} x-summary-zh`).toMatch(/\p{Script=Han}/u);
				const params = (op.parameters ?? []) as { in: string; name: string }[];
				expect(
					params.filter((x) => x.in === 'path').map((x) => x.name),
					`${m} ${p}`
				).toEqual([...p.matchAll(/\{(\w+)\}/g)].map((x) => x[1]));
				expect(op.responses?.['429'], `${m} ${p}`).toEqual({ $ref: '#/components/responses/RateLimited' });
				// who may call it (tests/integration/security-matrix.test.ts holds the server to it)
				const access = (op as { 'x-warroom-access'?: { anonymous: boolean; display: boolean; roles: string[] } })['x-warroom-access'];
				expect(access, `${m} ${p} x-warroom-access`).toMatchObject({ anonymous: expect.any(Boolean), display: expect.any(Boolean), roles: expect.any(Array) });
				expect(
					access!.roles.every((r) => (S.ROLES as readonly string[]).includes(r)),
					`${m} ${p} roles`
				).toBe(true);
				expect(op.security, `${m} ${p}: anonymous operations need no credentials`).toEqual(access!.anonymous ? [] : undefined);
				if (!access!.anonymous) expect(Object.keys(op.responses ?? {}), `${m} ${p}`).toEqual(expect.arrayContaining(['401', '403']));
			}
		}
		expect(doc.components?.securitySchemes).toMatchObject({ bearerAuth: { scheme: 'bearer' }, sessionCookie: { in: 'cookie', name: 'warroom_session' } });
		expect(Object.keys((doc['x-realtime'] as { clientToServer: object }).clientToServer)).toEqual(['subscribe', 'unsubscribe', 'review.editing']);
	});
});

describe('the API docs in both languages', () => {
	it('every tag has a Chinese description and no Chinese summary is left for an operation that is gone', async () => {
		const { SUMMARY_ZH, TAG_ZH } = await import('../../src/lib/server/openapi-zh');
		const doc = openApiDocument() as { tags: { name: string; 'x-description-zh'?: string }[] };
		for (const t of doc.tags) expect(t['x-description-zh'], t.name).toMatch(/\p{Script=Han}/u);
		expect(Object.keys(TAG_ZH).sort()).toEqual(Object.keys(TAGS).sort());
		expect(Object.keys(SUMMARY_ZH).filter((k) => !(k in ROUTES))).toEqual([]);
	});
});
