// Abuse at the edges, against the real server (issue #19, second hardening round): after a real
// sign-in the browser never leaves the site whatever `next` says, and a `next` with CR/LF is no
// 500; parallel password guesses are checked at most as often as the limit allows (per account and
// per address); a flood of invalid bearer tokens meets the API limit; a socket flooding messages is
// answered `rate_limited` and cut while another socket goes on; a month outside 1900–9999 is a 400.
// The server reads the client address from X-Forwarded-For (ADDRESS_HEADER), so each test has its own.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Socket } from 'socket.io-client';
import { TestServer, ADMIN } from '../support/server';
import { ApiClient, connected, emitAck } from '../support/client';

const LOGIN_MAX_FAILURES = 5;
const PER_ADDRESS = LOGIN_MAX_FAILURES * 10;
const API_LIMIT = 30;

describe('Abuse limits', () => {
	let server: TestServer;
	let base: string;
	let admin: ApiClient;
	const sockets: Socket[] = [];

	/** A bearer token from /api/v1/auth/token, signed in from `address`. */
	async function tokenFrom(address: string, email: string, password: string) {
		return new ApiClient(base).call('POST', '/api/v1/auth/token', { email, password }, { 'x-forwarded-for': address });
	}

	/** The login form, posted as a browser does (or as `use:enhance` does, answered in JSON). */
	function formSignIn(address: string, query: string, email: string, password: string, enhanced = false) {
		return fetch(`${base}/login${query}`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: enhanced ? 'application/json' : 'text/html',
				...(enhanced ? { 'x-sveltekit-action': 'true' } : {}),
				origin: base,
				'x-forwarded-for': address
			},
			body: new URLSearchParams({ email, password })
		});
	}

	async function createUser(email: string, password: string) {
		const r = await admin.call('POST', '/api/v1/users', { email, name: email.split('@')[0], password, roles: ['responder'], groups: ['tech_support'] });
		expect(r.status, JSON.stringify(r.body)).toBe(201);
	}

	beforeAll(async () => {
		server = await new TestServer({
			env: {
				WARROOM_LOGIN_MAX_FAILURES: String(LOGIN_MAX_FAILURES),
				WARROOM_API_RATE_LIMIT: String(API_LIMIT),
				ADDRESS_HEADER: 'x-forwarded-for',
				XFF_DEPTH: '1',
				// the default per connection; a small one per address (the support server lifts all of them)
				WARROOM_SOCKET_MESSAGE_RATE: '20',
				WARROOM_SOCKET_MESSAGE_BURST: '40',
				WARROOM_SOCKET_ADDRESS_RATE: '5',
				WARROOM_SOCKET_ADDRESS_BURST: '100'
			}
		}).start();
		base = server.url;
		const r = await tokenFrom('10.9.9.9', ADMIN.email, ADMIN.password);
		expect(r.status).toBe(201);
		admin = new ApiClient(base, r.body.token);
	});
	afterAll(async () => {
		sockets.forEach((s) => s.close());
		await server?.stop();
		server?.cleanup();
	});

	describe('the page after sign-in (next)', () => {
		const address = '10.1.0.3';
		const email = 'traveller@example.com';
		const password = 'traveller-password-1';
		beforeAll(() => createUser(email, password));

		it.each([
			'/%5Cevil.example',
			'/%09/evil.example',
			'/\\/evil.example',
			'//evil.example',
			'/%2F%2Fevil.example',
			'/%252F%252Fevil.example',
			'https://evil.example',
			'javascript:alert(1)',
			'/%0d%0aSet-Cookie:%20x=1',
			'%0d%0aLocation:%20https://evil.example'
		])('a real sign-in with next=%s stays on this site (303 to /)', async (next) => {
			const res = await formSignIn(address, `?next=${next}`, email, password);
			expect(res.status).toBe(303);
			expect(res.headers.get('set-cookie')).toMatch(/^warroom_session=wrs_/);
			const location = res.headers.get('location')!;
			expect(new URL(location, base).origin).toBe(base);
			expect(location).toBe('/');
			// the same through use:enhance (the browser then goes where the JSON says)
			const enhanced = await formSignIn(address, `?next=${next}`, email, password, true);
			const body = await enhanced.json();
			expect(body).toMatchObject({ type: 'redirect', status: 303, location: '/' });
		});

		it('a path on this site is kept, with its query and fragment', async () => {
			const res = await formSignIn(address, `?next=${encodeURIComponent('/incidents/abc?tab=x#y')}`, email, password);
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toBe('/incidents/abc?tab=x#y');
		});

		it('the sign-in page with a CR/LF next renders (no 500), with a session too; a wrong password is 401, not 500', async () => {
			const page = await fetch(`${base}/login?next=%0d%0aSet-Cookie:%20x=1`, { headers: { 'x-forwarded-for': address } });
			expect(page.status).toBe(200);
			expect(await page.text()).toContain('name="password"');
			const signedIn = await formSignIn(address, '', email, password);
			const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
			const again = await fetch(`${base}/login?next=%0d%0a`, { redirect: 'manual', headers: { cookie, 'x-forwarded-for': address } });
			expect(again.status).toBe(303);
			expect(again.headers.get('location')).toBe('/');
			expect((await formSignIn(address, '?next=%0d%0a', email, 'wrong-password-1')).status).toBe(401);
		});
	});

	describe('failed sign-ins, in parallel', () => {
		it(`50 parallel guesses at one account: at most ${LOGIN_MAX_FAILURES} are checked (401), the rest 429; then the right password is 429 too`, async () => {
			const address = '10.1.0.1';
			const email = 'victim@example.com';
			const password = 'victim-password-1';
			await createUser(email, password);
			// 20 through the API (under its own per-address limit of 30 a minute), 30 through the sign-in form: one limit for both
			const guesses = await Promise.all(
				Array.from({ length: 50 }, (_, i) => (i % 5 < 2 ? tokenFrom(address, email, `guess-${i}`).then((r) => r.status) : formSignIn(address, '', email, `guess-${i}`).then((r) => r.status)))
			);
			const checked = guesses.filter((s) => s === 401).length;
			expect(guesses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
			expect(checked).toBeLessThanOrEqual(LOGIN_MAX_FAILURES);
			expect(checked).toBeGreaterThan(0);
			const right = await tokenFrom(address, email, password);
			expect(right.status).toBe(429);
			expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
			expect((await formSignIn(address, '', email, password)).status).toBe(429);
			// the account itself is not locked for its owner elsewhere
			expect((await tokenFrom('10.1.0.100', email, password)).status).toBe(201);
		});

		it(`parallel guesses at 80 accounts from one address: at most ${PER_ADDRESS} are checked, then even a right password from there is 429`, async () => {
			const address = '10.1.0.2';
			const email = 'bystander@example.com';
			const password = 'bystander-password-1';
			await createUser(email, password);
			// through the sign-in form: the API's own per-address limit (30 a minute here) is not what is tested
			const guesses = await Promise.all(Array.from({ length: 80 }, (_, i) => formSignIn(address, '', `nobody-${i}@example.com`, 'guess-password').then((r) => r.status)));
			const checked = guesses.filter((s) => s === 401).length;
			expect(guesses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
			expect(checked).toBeLessThanOrEqual(PER_ADDRESS);
			expect(checked).toBeGreaterThan(0);
			expect((await tokenFrom(address, email, password)).status).toBe(429);
			expect((await tokenFrom('10.1.0.200', email, password)).status).toBe(201);
		});
	});

	it(`invalid bearer tokens count against the address's API limit: a flood of them meets 429 after ${API_LIMIT}`, async () => {
		const address = '10.1.0.4';
		const statuses: number[] = [];
		for (let i = 0; i < API_LIMIT + 10; i++) {
			const r = await new ApiClient(base, `wr_not-a-token-${i}`).call('GET', '/api/v1/incidents', undefined, { 'x-forwarded-for': address });
			statuses.push(r.status);
			if (r.status === 429) {
				expect(r.body.error.code).toBe('rate_limited');
				expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
			}
		}
		expect(statuses.slice(0, API_LIMIT).every((s) => s === 401)).toBe(true);
		expect(statuses.slice(API_LIMIT)).toEqual(Array(10).fill(429));
		// an anonymous call from there is limited too; a valid token (its own limit) is not
		expect((await new ApiClient(base).call('GET', '/api/v1/incidents', undefined, { 'x-forwarded-for': address })).status).toBe(429);
		expect((await admin.call('GET', '/api/v1/incidents', undefined, { 'x-forwarded-for': address })).status).toBe(200);
	});

	describe('socket messages', () => {
		let incidentId: string;
		beforeAll(async () => {
			incidentId = (await admin.call('POST', '/api/v1/incidents', { title: 'Socket flood', category: 'service_failure' })).body.id;
		});
		const open = async (address: string) => {
			const s = admin.socket(undefined, { extraHeaders: { 'x-forwarded-for': address } });
			sockets.push(s);
			await connected(s);
			expect((await emitAck(s, 'subscribe', { incidentId })).ok).toBe(true);
			return s;
		};

		it('one socket emitting 500 messages at once gets rate_limited answers and is cut; another from the same address keeps its answers and broadcasts', async () => {
			const address = '10.2.0.1';
			const [flood, bystander, speaker] = [await open(address), await open(address), await open('10.2.0.2')];
			const heard: string[] = [];
			bystander.on('review.editing', (m: { socketId: string; text?: string }) => heard.push(`${m.socketId}:${m.text ?? ''}`));
			const answers: string[] = [];
			const cut = new Promise<string>((resolve) => flood.once('disconnect', resolve));
			for (let i = 0; i < 500; i++) {
				flood.emit('review.editing', { incidentId, field: 'what', text: `flood ${i}` }, (res: { ok: boolean; error?: { code: string } }) => answers.push(res.ok ? 'ok' : res.error!.code));
			}
			expect(await cut).toBe('io server disconnect');
			expect(answers).toContain('rate_limited');
			expect(answers.filter((a) => a === 'ok').length).toBeLessThanOrEqual(40 + 1);
			expect(answers.filter((a) => a !== 'ok' && a !== 'rate_limited')).toEqual([]);
			// the bystander on the same address: normal answers, and it hears the others
			expect(bystander.connected).toBe(true);
			expect(await emitAck(bystander, 'review.editing', { incidentId, field: 'why.rootCause', text: 'still here' })).toEqual({ ok: true });
			const got = new Promise<void>((resolve) => bystander.on('review.editing', (m: { text?: string }) => m.text === 'after the flood' && resolve()));
			expect(await emitAck(speaker, 'review.editing', { incidentId, field: 'how.wentWell', text: 'after the flood' })).toEqual({ ok: true });
			await got;
			expect(heard.some((h) => h.startsWith(`${speaker.id}:`))).toBe(true);
		});

		it('many sockets from one address share its limit (100 at once here); another address is not affected', async () => {
			const address = '10.2.0.3';
			const crowd = await Promise.all(Array.from({ length: 5 }, () => open(address)));
			const answers = await Promise.all(
				crowd.flatMap((s, k) => Array.from({ length: 30 }, (_, i) => emitAck(s, 'review.editing', { incidentId, field: 'what', text: `crowd ${k}.${i}` }).then((r) => (r.ok ? 'ok' : r.error.code))))
			);
			// 5 subscriptions + 150 messages against a burst of 100 (refilled at 5/s while they arrive)
			expect(answers.filter((a) => a === 'ok').length).toBeLessThan(150);
			expect(answers).toContain('rate_limited');
			expect(crowd.every((s) => s.connected)).toBe(true);
			const other = await open('10.2.0.4');
			expect(await emitAck(other, 'review.editing', { incidentId, field: 'what', text: 'elsewhere' })).toEqual({ ok: true });
		});
	});

	describe('months out of range', () => {
		it.each(['0000-01', '0001-01', '1899-12', '2026-13', '2026-00', '10000-01', '2026-1', 'x'])('/metrics/report?month=%s is 400 naming the month, not 500', async (month) => {
			const signedIn = await formSignIn('10.3.0.1', '', ADMIN.email, ADMIN.password);
			const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
			const res = await fetch(`${base}/metrics/report?month=${month}`, { headers: { cookie } });
			expect(res.status).toBe(400);
			const text = await res.text();
			expect(text).toContain('month');
			expect(text).toContain(month);
		});

		it('a good month renders', async () => {
			const signedIn = await formSignIn('10.3.0.1', '', ADMIN.email, ADMIN.password);
			const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
			expect((await fetch(`${base}/metrics/report?month=1900-01`, { headers: { cookie } })).status).toBe(200);
			expect((await fetch(`${base}/metrics/report?month=9999-12`, { headers: { cookie } })).status).toBe(200);
		});

		it.each([
			['from', '0000-01-01T00:00:00Z'],
			['from', '2026-13-01T00:00:00Z'],
			['to', '0001-01-01T00:00:00Z'],
			['to', '10000-01-01T00:00:00Z'],
			['months', '0'],
			['months', '121']
		])('/api/v1/metrics?%s=%s is 400 naming the field', async (field, value) => {
			const r = await admin.call('GET', `/api/v1/metrics?${field}=${value}`);
			expect(r.status).toBe(400);
			expect(r.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
		});
	});
});
