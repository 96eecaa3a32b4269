// Role × endpoint matrix against the real server. The operations come from the served OpenAPI
// document, and what each principal may do from each operation's `x-warroom-access` — so a new
// endpoint is in the matrix the moment it is in the document (and the document must say who may
// call it). Every operation is called by every principal with real path parameters and a valid
// body: a principal outside `x-warroom-access` gets 401 (anonymous) or 403 and changes nothing
// (checked by a fingerprint of the server's state before and after); one inside it never gets
// 401/403 for its role (403 only for a documented object rule, e.g. a group), and never a 5xx.
// The socket messages are held to `x-realtime`'s access the same way; so are the admin pages.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Socket } from 'socket.io-client';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient, connected, createUsers, emitAck } from '../support/client';

type Role = 'admin' | 'lead' | 'responder' | 'viewer';
interface Access {
	anonymous: boolean;
	display: boolean;
	roles: Role[];
	condition?: string;
}
interface Operation {
	operationId: string;
	requestBody?: unknown;
	'x-warroom-access'?: Access;
}
interface Document {
	paths: Record<string, Record<string, Operation>>;
	'x-realtime': { clientToServer: Record<string, { access?: Access }> };
}

interface Principal {
	name: string;
	kind: 'anonymous' | 'display' | 'user' | 'integration';
	roles: Role[];
	client: ApiClient;
	/** A second credential of the same kind and role, for operations that end the caller's own credential. */
	fresh(): Promise<ApiClient>;
}

const ALL_GROUPS = ['customer_service', 'tech_support', 'quality_control', 'logistics', 'pr', 'leadership', 'legal'];
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
/** The messages of the role checks themselves: an allowed role must never see them. */
const ROLE_GATE = /^(Your role does not allow|Display access is read-only|Only admins and leads may adjust stock)/;

/** What a principal should get: 'allow', or the status of the refusal. */
function expectation(access: Access, p: Pick<Principal, 'kind' | 'roles'>): 'allow' | 401 | 403 {
	if (access.anonymous) return 'allow';
	if (p.kind === 'anonymous') return 401;
	if (p.kind === 'display') return access.display ? 'allow' : 403;
	return p.roles.some((r) => access.roles.includes(r)) ? 'allow' : 403;
}

