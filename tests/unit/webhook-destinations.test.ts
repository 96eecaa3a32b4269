// Where a webhook may be delivered: public unicast addresses only, unless internal receivers are
// allowed; a host name judged on the addresses the connection itself resolves (no second,
// separate lookup a DNS server could answer differently).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type dns from 'node:dns';
import { DestinationRefused, guardedLookup, refusedLiteral, restrictedRange, type Resolve } from '$lib/server/webhooks/destination';
import { post } from '$lib/server/webhooks/send';
import { describeDeliveryError, describeFieldError } from '$lib/client/errors';
import { loadConfig } from '$lib/server/config';
import en from '$lib/i18n/en';
import zh from '$lib/i18n/zh-CN';

describe('which addresses a webhook may reach by default', () => {
	it.each([
		['127.0.0.1', 'loopback'],
		['127.255.255.254', 'loopback'],
		['::1', 'loopback'],
		['10.1.2.3', 'private'],
		['172.16.0.1', 'private'],
		['172.31.255.255', 'private'],
		['192.168.1.1', 'private'],
		['100.64.0.1', 'carrierGradeNat'],
		['169.254.169.254', 'linkLocal'],
		['fe80::1', 'linkLocal'],
		['fc00::1', 'uniqueLocal'],
		['fd12:3456::1', 'uniqueLocal'],
		['0.0.0.0', 'unspecified'],
		['::', 'unspecified'],
		['224.0.0.1', 'multicast'],
		['ff02::1', 'multicast'],
		['255.255.255.255', 'broadcast'],
		['240.0.0.1', 'reserved'],
		['192.0.2.10', 'reserved'],
		['198.18.0.1', 'reserved'],
		// IPv4-mapped and NAT64 forms are judged by the IPv4 address they carry
		['::ffff:127.0.0.1', 'loopback'],
		['::ffff:7f00:1', 'loopback'],
		['::ffff:10.0.0.1', 'private'],
		['64:ff9b::7f00:1', 'loopback'],
		['64:ff9b::a9fe:a9fe', 'linkLocal'],
		// NAT64 for local use, 6to4 and Teredo tunnels, documentation, outside global unicast
		['64:ff9b:1::1', 'rfc6052'],
		['2002:7f00:1::1', '6to4'],
		['2001::1', 'teredo'],
		['2001:db8::1', 'reserved'],
		['4000::1', 'reserved']
	])('%s is refused (%s)', (address, range) => {
		expect(restrictedRange(address)).toBe(range);
	});

	it.each(['8.8.8.8', '203.0.114.1', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('%s is public', (address) => {
		expect(restrictedRange(address)).toBeNull();
	});

	it('a URL whose host is a literal non-public address is refused in every spelling the URL parser accepts', () => {
		for (const url of [
			'http://127.0.0.1:8080/x',
			'http://2130706433/',
			'http://0x7f000001/',
			'http://0177.0.0.1/',
			'http://127.1/',
			'http://[::1]:9/',
			'http://[::ffff:127.0.0.1]/',
			'https://169.254.169.254/latest/meta-data/',
			'http://[fe80::1]/'
		]) {
			const refused = refusedLiteral(url);
			expect(refused, url).toBeInstanceOf(DestinationRefused);
			expect(refused!.message).toMatch(/^private address \S+ \(\w+\) refused; set WARROOM_WEBHOOK_ALLOW_PRIVATE=true for internal receivers$/);
		}
		expect(refusedLiteral('http://2130706433/')!.address).toBe('127.0.0.1');
		expect(refusedLiteral('http://[::1]/')!.address).toBe('::1');
		// a host name is judged when it is resolved, at delivery
		expect(refusedLiteral('http://localhost:8080/')).toBeNull();
		expect(refusedLiteral('https://oapi.dingtalk.com/robot/send')).toBeNull();
		expect(refusedLiteral('https://8.8.8.8/')).toBeNull();
	});
});

/** A resolver that answers from a table and counts its calls. */
function fakeResolver(table: Record<string, string[]>) {
	const calls: string[] = [];
	const resolve: Resolve = (hostname, _options, callback) => {
		calls.push(hostname);
		const addresses = table[hostname];
		if (!addresses) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
		callback(
			null,
			addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
		);
	};
	return { resolve, calls };
}

const lookupOnce = (lookup: ReturnType<typeof guardedLookup>, host: string, all: boolean) =>
	new Promise<{ err: Error | null; address: unknown; family?: number }>((resolve) =>
		lookup(host, { all } as dns.LookupOptions, ((err: Error | null, address: unknown, family?: number) => resolve({ err, address, family })) as never)
	);

describe('a host name is judged on what it resolves to, by the lookup the socket uses', () => {
	const { resolve } = fakeResolver({ 'rebound.example': ['127.0.0.1'], 'split.example': ['93.184.216.34', '10.0.0.7'], 'public.example': ['93.184.216.34', '2606:2800:220:1::1'] });
	const lookup = guardedLookup(resolve);

	it('a name that resolves to loopback is refused, naming the name and the address', async () => {
		const { err } = await lookupOnce(lookup, 'rebound.example', true);
		expect(err).toBeInstanceOf(DestinationRefused);
		expect(err!.message).toBe('rebound.example: private address 127.0.0.1 (loopback) refused; set WARROOM_WEBHOOK_ALLOW_PRIVATE=true for internal receivers');
	});
	it('a name with any non-public address among its answers is refused', async () => {
		expect((await lookupOnce(lookup, 'split.example', false)).err).toBeInstanceOf(DestinationRefused);
	});
	it('a public name passes, in both of the forms a socket asks for', async () => {
		expect(await lookupOnce(lookup, 'public.example', true)).toMatchObject({
			err: null,
			address: [
				{ address: '93.184.216.34', family: 4 },
				{ address: '2606:2800:220:1::1', family: 6 }
			]
		});
		expect(await lookupOnce(lookup, 'public.example', false)).toMatchObject({ err: null, address: '93.184.216.34', family: 4 });
	});
	it('a resolver error passes through', async () => {
		expect((await lookupOnce(lookup, 'nowhere.example', true)).err).toMatchObject({ code: 'ENOTFOUND' });
	});
});

describe('a delivery to a refused destination never reaches it', () => {
	let receiver: http.Server;
	let port = 0;
	let hits = 0;
	beforeAll(async () => {
		receiver = http.createServer((_req, res) => {
			hits++;
			res.end('{"secret":"internal answer"}');
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		port = (receiver.address() as AddressInfo).port;
	});
	afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
	const send = (url: string, allowPrivate: boolean, resolve?: Resolve) =>
		post(url, { headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(5000), allowPrivate, resolve });

	it('a literal loopback address in any spelling, and a name that resolves to it at delivery: refused, the receiver untouched', async () => {
		const { resolve, calls } = fakeResolver({ 'rebound.example': ['127.0.0.1'] });
		for (const host of ['127.0.0.1', '2130706433', '0x7f000001', '0177.0.0.1', '[::ffff:127.0.0.1]', 'rebound.example']) {
			await expect(send(`http://${host}:${port}/hook`, false, resolve), host).rejects.toBeInstanceOf(DestinationRefused);
		}
		// one resolution, by the connection itself: what was checked is what would have been connected to
		expect(calls).toEqual(['rebound.example']);
		expect(hits).toBe(0);
	});
	it('the same refusal whether the port is open or closed: nothing is connected to', async () => {
		const { resolve } = fakeResolver({ 'rebound.example': ['127.0.0.1'] });
		const reason = (p: number) => send(`http://rebound.example:${p}/`, false, resolve).catch((e: Error) => e.message);
		expect(await reason(port)).toBe(await reason(9));
		expect(hits).toBe(0);
	});
	it('with internal receivers allowed, the same receiver answers (so the refusals above are the guard, not a dead port)', async () => {
		expect(await send(`http://127.0.0.1:${port}/hook`, true)).toEqual({ status: 200, text: '{"secret":"internal answer"}' });
		expect(hits).toBe(1);
	});
});

describe('the admin form says why a URL was refused, in the UI language', () => {
	const t = (dict: Record<string, unknown>) => (key: string, options?: { values?: Record<string, string | number> }) =>
		String(key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], dict)).replace(/\{(\w+)\}/g, (_, name) => String(options?.values?.[name]));
	const problem = { field: 'url', message: refusedLiteral('http://0x7f000001/hook')!.message };

	it('names the address and the setting', () => {
		expect(describeFieldError(problem, 'zh', t(zh))).toBe('127.0.0.1 是内网地址：Webhook 只发往公网地址；内部接收端需在服务器上设置 WARROOM_WEBHOOK_ALLOW_PRIVATE=true');
		expect(describeFieldError(problem, 'en', t(en))).toBe(
			'127.0.0.1 is a private address: webhooks go to public addresses only, unless the server sets WARROOM_WEBHOOK_ALLOW_PRIVATE=true for internal receivers'
		);
	});
	it('the delivery log says why an attempt failed: a refused host with its address and the setting, a timeout with its limit, other errors as recorded', () => {
		const refused = `destination_refused: ${new DestinationRefused('intranet.example', '10.0.0.8', 'private').message}`;
		expect(describeDeliveryError(refused, t(zh))).toBe('intranet.example (10.0.0.8) 是内网地址：Webhook 只发往公网地址；内部接收端需在服务器上设置 WARROOM_WEBHOOK_ALLOW_PRIVATE=true');
		const literal = `destination_refused: ${new DestinationRefused('127.0.0.1', '127.0.0.1', 'loopback').message}`;
		expect(describeDeliveryError(literal, t(en))).toMatch(/^127\.0\.0\.1 is a private address/);
		expect(describeDeliveryError('no answer within 10000 ms', t(zh))).toBe('10000 毫秒内无应答');
		expect(describeDeliveryError('ECONNREFUSED', t(zh))).toBe('ECONNREFUSED');
	});
});

describe('WARROOM_WEBHOOK_ALLOW_PRIVATE', () => {
	it('is off unless set to true; another value stops the server naming the variable', () => {
		expect(loadConfig({}).webhooks.allowPrivate).toBe(false);
		expect(loadConfig({ WARROOM_WEBHOOK_ALLOW_PRIVATE: '' }).webhooks.allowPrivate).toBe(false);
		expect(loadConfig({ WARROOM_WEBHOOK_ALLOW_PRIVATE: 'false' }).webhooks.allowPrivate).toBe(false);
		expect(loadConfig({ WARROOM_WEBHOOK_ALLOW_PRIVATE: 'true' }).webhooks.allowPrivate).toBe(true);
		expect(() => loadConfig({ WARROOM_WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrow(/WARROOM_WEBHOOK_ALLOW_PRIVATE: true or false/);
	});
});
