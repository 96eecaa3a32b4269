// Property-based fuzzing (fast-check) against the real server: valid request bodies mutated at
// random (wrong types, dropped and unknown keys, prototype-pollution keys, odd dates, NUL bytes,
// lone surrogates, huge strings), arbitrary JSON, truncated JSON, garbage and wrong content types
// sent to the write endpoints; arbitrary payloads to the socket messages. The server must never
// answer 5xx or crash, every 4xx is the one error envelope, and a rejected request changes nothing
// (the incident's version and event count, or the list it would have written to, are unchanged).
// No generated webhook URL leaves this machine: webhook bodies always point at a loopback port.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { startServer } from '../support/server';
import { ApiClient, connected, createUsers } from '../support/client';

const RUNS = Number(process.env.WARROOM_FUZZ_RUNS ?? 100);
const LOOPBACK_HOOK = 'http://127.0.0.1:9/fuzz';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);

// ---- what the fuzzer sends ----

const nastyString = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 40 }),
	// UTF-16 code units one by one: lone surrogates included
	fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
	fc.constantFrom(
		'',
		' ',
		'\u0000',
		'a\u0000b',
		'\uD800',
		'x\uDFFFy',
		'\u202Eevil',
		'🔥🚒',
		'ＡＢＣ',
		'<script>alert(1)</script>',
		"' OR 1=1 --",
		'${7*7}',
		'../../etc/passwd',
		'%00',
		'null',
		'-1',
		'1e999',
		'x'.repeat(10_001)
	),
	// dates Postgres may not store (year 0, far future), and not-quite dates
	fc.date({ min: new Date('-000100-01-01T00:00:00Z'), max: new Date('+012000-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
	fc.constantFrom('0000-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2026-02-30T00:00:00Z', '2026-11-23T08:00:00+14:00', '2026-11-23T08:00:00-12:00', '2026-11-23')
);
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 3, arbitrary: nastyString },
	{ weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
	{ weight: 2, arbitrary: fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, [], {}, [null], { $gt: '' }) },
	{ weight: 1, arbitrary: fc.array(nastyString, { maxLength: 5 }) }
);
const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'roles', 'id', 'version', 'incidentId', 'createdBy'];

interface Mutation {
	pick: number;
	depth: number;
	op: 'set' | 'drop' | 'add';
	key: string;
	value: unknown;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
	pick: fc.nat(),
	depth: fc.nat({ max: 2 }),
	op: fc.constantFrom('set', 'set', 'drop', 'add'),
	key: fc.oneof(fc.constantFrom(...DANGEROUS_KEYS), fc.string({ maxLength: 12 })),
	value: nastyValue
});

/** Sets a property as data, even `__proto__`, so JSON.stringify sends it as a key. */
function define(target: Record<string, unknown>, key: string, value: unknown) {
	Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

function applyMutations(valid: unknown, mutations: Mutation[]): unknown {
	let root = structuredClone(valid) as any;
	// values are cloned in: a generated value (fast-check may reuse one instance) is never changed by a later mutation
	for (const generated of mutations) {
		const m = { ...generated, value: structuredClone(generated.value) };
		if (root === null || typeof root !== 'object') return root;
		let target = root;
		for (let d = 0; d < m.depth; d++) {
			const kids = Object.keys(target).filter((k) => target[k] !== null && typeof target[k] === 'object');
			if (!kids.length) break;
			target = target[kids[m.pick % kids.length]];
		}
		const keys = Object.keys(target);
		if (m.op === 'add' || keys.length === 0) define(target, m.key, m.value);
		else if (m.op === 'drop') delete target[keys[m.pick % keys.length]];
		else if (target === root && Array.isArray(root) === false && keys.length && m.pick % 7 === 0)
			root = m.value; // now and then, the whole body
		else define(target, keys[m.pick % keys.length], m.value);
	}
	return root;
}

type Encoding = 'json' | 'truncated' | 'garbage' | 'csv';
interface Sent {
	mutations: Mutation[];
	wholeBody: unknown | undefined;
	encoding: Encoding;
	contentType: string;
	cut: number;
	garbage: string;
}
const sent = (encodings: Encoding[]): fc.Arbitrary<Sent> =>
	fc.record({
		// none now and then: the valid body itself, so every endpoint also sees input it accepts
		mutations: fc.array(mutation, { maxLength: 3 }),
		// sometimes arbitrary JSON instead of a mutated valid body
		wholeBody: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) }),
		encoding: fc.constantFrom(...encodings, ...(['json', 'json', 'json'] as Encoding[]).filter((e) => encodings.includes(e))),
		contentType: fc.oneof(
			{ weight: 8, arbitrary: fc.constant('application/json') },
			{
				weight: 1,
				arbitrary: fc.constantFrom(
					'application/json; charset=utf-8',
					'APPLICATION/JSON',
					'text/plain',
					'application/x-www-form-urlencoded',
					'multipart/form-data; boundary=x',
					'text/csv',
					'application/xml',
					'',
					'application/json; charset=latin1'
				)
			}
		),
		cut: fc.nat(),
		garbage: fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('{', '[', '{"a":', 'nul', '"\\ud800"', '{"__proto__":{"roles":["admin"]}}', '\u0000', '[1,2,3', '{"a":1}{"b":2}'))
	});