describe.each(DRIVERS)('Security matrix on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let observer: ApiClient; // the env admin: reads state, never one of the principals
	let doc: Document;
	const principals: Principal[] = [];
	const ids: Record<string, string> = {};
	const people: Record<string, { id: string; email: string }> = {};
	let displayToken = '';
	const sockets: Socket[] = [];

	/** Everything a refused request could have changed, as the admin sees it. */
	async function fingerprint(): Promise<string> {
		const get = async (path: string, pick: (x: any) => unknown = (x) => x) => {
			const r = await observer.call('GET', path);
			return r.status === 200 ? (r.body.items ?? [r.body]).map(pick) : r.status;
		};
		const parts = await Promise.all([
			get(`/api/v1/incidents/${ids.id}`, (i) => [i.version, i.phase, i.level]),
			get('/api/v1/incidents?phase=initiation', (i) => i.id),
			get('/api/v1/users', (u) => [u.id, u.name, u.roles, u.groups, u.disabled]),
			get('/api/v1/integration-tokens', (t) => [t.id, t.revokedAt]),
			get('/api/v1/display-tokens', (t) => [t.id, t.revokedAt]),
			get('/api/v1/resources', (r) => [r.id, r.stock, r.version]),
			get('/api/v1/compensation-policies', (p) => [p.id, p.title, p.active]),
			get('/api/v1/emergency-contacts', (c) => [c.id, c.name]),
			get('/api/v1/webhooks', (w) => [w.id, w.name, w.url, w.enabled]),
			get(`/api/v1/webhooks/${ids.wid}/deliveries`, (d) => d.id),
			get('/api/v1/improvements', (i) => [i.id, i.status]),
			get(`/api/v1/incidents/${ids.id}/customers/${ids.cid}/evidence`, (e) => e.id)
		]);
		return JSON.stringify(parts);
	}

	/** A valid request body for each operation that takes one (so only authorisation can refuse it). */
	const BODIES: Record<string, (p: Principal) => unknown | Promise<unknown>> = {
		'POST /api/v1/auth/token': () => ({ email: people.viewer.email, password: 'password-123' }),
		'POST /api/v1/users': (p) => ({ email: `made-by-${p.name.replace(/\W/g, '-')}-${Date.now() % 1e6}@example.com`, name: 'Made by matrix', password: 'password-123', roles: ['viewer'] }),
		'PATCH /api/v1/users/{uid}': (p) => ({ name: `Renamed by ${p.name}` }),
		'POST /api/v1/display-tokens': () => ({ label: 'Matrix wall' }),
		'POST /api/v1/display-session': () => ({ token: displayToken }),
		'POST /api/v1/incidents': () => ({ title: 'Declared by the matrix', category: 'service_failure' }),
		'PATCH /api/v1/incidents/{id}': async (p) => ({ version: (await observer.call('GET', `/api/v1/incidents/${ids.id}`)).body.version, description: `Changed by ${p.name}` }),
		'POST /api/v1/incidents/{id}/level': async () => ({ level: (await observer.call('GET', `/api/v1/incidents/${ids.id}`)).body.level, reason: 'matrix' }),
		'POST /api/v1/incidents/{id}/phase': () => ({ phase: 'closed' }),
		'POST /api/v1/incidents/{id}/customers': (p) => [{ name: `Customer of ${p.name}` }],
		'POST /api/v1/incidents/{id}/customers/{cid}/contacts': () => ({ reached: false, note: 'no answer' }),
		'POST /api/v1/incidents/{id}/customers/{cid}/unreachable': () => ({ reason: 'no answer on any channel' }),
		'POST /api/v1/incidents/{id}/customers/{cid}/authorization': () => ({ channel: 'phone' }),
		'POST /api/v1/incidents/{id}/customers/{cid}/contacts/{contactId}/close': () => ({ note: 'done' }),
		'POST /api/v1/incidents/{id}/customers/{cid}/evidence': () => PNG,
		'PUT /api/v1/incidents/{id}/response/seats/{seat}': () => ({ userId: people.responder.id }),
		'PUT /api/v1/incidents/{id}/response/duties/{group}/{item}': () => ({ done: true }),
		'POST /api/v1/incidents/{id}/measures': () => ({ kind: 'other', description: 'matrix' }),
		'PUT /api/v1/incidents/{id}/cause': async () => ({ version: (await observer.call('GET', `/api/v1/incidents/${ids.id}/cause`)).body.version, rootCause: 'matrix', directCause: 'matrix' }),
		'POST /api/v1/incidents/{id}/solutions': () => ({ kind: 'repair', description: 'matrix' }),
		'POST /api/v1/incidents/{id}/solutions/{sid}/approve': () => ({ comment: 'ok' }),
		'POST /api/v1/incidents/{id}/solutions/{sid}/progress': () => ({ note: 'matrix' }),
		'POST /api/v1/incidents/{id}/solutions/{sid}/quality-check': () => ({ passed: true }),
		'POST /api/v1/incidents/{id}/customers/{cid}/survey': () => ({ speed: 5, result: 5, attitude: 5 }),
		'POST /api/v1/incidents/{id}/customers/{cid}/confirmation': () => ({ result: 'satisfied', method: 'phone' }),
		'POST /api/v1/incidents/{id}/customers/{cid}/confirmation-waiver': (p) => ({ reason: `Waived by ${p.name}` }),
		'POST /api/v1/incidents/{id}/follow-ups/{fid}/done': () => ({ note: 'called back' }),
		'PUT /api/v1/incidents/{id}/postmortem': async () => ({ version: (await observer.call('GET', `/api/v1/incidents/${ids.id}/postmortem`)).body.version, what: 'matrix' }),
		'POST /api/v1/incidents/{id}/improvements': () => ({ type: 'process', description: 'matrix' }),
		'PATCH /api/v1/improvements/{iid}': () => ({ status: 'in_progress' }),
		'POST /api/v1/resources': () => ({ kind: 'repair_tool', name: 'Matrix tool', stock: 1 }),
		'PATCH /api/v1/resources/{rid}': async (p) => ({ version: (await observer.call('GET', `/api/v1/resources/${ids.rid}`)).body.version, location: `shelf of ${p.name}` }),
		'POST /api/v1/resources/{rid}/adjust': () => ({ delta: 1, reason: 'matrix' }),
		'POST /api/v1/compensation-policies': () => ({ category: 'service_failure', title: 'Matrix policy' }),
		'PATCH /api/v1/compensation-policies/{pid}': (p) => ({ title: `Policy of ${p.name}` }),
		'POST /api/v1/emergency-contacts': () => ({ kind: 'supplier', name: 'Matrix supplier' }),
		'PATCH /api/v1/emergency-contacts/{ecid}': (p) => ({ name: `Contact of ${p.name}` }),
		'POST /api/v1/integration-tokens': () => ({ name: 'Matrix system', role: 'viewer' }),
		'POST /api/v1/inbound/alerts': (p) => ({ system: 'matrix', externalId: `alert-${p.name}`, title: 'Alert from the matrix', category: 'service_failure' }),
		'POST /api/v1/webhooks': () => ({ url: 'http://127.0.0.1:9/matrix', format: 'generic', events: ['incident.declared'], enabled: false }),
		'PATCH /api/v1/webhooks/{wid}': (p) => ({ name: `Hook of ${p.name}` })
	};
	const QUERIES: Record<string, string> = { 'GET /api/v1/search': '?q=matrix' };

	beforeAll(async () => {
		// its webhooks point at a closed loopback port: internal receivers, allowed explicitly
		ctx = await startServer(driver, { env: { WARROOM_WEBHOOK_ALLOW_PRIVATE: 'true' } });
		const base = ctx.server.url;
		observer = await ApiClient.login(base);
		doc = (await new ApiClient(base).call('GET', '/api/v1/openapi.json')).body;

		const specs = [
			['viewer@example.com', 'Viewer', ['viewer'], ['customer_service']],
			['responder@example.com', 'Responder', ['responder'], ALL_GROUPS],
			['lead@example.com', 'Lead', ['lead'], ALL_GROUPS],
			['admin2@example.com', 'Admin', ['admin'], ALL_GROUPS],
			['spare@example.com', 'Spare', ['viewer'], []]
		] as const;
		const { clients, ids: userIds } = await createUsers(observer, specs);
		specs.forEach(([email, , roles], i) => (people[roles[0] === 'viewer' && i === 4 ? 'spare' : roles[0]] = { id: userIds[i], email }));
		ids.uid = people.spare.id;
		specs
			.slice(0, 4)
			.forEach(([email, , roles], i) => principals.push({ name: roles[0], kind: 'user', roles: [...roles], client: clients[i], fresh: () => ApiClient.login(base, email, 'password-123') }));
		const display = await observer.call('POST', '/api/v1/display-tokens', { label: 'Matrix display' });
		displayToken = display.body.token;
		principals.push({
			name: 'display token',
			kind: 'display',
			roles: [],
			client: new ApiClient(base, displayToken),
			fresh: async () => new ApiClient(base, (await observer.call('POST', '/api/v1/display-tokens', { label: 'Matrix display 2' })).body.token)
		});
		for (const role of ['lead', 'responder', 'viewer'] as const) {
			const mint = async () => new ApiClient(base, (await observer.call('POST', '/api/v1/integration-tokens', { name: `Matrix ${role}`, role })).body.token);
			principals.push({ name: `integration token (${role})`, kind: 'integration', roles: [role], client: await mint(), fresh: mint });
		}
		principals.unshift({ name: 'anonymous', kind: 'anonymous', roles: [], client: new ApiClient(base), fresh: async () => new ApiClient(base) });

		// One incident taken to resolution, with customers, a survey that opened a re-follow-up task,
		// an approved solution, an improvement and an evidence file; the global objects besides.
		const inc = (await observer.call('POST', '/api/v1/incidents', { title: 'Matrix incident', category: 'product_quality', inputs: { estimatedAffectedCustomers: 3 } })).body;
		ids.id = inc.id;
		const I = `/api/v1/incidents/${inc.id}`;
		const customers = (await observer.call('POST', `${I}/customers`, [{ name: '任秀兰', phone: '13812345678' }, { name: '李雷' }])).body.items;
		ids.cid = customers[0].id;
		expect((await observer.call('POST', `${I}/phase`, { phase: 'containment', overrideReason: 'matrix setup: no notice' })).status).toBe(200);
		for (const c of customers) await observer.call('POST', `${I}/customers/${c.id}/contacts`, { apologized: true, explained: true, needAsked: false });
		// a commitment made by the observer (admin), for the close operation
		const committed = { apologized: true, explained: true, needAsked: false, commitment: 'call back', commitmentDueAt: new Date(Date.now() + 3600_000).toISOString() };
		ids.contactId = (await observer.call('POST', `${I}/customers/${ids.cid}/contacts`, committed)).body.id;
		expect((await observer.call('POST', `${I}/phase`, { phase: 'resolution' })).status).toBe(200);
		const survey = await observer.call('POST', `${I}/customers/${customers[1].id}/survey`, { speed: 1, result: 2, attitude: 2 });
		ids.fid = survey.body.satisfaction.followUps[0].id;
		ids.sid = (await observer.call('POST', `${I}/solutions`, { kind: 'repair', description: 'Replace the battery' })).body.id;
		expect((await observer.call('POST', `${I}/solutions/${ids.sid}/approve`, {})).status).toBe(200);
		ids.iid = (await observer.call('POST', `${I}/improvements`, { type: 'product', description: 'Better cells' })).body.id;
		await observer.call('POST', `${I}/customers/${ids.cid}/authorization`, { channel: 'phone' });
		const evidence = await observer.call('POST', `${I}/customers/${ids.cid}/evidence?fileName=photo.png`, PNG, { 'content-type': 'image/png' });
		ids.eid = evidence.body.id;
		ids.rid = (await observer.call('POST', '/api/v1/resources', { kind: 'spare_product', name: 'X1 spare', stock: 50 })).body.id;
		ids.pid = (await observer.call('POST', '/api/v1/compensation-policies', { category: 'product_quality', title: 'Coupon' })).body.id;
		ids.ecid = (await observer.call('POST', '/api/v1/emergency-contacts', { kind: 'supplier', name: 'Battery supplier' })).body.id;
		ids.wid = (await observer.call('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', format: 'generic', events: ['incident.declared'], enabled: false })).body.id;
		ids.did = (await observer.call('POST', `/api/v1/webhooks/${ids.wid}/test`)).body.id;
		ids.tid = (await observer.call('POST', '/api/v1/integration-tokens', { name: 'To be revoked', role: 'viewer' })).body.id;
		ids.dtid = (await observer.call('POST', '/api/v1/display-tokens', { label: 'To be revoked' })).body.id;
		Object.assign(ids, { seat: 'customer_service', group: 'customer_service', item: '0', kind: 'postmortem' });
		expect(Object.values(ids).every(Boolean), JSON.stringify(ids)).toBe(true);
	});

	afterAll(async () => {
		sockets.forEach((s) => s.close());
		await ctx?.close();
	});

	it('the document declares who may call every operation', () => {
		const missing = Object.entries(doc.paths).flatMap(([path, item]) =>
			Object.entries(item)
				.filter(([, op]) => !op['x-warroom-access'])
				.map(([m]) => `${m.toUpperCase()} ${path}`)
		);
		expect(missing, 'operations without x-warroom-access in src/lib/server/openapi.ts').toEqual([]);
		expect(Object.values(doc.paths).flatMap((item) => Object.keys(item)).length).toBeGreaterThan(75);
	});

	it('every operation × every principal: refused as declared, without a change; allowed ones are not refused', async () => {
		const problems: string[] = [];
		const ops = Object.entries(doc.paths)
			.flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, op })))
			// deletions last, so the objects they remove are there for everything else
			.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
		let calls = 0;
		for (const { key, method, path, op } of ops) {
			const access = op['x-warroom-access']!;
			if (op.requestBody && !BODIES[key]) {
				problems.push(`${key}: no sample body in security-matrix.test.ts`);
				continue;
			}
			const url = path.replace(/\{(\w+)\}/g, (_, n: string) => ids[n] ?? `missing-${n}`) + (QUERIES[key] ?? '');
			const call = async (p: Principal, client = p.client) => {
				calls++;
				const body = op.requestBody ? await BODIES[key](p) : undefined;
				const headers: Record<string, string> = body instanceof Uint8Array ? { 'content-type': 'image/png' } : {};
				return client.call(method, url, body, headers);
			};
			const denied = principals.filter((p) => expectation(access, p) !== 'allow');
			const allowed = principals.filter((p) => expectation(access, p) === 'allow');

			const before = await fingerprint();
			for (const p of denied) {
				const want = expectation(access, p) as number;
				const r = await call(p);
				if (r.status !== want) problems.push(`${key} as ${p.name}: expected ${want}, got ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
				else if (r.body?.error?.code !== (want === 401 ? 'unauthorized' : 'forbidden')) problems.push(`${key} as ${p.name}: ${want} without the error envelope`);
			}
			const after = await fingerprint();
			if (after !== before) problems.push(`${key}: a refused request (as ${denied.map((p) => p.name).join(', ')}) changed the server's state`);

			for (const p of allowed) {
				// revoking "my own token" would end the principal used by every other row: use a second one
				const client = key === 'DELETE /api/v1/auth/token' ? await p.fresh() : p.client;
				const r = await call(p, client);
				const roleGate = r.status === 403 && (!access.condition || ROLE_GATE.test(r.body?.error?.message ?? ''));
				if (r.status === 401 || roleGate || r.status >= 500) problems.push(`${key} as ${p.name}: allowed by x-warroom-access, got ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
			}
		}
		expect(problems).toEqual([]);
		expect(calls).toBeGreaterThan(ops.length * principals.length * 0.9);
		// about 750 real requests: minutes, not seconds, when the machine is busy
	}, 300_000);

	it('socket messages × every principal, as x-realtime declares', async () => {
		const problems: string[] = [];
		const realtime = doc['x-realtime'].clientToServer;
		expect(Object.keys(realtime)).toEqual(['subscribe', 'unsubscribe', 'review.editing']);
		const payloads: Record<string, unknown> = { subscribe: { incidentId: ids.id }, unsubscribe: { incidentId: ids.id }, 'review.editing': { incidentId: ids.id, field: 'what' } };
		for (const p of principals) {
			const s = p.client.socket(p.client.token, p.kind === 'anonymous' ? { auth: {} } : {});
			sockets.push(s);
			const ok = await connected(s).then(
				() => true,
				(err: Error) => err.message
			);
			if (p.kind === 'anonymous') {
				if (ok !== 'unauthorized') problems.push(`socket handshake as anonymous: expected "unauthorized", got ${ok}`);
				continue;
			}
			if (ok !== true) {
				problems.push(`socket handshake as ${p.name}: ${ok}`);
				continue;
			}
			// subscribe first so review.editing is judged on the role, not on "not subscribed"
			for (const event of ['subscribe', 'review.editing', 'unsubscribe']) {
				const access = realtime[event].access;
				if (!access) {
					problems.push(`${event}: no access in x-realtime`);
					continue;
				}
				const ack = await emitAck(s, event, payloads[event]);
				const want = expectation(access, p);
				if (want === 'allow' && !ack.ok) problems.push(`${event} as ${p.name}: allowed, got ${JSON.stringify(ack)}`);
				if (want !== 'allow' && (ack.ok || ack.error?.code !== 'forbidden')) problems.push(`${event} as ${p.name}: expected forbidden, got ${JSON.stringify(ack)}`);
			}
			s.close();
		}
		expect(problems).toEqual([]);
	});

	it('admin pages: signed-out visitors are sent to sign in, other roles get 403, admins the page', async () => {
		const base = ctx.server.url;
		const problems: string[] = [];
		const wid = (await observer.call('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/pages', format: 'generic', events: ['incident.declared'], enabled: false })).body.id;
		const sessions: [string, Role[], string][] = [['anonymous', [], '']];
		for (const p of principals.filter((x) => x.kind === 'user')) {
			const email = people[p.name].email;
			const res = await fetch(`${base}/login`, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: base },
				body: new URLSearchParams({ email, password: 'password-123' })
			});
			sessions.push([p.name, p.roles, (res.headers.get('set-cookie') ?? '').split(';')[0]]);
		}
		for (const page of ['/admin/users', '/admin/webhooks', `/admin/webhooks/${wid}`]) {
			for (const [name, roles, cookie] of sessions) {
				const r = await fetch(`${base}${page}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
				const want = !cookie ? 303 : roles.includes('admin') ? 200 : 403;
				if (r.status !== want) problems.push(`GET ${page} as ${name}: expected ${want}, got ${r.status}`);
			}
			// a form action of the page, posted by a non-admin, is refused the same way and changes nothing
			const [, , viewerCookie] = sessions.find(([n]) => n === 'viewer')!;
			const before = await fingerprint();
			const action = page === '/admin/users' ? '?/update' : '?/toggle';
			const r = await fetch(`${base}${page}${action}`, {
				method: 'POST',
				headers: { cookie: viewerCookie, origin: base, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
				body: new URLSearchParams({ id: page === '/admin/users' ? ids.uid : wid, name: 'Hijacked', roles: 'admin', enabled: 'true' })
			});
			if (r.status !== 403) problems.push(`POST ${page}${action} as viewer: expected 403, got ${r.status}`);
			if ((await fingerprint()) !== before) problems.push(`POST ${page}${action} as viewer changed the server's state`);
		}
		expect(problems).toEqual([]);
	});
});
