// The round trip (docs/api.md): every versioned resource takes back, with its PUT or PATCH,
// exactly the shape its GET returns, and answers 200 with nothing changed: same body, same
// version, no event. The versioned writes are found in the served OpenAPI document (a request
// body with `version`), so a new one fails here until it is covered.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient } from '../support/client';

type Schema = { $ref?: string; properties?: Record<string, unknown>; allOf?: Schema[]; anyOf?: Schema[] };

describe.each(DRIVERS)('GET → PUT/PATCH round trip on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let incidentId = '';
	let resourceId = '';

	beforeAll(async () => {
		ctx = await startServer(driver);
		admin = await ApiClient.login(ctx.server.url);
		const inc = (
			await admin.call('POST', '/api/v1/incidents', {
				title: '冰箱批量不制冷',
				category: 'product_quality',
				description: '华东区多名客户反馈',
				productModel: 'BCD-520',
				inputs: { estimatedAffectedCustomers: 12, propertyLoss: 'minor' }
			})
		).body;
		incidentId = inc.id;
		await admin.call('POST', `/api/v1/incidents/${incidentId}/customers`, [{ name: '任秀兰', phone: '18722818662' }]);
		resourceId = (await admin.call('POST', '/api/v1/resources', { kind: 'spare_product', name: '压缩机', model: 'C-1', stock: 5, lowThreshold: 2, unit: '台' })).body.id;
	});
	afterAll(async () => {
		await ctx?.close();
	});

	/** GET, send the body back unchanged, GET again: 200, the same answer, no new event. */
	async function roundTrip(method: 'PUT' | 'PATCH', url: string) {
		const events = async () => (await admin.call('GET', `/api/v1/incidents/${incidentId}/events`)).body.items.length;
		const before = await admin.call('GET', url);
		expect(before.status).toBe(200);
		const n = await events();
		const back = await admin.call(method, url, before.body);
		expect(back.status, `${method} ${url}: ${JSON.stringify(back.body)}`).toBe(200);
		const after = await admin.call('GET', url);
		expect(after.body).toEqual(before.body);
		expect(await events()).toBe(n);
		const { incident: _incident, ...answered } = back.body;
		expect(answered).toEqual(before.body);
		return before.body;
	}

	const COVERED: Record<string, () => Promise<void>> = {
		'PATCH /api/v1/incidents/{id}': async () => {
			const body = await roundTrip('PATCH', `/api/v1/incidents/${incidentId}`);
			expect(body.inputs).toMatchObject({ estimatedAffectedCustomers: 12, propertyLoss: 'minor' });
		},
		'PUT /api/v1/incidents/{id}/cause': async () => {
			const url = `/api/v1/incidents/${incidentId}/cause`;
			expect((await roundTrip('PUT', url)).version).toBe(0); // never saved: stays so
			expect((await admin.call('PUT', url, { version: 0, rootCause: '压缩机批次缺陷', directCause: '焊点虚接' })).status).toBe(200);
			expect(await roundTrip('PUT', url)).toMatchObject({ version: 1, rootCause: '压缩机批次缺陷', updatedBy: { id: expect.any(String) } });
		},
		'PUT /api/v1/incidents/{id}/postmortem': async () => {
			const url = `/api/v1/incidents/${incidentId}/postmortem`;
			const first = await roundTrip('PUT', url);
			expect(first.version).toBe(0);
			// milestones not reached yet come back as null
			expect(first.when.filter((w: { at: string | null }) => w.at === null).map((w: { key: string }) => w.key)).toEqual(expect.arrayContaining(['resolved']));
			const saved = await admin.call('PUT', url, { ...first, what: '华东区 12 台冰箱不制冷', when: first.when.map((w: object) => ({ ...w, annotation: '' })).concat([]) });
			expect(saved.status).toBe(200);
			expect(saved.body.version).toBe(1);
			const again = await roundTrip('PUT', url);
			expect(again).toMatchObject({ version: 1, what: '华东区 12 台冰箱不制冷' });
			// and in the other language: the labels differ, the content does not
			const zh = (await admin.call('GET', url, undefined, { 'accept-language': 'zh-CN' })).body;
			expect((await admin.call('PUT', url, zh)).body.version).toBe(1);
		},
		'PATCH /api/v1/resources/{rid}': async () => {
			const body = await roundTrip('PATCH', `/api/v1/resources/${resourceId}`);
			expect(body).toMatchObject({ stock: 5, low: false, version: 1 });
		}
	};

	it('the served document lists exactly the versioned writes covered here', async () => {
		const doc = (await new ApiClient(ctx.server.url).call('GET', '/api/v1/openapi.json')).body;
		const resolve = (s: Schema | undefined): Schema | undefined => {
			if (!s?.$ref) return s;
			const path = s.$ref.replace(/^#\//, '').split('/');
			return resolve(path.reduce((o: any, k) => o?.[k], doc));
		};
		const versioned: string[] = [];
		for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
			for (const [method, op] of Object.entries(ops)) {
				if (method !== 'put' && method !== 'patch') continue;
				const schema = resolve(op.requestBody?.content?.['application/json']?.schema);
				if (schema?.properties && 'version' in schema.properties) versioned.push(`${method.toUpperCase()} ${path}`);
			}
		}
		expect(versioned.sort()).toEqual(Object.keys(COVERED).sort());
	});

	for (const op of ['PATCH /api/v1/incidents/{id}', 'PUT /api/v1/incidents/{id}/cause', 'PUT /api/v1/incidents/{id}/postmortem', 'PATCH /api/v1/resources/{rid}']) {
		it(`${op} takes back what GET returns: 200, nothing changed`, async () => {
			await COVERED[op]();
		});
	}

	it('read-only fields that disagree are refused by name; identity must match; a stale version is still 409', async () => {
		const url = `/api/v1/incidents/${incidentId}`;
		const inc = (await admin.call('GET', url)).body;
		for (const [field, value] of [
			['level', inc.level === 1 ? 2 : 1],
			['phase', 'closed'],
			['id', '00000000-0000-0000-0000-000000000000']
		] as const) {
			const r = await admin.call('PATCH', url, { ...inc, [field]: value });
			expect(r.status, field).toBe(400);
			expect(r.body.error.details).toEqual([expect.objectContaining({ field })]);
		}
		expect((await admin.call('PATCH', url, { ...inc, version: inc.version - 1 })).status).toBe(409);
		// derived fields are ignored: a stale roll-up changes nothing
		expect((await admin.call('PATCH', url, { ...inc, affectedCustomers: 999, contact: null, levelTriggers: [] })).body.version).toBe(inc.version);

		const pmUrl = `${url}/postmortem`;
		const pm = (await admin.call('GET', pmUrl)).body;
		expect((await admin.call('PUT', pmUrl, { ...pm, incidentId: 'another' })).body.error.details).toEqual([expect.objectContaining({ field: 'incidentId' })]);
		expect((await admin.call('PUT', pmUrl, { ...pm, version: pm.version + 1 })).status).toBe(409);
		expect((await admin.call('PUT', pmUrl, { ...pm, surprise: 1 })).status).toBe(400); // unknown fields are still refused

		const causeUrl = `${url}/cause`;
		const cause = (await admin.call('GET', causeUrl)).body;
		expect((await admin.call('PUT', causeUrl, { ...cause, incidentId: 'another' })).status).toBe(400);

		const rUrl = `/api/v1/resources/${resourceId}`;
		const res = (await admin.call('GET', rUrl)).body;
		const stock = await admin.call('PATCH', rUrl, { ...res, stock: 50 });
		expect(stock.status).toBe(400);
		expect(stock.body.error.details).toEqual([expect.objectContaining({ field: 'stock' })]);
		expect((await admin.call('PATCH', rUrl, { ...res, id: 'x' })).status).toBe(400);
		expect((await admin.call('PATCH', rUrl, { ...res, version: res.version + 1 })).status).toBe(409);
		// a real change still goes through, against the version read
		const moved = await admin.call('PATCH', rUrl, { ...res, location: '上海仓 B2' });
		expect(moved.status).toBe(200);
		expect(moved.body).toMatchObject({ location: '上海仓 B2', version: res.version + 1 });
	});
});