/** The body text and headers a Sent describes, for a given valid body. */
function materialize(valid: unknown, s: Sent, csvHeader?: string): { body: string; type: string } {
	const value = s.wholeBody !== undefined ? s.wholeBody : applyMutations(valid, s.mutations);
	let text = JSON.stringify(value) ?? 'null';
	if (s.encoding === 'truncated') text = text.slice(0, s.cut % Math.max(1, text.length));
	if (s.encoding === 'garbage') text = s.garbage;
	if (s.encoding === 'csv')
		return {
			body: `${csvHeader}\n${s.garbage}\n${Object.values(((value as any[])?.[0] ?? {}) as object)
				.map(String)
				.join(',')}`,
			type: 'text/csv'
		};
	return { body: text, type: s.contentType };
}

/** No generated URL may leave this machine: webhook bodies keep a loopback URL (or none). */
function keepWebhooksLocal(body: string): string {
	try {
		const v = JSON.parse(body);
		if (v && typeof v === 'object' && !Array.isArray(v) && 'url' in v) {
			define(v, 'url', typeof v.url === 'string' && v.url !== LOOPBACK_HOOK ? `not a url ${v.url.slice(0, 20)}` : LOOPBACK_HOOK);
			return JSON.stringify(v);
		}
	} catch {
		/* not JSON: cannot carry a URL the server would accept */
	}
	return body;
}

// ---- the server and the endpoints ----

interface Target {
	key: string;
	path: string;
	valid: () => unknown | Promise<unknown>;
	/** What a rejected request must leave unchanged. */
	state: () => Promise<unknown>;
	encodings?: Encoding[];
	csvHeader?: string;
	local?: boolean;
}

