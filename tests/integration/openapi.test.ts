// The served OpenAPI document against the real server: every GET path it lists is called (path
// parameters filled from an incident, customer and resource made here), each answer's status is one
// the document lists, and each JSON body validates against the schema documented for that status.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient } from '../support/client';

type Operation = { responses: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { responses: Record<string, Operation['responses'][string]> } };

describe.each(DRIVERS)('OpenAPI document against the server on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let doc: Document;
	let ajv: Ajv2020;

	beforeAll(async () => {
		// its webhook points at a closed loopback port: an internal receiver, allowed explicitly
		ctx = await startServer(driver, { env: { WARROOM_WEBHOOK_ALLOW_PRIVATE: 'true' } });
		admin = await ApiClient.login(ctx.server.url);
		const res = await new ApiClient(ctx.server.url).call('GET', '/api/v1/openapi.json');
		expect(res.status).toBe(200);
		doc = res.body;
		ajv = new Ajv2020({ strict: false, allErrors: true });
		addFormats.default(ajv);
		ajv.addSchema({ ...doc, $id: 'openapi.json' });
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('is served without credentials, as OpenAPI 3.1', () => {
		expect(doc).toMatchObject({ openapi: '3.1.0', info: { title: 'Warroom API' } });
	});

	it('every GET answers a documented status, and JSON bodies match the documented schema', async () => {
		const pointer = (...parts: string[]) => 'openapi.json#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

		const inc = (await admin.call('POST', '/api/v1/incidents', { title: 'OpenAPI walk', category: 'product_quality', inputs: { estimatedAffectedCustomers: 3 } })).body;
		const customers = await admin.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '任秀兰', phone: '13812345678', productModel: 'X1' }]);
		const resource = await admin.call('POST', '/api/v1/resources', { kind: 'spare_product', name: 'X1 spare', stock: 5 });
		const hook = await admin.call('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', format: 'generic', events: ['incident.declared'], enabled: false });
		expect([customers.status, resource.status, hook.status]).toEqual([201, 201, 201]);
		// one of each listed thing, so the walk validates items against their schemas and not only empty lists
		const cid = customers.body.items[0].id;
		const writes = [
			await admin.call('POST', `/api/v1/incidents/${inc.id}/customers/${cid}/contacts`, { apologized: true, explained: true, needAsked: true, need: 'repair' }),
			await admin.call('POST', `/api/v1/incidents/${inc.id}/measures`, { kind: 'other', description: 'Loan unit', customerIds: [cid] }),
			await admin.call('POST', `/api/v1/incidents/${inc.id}/solutions`, { kind: 'other', description: 'Replace the batch' }),
			await admin.call('POST', `/api/v1/incidents/${inc.id}/improvements`, { type: 'process', description: 'Check the batch earlier' }),
			await admin.call('POST', '/api/v1/compensation-policies', { category: 'product_quality', title: 'Coupon', couponYuan: 50 }),
			await admin.call('POST', '/api/v1/emergency-contacts', { kind: 'supplier', name: 'Battery supplier' }),
			await admin.call('POST', '/api/v1/integration-tokens', { name: 'Desk', role: 'responder' }),
			await admin.call('POST', `/api/v1/webhooks/${hook.body.id}/test`)
		];
		expect(writes.map((w) => w.status)).toEqual([201, 201, 201, 201, 201, 201, 201, 201]);
		const ids: Record<string, string> = { id: inc.id, cid, rid: resource.body.id, wid: hook.body.id, kind: 'postmortem', group: 'tech_support', seat: 'leader', item: '1' };

		const seen: string[] = [];
		const skipped: string[] = [];
		for (const [template, item] of Object.entries(doc.paths)) {
			if (!item.get) continue;
			const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
			if (names.some((n) => !ids[n])) {
				skipped.push(template);
				continue;
			}
			const url = template.replace(/\{(\w+)\}/g, (_, n: string) => ids[n]);
			const res = await admin.call('GET', url);
			const status = String(res.status);
			let documented = item.get.responses[status];
			expect(documented, `GET ${url} answered ${status}: ${JSON.stringify(res.body).slice(0, 200)}`).toBeTruthy();
			const base = documented.$ref ? ['components', 'responses', documented.$ref.split('/').pop()!] : ['paths', template, 'get', 'responses', status];
			documented = documented.$ref ? doc.components.responses[base[2]] : documented;
			const type = (res.headers.get('content-type') ?? '').split(';')[0];
			expect(Object.keys(documented.content ?? {}), `GET ${url} content type`).toContain(type || undefined);
			if (type === 'application/json') {
				const validate = ajv.getSchema(pointer(...base, 'content', type, 'schema'));
				expect(validate, `schema of GET ${template} ${status}`).toBeTruthy();
				expect(validate!(res.body) ? [] : validate!.errors, `GET ${url} body`).toEqual([]);
			}
			seen.push(`${status} GET ${template}`);
		}
		// the incident's own paths were walked too, including a 409 answered with the error envelope
		expect(seen).toEqual(
			expect.arrayContaining([
				'200 GET /api/v1/incidents/{id}',
				'200 GET /api/v1/incidents/{id}/events',
				'200 GET /api/v1/incidents/{id}/customers/{cid}',
				'409 GET /api/v1/incidents/{id}/documents/{kind}'
			])
		);
		expect(skipped).toEqual(['/api/v1/incidents/{id}/customers/{cid}/evidence/{eid}']); // a file download, covered by evidence.test.ts
		expect(seen.length).toBeGreaterThan(25);
	});

	it('a rejected write answers with the documented error envelope', async () => {
		const res = await admin.call('POST', '/api/v1/incidents', { category: 'nope' });
		expect(res.status).toBe(400);
		const validate = ajv.getSchema('openapi.json#/components/schemas/ApiError')!;
		expect(validate(res.body) ? [] : validate.errors).toEqual([]);
		expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'title' })]));
	});
});
