// Headers and limits against the real server: security headers on pages and API answers (HSTS
// only over https), a socket message above the size limit cuts that socket and no other, a JSON
// body above the limit is 413 and changes nothing, and no secret (token, session, password) ever
// appears in a URL the server hands out or in its log, even at the most verbose level.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startServer, TestServer, ADMIN } from '../support/server';
import { ApiClient, connected, createUsers, emitAck } from '../support/client';

describe('Headers, limits and secrets', () => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	const sockets: Socket[] = [];

	beforeAll(async () => {
		ctx = await startServer('pglite', { env: { WARROOM_LOG_LEVEL: 'trace' } });
		admin = await ApiClient.login(ctx.server.url);
	});
	afterAll(async () => {
		sockets.forEach((s) => s.close());
		await ctx?.close();
	});

	it('pages carry the CSP and the other security headers; so do API answers; no HSTS over plain http', async () => {
		const page = await fetch(`${ctx.server.url}/login`);
		expect(page.status).toBe(200);
		const csp = page.headers.get('content-security-policy') ?? '';
		for (const d of [
			"default-src 'self'",
			"script-src 'self' 'nonce-",
			"style-src-attr 'unsafe-inline'",
			"img-src 'self' data: blob:",
			"connect-src 'self'",
			"object-src 'none'",
			"base-uri 'self'",
			"form-action 'self'",
			"frame-ancestors 'none'"
		]) {
			expect(csp).toContain(d);
		}
		// the nonce in the header is the one on the page's inline script
		const nonce = /'nonce-([^']+)'/.exec(csp)![1];
		expect(await page.text()).toContain(`nonce="${nonce}"`);

		const api = await admin.call('GET', '/api/v1/incidents');
		for (const res of [page, api]) {
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('referrer-policy')).toBe('same-origin');
			expect(res.headers.get('x-frame-options')).toBe('DENY');
			expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
			expect(res.headers.get('permissions-policy')).toContain('camera=()');
			expect(res.headers.get('strict-transport-security')).toBeNull();
		}
		expect(api.headers.get('cache-control')).toBe('no-store');
		expect((await admin.call('GET', '/api/v1/openapi.json')).headers.get('cache-control')).toContain('public');
	});

	it('HTML that is not a page (an archive document) gets a policy without any script', async () => {
		const inc = (await admin.call('POST', '/api/v1/incidents', { title: '<script>alert(1)</script>', category: 'service_failure' })).body;
		for (const phase of ['containment', 'resolution', 'follow_up', 'closed']) {
			expect((await admin.call('POST', `/api/v1/incidents/${inc.id}/phase`, { phase, overrideReason: 'security test' })).status, phase).toBe(200);
		}
		const res = await fetch(`${ctx.server.url}/api/v1/incidents/${inc.id}/documents/postmortem?format=html`, { headers: { authorization: `Bearer ${admin.token}` } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/html');
		const csp = res.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/^default-src 'none'; style-src 'unsafe-inline';/);
		expect(csp).not.toContain('script-src');
		expect(csp).toContain("frame-ancestors 'none'");
		expect(await res.text()).not.toContain('<script>alert(1)</script>');
	});

	it('a socket message above 256 KB cuts that socket only; others keep working', async () => {
		const inc = (await admin.call('POST', '/api/v1/incidents', { title: 'Big message', category: 'service_failure' })).body;
		const [big, other] = [admin.socket(), admin.socket()];
		sockets.push(big, other);
		await Promise.all([connected(big), connected(other)]);
		await emitAck(big, 'subscribe', { incidentId: inc.id });
		// just under the limit is answered (refused by the payload schema: text is at most 5,000 characters), and the socket stays
		expect(await emitAck(big, 'review.editing', { incidentId: inc.id, field: 'what', text: 'x'.repeat(200 * 1024) })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
		expect(big.connected).toBe(true);
		const gone = new Promise<string>((resolve) => big.once('disconnect', resolve));
		big.emit('review.editing', { incidentId: inc.id, field: 'what', text: 'x'.repeat(300 * 1024) });
		expect(await gone).toBe('transport close');
		expect(other.connected).toBe(true);
		expect((await emitAck(other, 'subscribe', { incidentId: inc.id })).ok).toBe(true);
		expect((await admin.call('GET', '/healthz')).status).toBe(200);
	});

	it('a JSON body above the limit is 413 too_large and changes nothing', async () => {
		const inc = (await admin.call('POST', '/api/v1/incidents', { title: 'Limit', category: 'service_failure' })).body;
		const body = JSON.stringify({ version: inc.version, description: 'x'.repeat(5 * 1024 * 1024) });
		const r = await admin.call('PATCH', `/api/v1/incidents/${inc.id}`, body, { 'content-type': 'application/json' });
		expect(r.status).toBe(413);
		expect(r.body.error.code).toBe('too_large');
		expect((await admin.call('GET', `/api/v1/incidents/${inc.id}`)).body.version).toBe(inc.version);
	});

	it('never puts a token, session or password into a URL it hands out or into its log', async () => {
		const base = ctx.server.url;
		const secrets: string[] = [admin.token!, ADMIN.password];
		const { clients } = await createUsers(admin, [['secret-keeper@example.com', 'Keeper', ['lead'], ['customer_service']]], 'keeper-password-9');
		secrets.push(clients[0].token!, 'keeper-password-9');
		// a failed and a successful sign-in through the form, a session, sign-out
		await fetch(`${base}/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
			body: new URLSearchParams({ email: 'secret-keeper@example.com', password: 'wrong-password-7' })
		});
		secrets.push('wrong-password-7');
		const login = await fetch(`${base}/login?next=/warroom`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: base },
			body: new URLSearchParams({ email: 'secret-keeper@example.com', password: 'keeper-password-9' })
		});
		expect(login.headers.get('location')).toBe('/warroom');
		const session = /warroom_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1];
		secrets.push(session);
		const s = clients[0].socket(undefined, { auth: {}, extraHeaders: { cookie: `warroom_session=${session}` } });
		sockets.push(s);
		await connected(s);
		await fetch(`${base}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: `warroom_session=${session}`, origin: base } });
		// display token: in the link's fragment only (never sent to a server), traded for a cookie
		const display = (await admin.call('POST', '/api/v1/display-tokens', { label: 'Secret wall' })).body;
		secrets.push(display.token);
		expect(new URL(display.url).hash).toBe(`#token=${display.token}`);
		expect(new URL(display.url).search).toBe('');
		const traded = await fetch(`${base}/api/v1/display-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: display.token }) });
		secrets.push(/warroom_display=([^;]+)/.exec(traded.headers.get('set-cookie') ?? '')![1]);
		// integration token: created, used over HTTP and socket, revoked; a forged one refused
		const integration = (await admin.call('POST', '/api/v1/integration-tokens', { name: 'Secret system', role: 'lead' })).body;
		secrets.push(integration.token);
		const system = new ApiClient(base, integration.token);
		await system.call('POST', '/api/v1/incidents', { title: 'From a system', category: 'service_failure' });
		const ss = system.socket();
		sockets.push(ss);
		await connected(ss);
		await admin.call('DELETE', `/api/v1/integration-tokens/${integration.id}`);
		expect((await system.call('GET', '/api/v1/incidents')).status).toBe(401);
		await new ApiClient(base, 'wr_forged-secret-value-123').call('GET', '/api/v1/me');
		secrets.push('wr_forged-secret-value-123');
		// an error path that logs the request; its log line marks that everything before it was written
		const mark = ctx.server.output.length;
		await admin.call('POST', '/api/v1/auth/token', { email: 'secret-keeper@example.com', password: 'another-wrong-1' });
		secrets.push('another-wrong-1');
		await ctx.server.waitForOutput((out) => out.slice(mark).includes('failed sign-in'));

		const log = ctx.server.output;
		// trace level, and the events around the secrets were logged: there is a log to search
		for (const line of ['user created', 'failed sign-in']) expect(log).toContain(line);
		for (const secret of secrets) expect(log.includes(secret), `a secret (${secret.slice(0, 6)}…) in the server log`).toBe(false);
	});

	it('sends HSTS when the app is served over https (ORIGIN https://…)', async () => {
		// the same data, served as if behind a TLS-terminating proxy
		sockets.forEach((s) => s.close());
		expect(await ctx.server.stop()).toBe(0);
		const https = await new TestServer({ dataDir: ctx.server.dataDir, env: { ORIGIN: 'https://warroom.example' } }).start();
		try {
			const res = await fetch(`${https.url}/healthz`);
			expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
		} finally {
			await https.stop();
			await ctx.server.start();
		}
	});
});