describe('Fuzzing the API and the socket', () => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let leadId = '';
	let fuzzUserId = '';
	let displayToken = '';
	const incidents: Record<string, string> = {};
	const sockets: Socket[] = [];
	let serial = 0;

	async function declare(title: string) {
		const r = await admin.call('POST', '/api/v1/incidents', { title, category: 'product_quality', inputs: { estimatedAffectedCustomers: 3 } });
		expect(r.status).toBe(201);
		return r.body.id as string;
	}
	/** Events by people on an incident (read incrementally) and its customer count. */
	const seen: Record<string, { seq: number; byPeople: number }> = {};
	async function incidentState(id: string) {
		const known = (seen[id] ??= { seq: 0, byPeople: 0 });
		const [inc, events] = await Promise.all([admin.call('GET', `/api/v1/incidents/${id}`), admin.call('GET', `/api/v1/incidents/${id}/events?after=${known.seq}`)]);
		for (const e of events.body.items as { seq: number; actor?: { system?: boolean } }[]) {
			known.seq = e.seq;
			// the deadline alarms append events of their own (actor: system) at any time: count the others
			if (!e.actor?.system) known.byPeople++;
		}
		return { events: known.byPeople, customers: inc.body.affectedCustomers };
	}
	const list = (path: string) => async () => (await admin.call('GET', path)).body;
	const webhookConfigs = async () => (await admin.call('GET', '/api/v1/webhooks')).body.items.map(({ deliveries: _deliveries, ...w }: { deliveries: unknown }) => w);
	const version = async (path: string) => (await admin.call('GET', path)).body.version;

	beforeAll(async () => {
		// webhook bodies keep a loopback URL (LOOPBACK_HOOK), which only an internal-receiver setting accepts
		ctx = await startServer('pglite', { env: { WARROOM_LOGIN_MAX_FAILURES: '100000', WARROOM_WEBHOOK_ALLOW_PRIVATE: 'true' } });
		admin = await ApiClient.login(ctx.server.url);
		const made = await createUsers(admin, [
			['fuzz-lead@example.com', 'Fuzz lead', ['lead'], ['customer_service', 'tech_support', 'leadership']],
			['fuzz-target@example.com', 'Fuzz target', ['viewer'], []]
		]);
		[leadId, fuzzUserId] = made.ids;
		displayToken = (await admin.call('POST', '/api/v1/display-tokens', { label: 'Fuzz wall' })).body.token;
		for (const name of [
			'patch',
			'customers',
			'contacts',
			'level',
			'phase',
			'measures',
			'cause',
			'solutions',
			'postmortem',
			'improvements',
			'seats',
			'duties',
			'authorization',
			'evidence',
			'survey',
			'socket'
		]) {
			incidents[name] = await declare(`Fuzz ${name}`);
		}
		// customers to contact, authorise, survey; one incident in resolution for the survey
		for (const name of ['contacts', 'authorization', 'evidence', 'survey']) {
			const c = (await admin.call('POST', `/api/v1/incidents/${incidents[name]}/customers`, [{ name: '任秀兰', phone: '13812345678' }])).body.items[0];
			incidents[`${name}:cid`] = c.id;
		}
		await admin.call('POST', `/api/v1/incidents/${incidents.evidence}/customers/${incidents['evidence:cid']}/authorization`, { channel: 'phone' });
		const S = `/api/v1/incidents/${incidents.survey}`;
		expect((await admin.call('POST', `${S}/phase`, { phase: 'containment', overrideReason: 'fuzz setup' })).status).toBe(200);
		await admin.call('POST', `${S}/customers/${incidents['survey:cid']}/contacts`, { apologized: true, explained: true, needAsked: false });
		expect((await admin.call('POST', `${S}/phase`, { phase: 'resolution' })).status).toBe(200);
		incidents.rid = (await admin.call('POST', '/api/v1/resources', { kind: 'spare_product', name: 'Fuzz spare', stock: 1000 })).body.id;
		incidents.wid = (await admin.call('POST', '/api/v1/webhooks', { url: LOOPBACK_HOOK, format: 'generic', events: ['incident.declared'], enabled: false })).body.id;
	});

	afterAll(async () => {
		sockets.forEach((s) => s.close());
		await ctx?.close();
	});

	const I = (name: string) => `/api/v1/incidents/${incidents[name]}`;
	const C = (name: string) => `${I(name)}/customers/${incidents[`${name}:cid`]}`;
	const onIncident = (name: string) => () => incidentState(incidents[name]);

	const targets = (): Target[] => [
		{
			key: 'POST /incidents (declare)',
			path: '/api/v1/incidents',
			valid: () => ({
				title: 'Fuzzed declaration',
				category: 'service_failure',
				description: 'd',
				identifiedAt: new Date().toISOString(),
				inputs: { estimatedAffectedCustomers: 5, mediaExposure: false, propertyLoss: 'minor' },
				productModel: 'X1'
			}),
			state: list('/api/v1/incidents?phase=initiation')
		},
		{
			key: 'PATCH /incidents/{id}',
			path: I('patch'),
			valid: async () => ({ version: await version(I('patch')), title: 'Patched', inputs: { mediaExposure: false, estimatedAffectedCustomers: 4 }, identifiedAt: new Date().toISOString() }),
			state: onIncident('patch')
		},
		{
			key: 'POST /incidents/{id}/customers',
			path: `${I('customers')}/customers`,
			valid: () => [{ name: '李雷', phone: '13900001111', email: 'li@example.com', orderNo: 'A1', productModel: 'X1', reportedAt: new Date(Date.now() - 60_000).toISOString() }],
			state: onIncident('customers'),
			encodings: ['json', 'truncated', 'garbage', 'csv'],
			csvHeader: 'name,phone,email,orderNo,productModel,reportedAt'
		},
		{
			key: 'POST …/contacts',
			path: `${C('contacts')}/contacts`,
			valid: () => ({ apologized: true, explained: true, needAsked: true, need: 'repair', commitment: 'call back', commitmentDueAt: new Date(Date.now() + 3600_000).toISOString() }),
			state: onIncident('contacts')
		},
		{ key: 'POST /incidents/{id}/level', path: `${I('level')}/level`, valid: () => ({ level: 2, reason: 'fuzz', override: false }), state: onIncident('level') },
		{ key: 'POST /incidents/{id}/phase', path: `${I('phase')}/phase`, valid: () => ({ phase: 'containment', overrideReason: 'fuzz' }), state: onIncident('phase') },
		{
			key: 'POST /incidents/{id}/measures',
			path: `${I('measures')}/measures`,
			valid: () => ({ kind: 'spare_product', description: 'spare', resourceId: incidents.rid, quantity: 1 }),
			state: async () => [await incidentState(incidents.measures), (await admin.call('GET', `/api/v1/resources/${incidents.rid}`)).body.stock]
		},
		{
			key: 'PUT /incidents/{id}/cause',
			path: `${I('cause')}/cause`,
			valid: async () => ({ version: await version(`${I('cause')}/cause`), rootCause: 'cells', directCause: 'heat', group: 'tech_support' }),
			state: onIncident('cause')
		},
		{ key: 'POST /incidents/{id}/solutions', path: `${I('solutions')}/solutions`, valid: () => ({ kind: 'repair', description: 'fix' }), state: onIncident('solutions') },
		{
			key: 'PUT /incidents/{id}/postmortem',
			path: `${I('postmortem')}/postmortem`,
			valid: async () => ({ version: await version(`${I('postmortem')}/postmortem`), what: 'w', why: { rootCause: 'r' }, when: [{ key: 'declared', annotation: 'a' }], how: { wentWell: 'x' } }),
			state: onIncident('postmortem')
		},
		{
			key: 'POST /incidents/{id}/improvements',
			path: `${I('improvements')}/improvements`,
			valid: () => ({ type: 'process', description: 'better', ownerId: leadId, dueAt: new Date(Date.now() + 86400_000).toISOString() }),
			state: onIncident('improvements')
		},
		{ key: 'PUT …/response/seats/{seat}', path: `${I('seats')}/response/seats/customer_service`, valid: () => ({ userId: leadId }), state: onIncident('seats') },
		{ key: 'PUT …/response/duties/{group}/{item}', path: `${I('duties')}/response/duties/customer_service/0`, valid: () => ({ done: true }), state: onIncident('duties') },
		{ key: 'POST …/authorization', path: `${C('authorization')}/authorization`, valid: () => ({ channel: 'written', note: 'signed' }), state: onIncident('authorization') },
		{ key: 'POST …/survey', path: `${C('survey')}/survey`, valid: () => ({ speed: 4, result: 5, attitude: 3, suggestion: 's' }), state: onIncident('survey') },
		{
			key: 'POST /resources',
			path: '/api/v1/resources',
			valid: () => ({ kind: 'repair_tool', name: 'Kit', model: 'K', stock: 3, lowThreshold: 1, unit: 'set', location: 'A' }),
			state: list('/api/v1/resources')
		},
		{
			key: 'PATCH /resources/{rid}',
			path: `/api/v1/resources/${incidents.rid}`,
			valid: async () => ({ version: await version(`/api/v1/resources/${incidents.rid}`), name: 'Fuzz spare', lowThreshold: 2 }),
			state: list('/api/v1/resources')
		},
		{ key: 'POST /resources/{rid}/adjust', path: `/api/v1/resources/${incidents.rid}/adjust`, valid: () => ({ delta: 1, reason: 'count' }), state: list('/api/v1/resources') },
		{
			key: 'POST /compensation-policies',
			path: '/api/v1/compensation-policies',
			valid: () => ({ category: 'product_quality', measureKind: 'spare_product', title: 'Coupon', couponYuan: 50, warrantyExtensionMonths: 6 }),
			state: list('/api/v1/compensation-policies')
		},
		{
			key: 'POST /emergency-contacts',
			path: '/api/v1/emergency-contacts',
			valid: () => ({ kind: 'supplier', name: 'Supplier', phone: '010-1234', email: 's@example.com' }),
			state: list('/api/v1/emergency-contacts')
		},
		{
			key: 'POST /users',
			path: '/api/v1/users',
			valid: () => ({ email: `fuzz-${serial++}@example.com`, name: 'Fuzz', password: 'password-123', roles: ['viewer'], groups: ['pr'] }),
			state: list('/api/v1/users')
		},
		{ key: 'PATCH /users/{uid}', path: `/api/v1/users/${fuzzUserId}`, valid: () => ({ name: 'Fuzz target', roles: ['viewer'], groups: [], disabled: false }), state: list('/api/v1/users') },
		{
			key: 'POST /webhooks',
			path: '/api/v1/webhooks',
			valid: () => ({ url: LOOPBACK_HOOK, format: 'generic', events: ['incident.closed'], enabled: false, lang: 'en', name: 'Fuzz' }),
			state: webhookConfigs,
			local: true
		},
		{
			key: 'PATCH /webhooks/{wid}',
			path: `/api/v1/webhooks/${incidents.wid}`,
			valid: () => ({ name: 'Fuzz hook', events: ['incident.closed'], secret: 's3cret' }),
			state: webhookConfigs,
			local: true
		},
		{ key: 'POST /integration-tokens', path: '/api/v1/integration-tokens', valid: () => ({ name: 'Fuzz system', role: 'viewer' }), state: list('/api/v1/integration-tokens') },
		{
			key: 'POST /inbound/alerts',
			path: '/api/v1/inbound/alerts',
			valid: () => ({ system: 'fuzz', externalId: 'a-1', title: 'Alert', category: 'service_failure' }),
			state: list('/api/v1/incidents?phase=initiation')
		},
		{ key: 'POST /display-tokens', path: '/api/v1/display-tokens', valid: () => ({ label: 'Wall' }), state: async () => null },
		{ key: 'POST /display-session', path: '/api/v1/display-session', valid: () => ({ token: displayToken }), state: async () => null },
		{ key: 'POST /auth/token', path: '/api/v1/auth/token', valid: () => ({ email: 'fuzz-lead@example.com', password: 'password-123' }), state: async () => null }
	];

	it(
		'write endpoints: no 5xx, the error envelope on every 4xx, and a rejected request changes nothing',
		async () => {
			const statuses: Record<string, Record<number, number>> = {};
			for (const t of targets()) {
				// the state after a refusal is the state before the next request; read it again only after a success
				let known: string | null = null;
				await fc.assert(
					fc.asyncProperty(sent(t.encodings ?? ['json', 'truncated', 'garbage']), async (s) => {
						const valid = await t.valid();
						const m = materialize(valid, s, t.csvHeader);
						let body = m.body;
						const type = m.type;
						if (t.local) body = keepWebhooksLocal(body);
						const before = known ?? JSON.stringify(await t.state());
						known = null;
						const r = await admin.call(t.key.split(' ')[0], t.path, body, { 'content-type': type });
						(statuses[t.key] ??= {})[r.status] = (statuses[t.key][r.status] ?? 0) + 1;
						expect(r.status, `${t.key} answered ${r.status} to ${type} ${body.slice(0, 300)}: ${JSON.stringify(r.body).slice(0, 300)}`).toBeLessThan(500);
						if (r.status >= 400) {
							expect(r.body?.error?.code, `${t.key} ${r.status} without the error envelope: ${JSON.stringify(r.body).slice(0, 200)}`).toEqual(expect.any(String));
							const after = JSON.stringify(await t.state());
							expect(after, `${t.key}: rejected (${r.status}) but changed state; body ${body.slice(0, 300)}`).toBe(before);
							known = after;
						}
					}),
					{ numRuns: RUNS, endOnFailure: false }
				);
			}
			// the fuzzer reached past validation: every target also had inputs the server accepted
			const neverAccepted = Object.entries(statuses)
				.filter(([, statuses]) => !Object.keys(statuses).some((s) => Number(s) < 300))
				.map(([k]) => k);
			expect(neverAccepted).toEqual([]);
			expect((await admin.call('GET', '/healthz')).body).toEqual({ ok: true });
		},
		// each run is several real requests: a busy machine (the suite beside a benchmark) takes minutes
		60_000 + RUNS * 3000
	);

	it('read endpoints: arbitrary query strings never get a 5xx, and every answer comes quickly', async () => {
		type Op = { parameters?: { in: string; name: string }[] };
		const doc = (await admin.call('GET', '/api/v1/openapi.json')).body as { paths: Record<string, { get?: Op }> };
		const ids: Record<string, string> = { id: incidents.patch, cid: incidents['contacts:cid'], rid: incidents.rid, wid: incidents.wid, kind: 'postmortem' };
		const reads = Object.entries(doc.paths)
			.filter(([path, item]) => item.get && [...path.matchAll(/\{(\w+)\}/g)].every((m) => ids[m[1]]))
			.map(([path, item]) => ({ path: path.replace(/\{(\w+)\}/g, (_, n: string) => ids[n]), names: (item.get!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) }));
		expect(reads.length).toBeGreaterThan(25);
		const value = fc.oneof(
			nastyString,
			fc.integer().map(String),
			fc.constantFrom('true', 'false', '1900-01-01T00:00:00Z', '9999-12-31T00:00:00Z', '-1', '0', '1e9', 'month', 'quarter', 'csv', 'md', 'html', 'open', 'low')
		);
		await fc.assert(
			fc.asyncProperty(fc.nat(), fc.array(fc.tuple(fc.oneof(fc.nat(), fc.string({ maxLength: 8 })), value), { maxLength: 4 }), async (pick, pairs) => {
				const { path, names } = reads[pick % reads.length];
				const query = new URLSearchParams(pairs.map(([k, v]) => [typeof k === 'number' ? (names[k % Math.max(1, names.length)] ?? 'x') : k, v]));
				const started = Date.now();
				const r = await admin.call('GET', `${path}?${query}`);
				expect(r.status, `GET ${path}?${query} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`).toBeLessThan(500);
				expect(Date.now() - started, `GET ${path}?${query} took too long`).toBeLessThan(5000);
				expect(JSON.stringify(r.body).length, `GET ${path}?${query}: an answer out of proportion`).toBeLessThan(2_000_000);
			}),
			{ numRuns: RUNS * 2 }
		);
	});

	it('evidence upload: arbitrary bytes and content types are refused without storing anything', async () => {
		const url = `${C('evidence')}/evidence`;
		const stored = async () => [(await admin.call('GET', url)).body.items.length, (await incidentState(incidents.evidence)).events];
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					fc.uint8Array({ maxLength: 3000 }),
					fc.uint8Array({ maxLength: 200 }).map((tail) => Uint8Array.from([...PNG.slice(0, 8), ...tail]))
				),
				fc.constantFrom('image/png', 'image/jpeg', 'application/pdf', 'application/octet-stream', 'text/html', 'application/json', ''),
				fc.option(
					nastyString.filter((s) => !s.includes('\uD800') && !/[\uD800-\uDFFF]/.test(s)),
					{ nil: undefined }
				),
				async (bytes, type, name) => {
					const before = await stored();
					const r = await admin.call('POST', `${url}${name === undefined ? '' : `?fileName=${encodeURIComponent(name)}`}`, bytes, { 'content-type': type });
					expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
					if (r.status >= 400) expect(await stored()).toEqual(before);
				}
			),
			{ numRuns: RUNS }
		);
	});

	it('huge, deep and oversized bodies: 413 above the limit, 400 for an over-long field, and the server stays up', async () => {
		const before = await incidentState(incidents.patch);
		const current = await version(I('patch'));
		const big = await admin.call('PATCH', I('patch'), JSON.stringify({ version: current, description: 'x'.repeat(6 * 1024 * 1024) }), { 'content-type': 'application/json' });
		expect(big.status).toBe(413);
		expect(big.body.error.code).toBe('too_large');
		const long = await admin.call('PATCH', I('patch'), { version: current, title: '标'.repeat(100_000) });
		expect(long.status).toBe(400);
		expect(long.body.error.details[0].field).toBe('title');
		const deep = await admin.call('PATCH', I('patch'), `{"version":${current},"inputs":${'['.repeat(50_000)}${']'.repeat(50_000)}}`, { 'content-type': 'application/json' });
		expect(deep.status).toBe(400);
		const bigCsv = await admin.call('POST', `${I('customers')}/customers`, `name\n${'客户\n'.repeat(5_000_000)}`, { 'content-type': 'text/csv' });
		expect(bigCsv.status).toBe(413);
		expect(await incidentState(incidents.patch)).toEqual(before);
		expect((await admin.call('GET', '/healthz')).body).toEqual({ ok: true });
	});

	it('regressions the fuzzer found: year 0, NUL characters, unpaired surrogates, characters outside the BMP', async () => {
		const before = await incidentState(incidents.customers);
		const current = await version(I('patch'));
		// each of these was a 500 (the database refused the value) and is now a 400 naming the field
		const cases: [string, string, string, string][] = [
			[
				`${C('contacts')}/contacts`,
				JSON.stringify({ apologized: true, explained: true, needAsked: false, commitment: 'x', commitmentDueAt: '0000-01-01T00:00:00Z' }),
				'application/json',
				'commitmentDueAt'
			],
			[`${I('customers')}/customers`, 'name,phone\n李\u0000雷,13900001111\n', 'text/csv', 'name'],
			[`${I('customers')}/customers`, '[{"name":"a\\u0000b"}]', 'application/json', 'name'],
			[I('patch'), `{"version":${current},"title":"a\\ud800b"}`, 'application/json', 'title'],
			[I('patch'), `{"version":${current},"inputs":{"x\\u0000":1}}`, 'application/json', 'inputs.x\\0']
		];
		for (const [path, body, type, field] of cases) {
			const r = await admin.call(path === I('patch') ? 'PATCH' : 'POST', path, body, { 'content-type': type });
			expect(r.status, `${path} ${body}: ${JSON.stringify(r.body)}`).toBe(400);
			expect(r.body.error.details[0].field).toBe(field);
		}
		expect(await incidentState(incidents.customers)).toEqual(before);
		// an order number outside the BMP is masked by character, not cut into an unpaired surrogate
		const added = await admin.call('POST', `${I('customers')}/customers`, [{ name: '韩梅梅', orderNo: '𐀀\u0001𐀀𐀀𐀀𐀀' }]);
		expect(added.status).toBe(201);
		expect(added.body.items[0].orderNo).toBe('𐀀\u0001****𐀀𐀀𐀀𐀀');
		// a century of metrics buckets was a 40 MB answer to one GET: a period is at most 120 months
		const century = await admin.call('GET', '/api/v1/metrics?from=1900-01-01T00:00:00Z&to=9999-12-31T00:00:00Z');
		expect(century.status).toBe(400);
		expect(century.body.error.details[0].field).toBe('from');
		expect((await admin.call('GET', '/api/v1/metrics?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z')).status).toBe(400);
		expect((await admin.call('GET', '/api/v1/metrics?months=120&granularity=quarter')).status).toBe(200);
		// a NUL in a query string or a page form is refused before any handler
		expect((await admin.call('GET', '/api/v1/search?q=a%00b')).status).toBe(400);
		const form = await fetch(`${ctx.server.url}/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ctx.server.url },
			body: 'email=a%00@example.com&password=x'
		});
		expect(form.status).toBe(400);
	});

	it('socket messages: arbitrary payloads get an error ack (never a crash) and the connection stays', async () => {
		const s = admin.socket();
		sockets.push(s);
		await connected(s);
		const incidentId = incidents.socket;
		expect((await s.timeout(5000).emitWithAck('subscribe', { incidentId })).ok).toBe(true);
		const payload = fc.oneof(
			nastyValue,
			fc.record({ incidentId: fc.oneof(fc.constant(incidentId), nastyValue), after: nastyValue }, { requiredKeys: [] }),
			fc.record(
				{ incidentId: fc.constant(incidentId), field: fc.oneof(fc.constantFrom('what', 'why', 'how', null), nastyValue), text: fc.oneof(nastyString, fc.string({ maxLength: 100_000 })) },
				{ requiredKeys: ['incidentId'] }
			),
			fc.record({ scope: nastyValue }),
			fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b))
		);
		await fc.assert(
			fc.asyncProperty(fc.constantFrom('subscribe', 'unsubscribe', 'review.editing'), payload, fc.boolean(), async (event, p, withAck) => {
				if (withAck) {
					const ack = await s.timeout(5000).emitWithAck(event, p);
					expect(typeof ack?.ok, `${event} ${JSON.stringify(p)?.slice(0, 200)} → ${JSON.stringify(ack)}`).toBe('boolean');
				} else {
					s.emit(event, p);
				}
				expect(s.connected).toBe(true);
			}),
			{ numRuns: RUNS * 2 }
		);
		// unknown events, no payload, several arguments, and a non-function "ack"
		s.emit('no-such-event', { a: 1 });
		s.emit('subscribe');
		s.emit('subscribe', { incidentId }, 'not a function', 42);
		s.emit('review.editing', { incidentId, field: 'what' }, { ack: true });
		const ack = await s.timeout(5000).emitWithAck('subscribe', { incidentId });
		expect(ack.ok).toBe(true);
		expect(s.connected).toBe(true);
		expect((await admin.call('GET', '/healthz')).body).toEqual({ ok: true });
	});

	it('the server logged no unhandled error during the fuzzing', () => {
		expect(ctx.server.output).not.toMatch(/unhandled (API )?error/);
		expect(ctx.server.proc?.exitCode).toBeNull();
	});
});
