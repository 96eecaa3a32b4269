// Socket messages are limited per connection and per address with token buckets on an injected
// clock: a burst is let through, then refused (rate_limited) at the refill rate, and a connection
// that keeps sending after being refused is cut; another connection is unaffected unless their
// shared address is over its own, larger limit. The client address follows ADDRESS_HEADER.
import { describe, it, expect } from 'vitest';
import { MessageLimits, TokenBucket, socketAddress } from '../../src/lib/server/realtime/message-limits';

function fakeClock() {
	let t = 1_000;
	return { now: () => t, advance: (ms: number) => (t += ms) };
}

const SETTINGS = { perSocket: { rate: 20, burst: 40 }, perAddress: { rate: 200, burst: 1000 } };

describe('TokenBucket', () => {
	it('lets the burst through at once, then one message per 1/rate seconds', () => {
		const clock = fakeClock();
		const bucket = new TokenBucket({ rate: 20, burst: 40 }, clock.now);
		expect(Array.from({ length: 41 }, () => bucket.take()).filter(Boolean)).toHaveLength(40);
		clock.advance(49);
		expect(bucket.take()).toBe(false);
		clock.advance(1);
		expect(bucket.take()).toBe(true);
		// a long pause refills to the burst, never beyond it
		clock.advance(60_000);
		expect(Array.from({ length: 100 }, () => bucket.take()).filter(Boolean)).toHaveLength(40);
	});
});

describe('MessageLimits', () => {
	it('a flood from one connection: 40 handled, then 40 refused, then cut; a second connection from the same address goes on', () => {
		const clock = fakeClock();
		const limits = new MessageLimits(SETTINGS, clock.now);
		const flood = limits.open('10.0.0.1');
		const calm = limits.open('10.0.0.1');
		const verdicts = Array.from({ length: 500 }, () => flood.admit());
		expect(verdicts.slice(0, 40).every((v) => v === 'ok')).toBe(true);
		expect(verdicts.slice(40, 80).every((v) => v === 'limited')).toBe(true);
		expect(verdicts[80]).toBe('cut');
		expect(calm.admit()).toBe('ok');
	});

	it('normal use (a typing heartbeat, a few subscriptions, 10 messages a second for a minute) is never refused', () => {
		const clock = fakeClock();
		const gate = new MessageLimits(SETTINGS, clock.now).open('10.0.0.2');
		const verdicts = [gate.admit(), gate.admit(), gate.admit()];
		for (let i = 0; i < 600; i++) {
			clock.advance(100);
			verdicts.push(gate.admit());
		}
		expect(verdicts.every((v) => v === 'ok')).toBe(true);
	});

	it('sending just over the rate is refused now and then but not cut; at twice the rate it is cut', () => {
		const clock = fakeClock();
		const limits = new MessageLimits(SETTINGS, clock.now);
		const slightly = limits.open('10.0.0.3');
		const seen = new Set<string>();
		for (let i = 0; i < 25 * 60; i++) {
			clock.advance(40); // 25 a second for a minute
			seen.add(slightly.admit());
		}
		expect([...seen].sort()).toEqual(['limited', 'ok']);
		const double = limits.open('10.0.0.4');
		let cut = false;
		for (let i = 0; i < 50 * 60 && !cut; i++) {
			clock.advance(20); // 50 a second
			cut = double.admit() === 'cut';
		}
		expect(cut).toBe(true);
	});

	it('the address limit holds across many connections from one address, and other addresses are not affected', () => {
		const clock = fakeClock();
		const limits = new MessageLimits({ perSocket: { rate: 20, burst: 40 }, perAddress: { rate: 50, burst: 100 } }, clock.now);
		const gates = Array.from({ length: 10 }, () => limits.open('10.0.0.5'));
		const handled = gates.flatMap((g) => Array.from({ length: 30 }, () => g.admit())).filter((v) => v === 'ok');
		expect(handled).toHaveLength(100);
		expect(limits.open('10.0.0.6').admit()).toBe('ok');
		clock.advance(1000);
		expect(gates[0].admit()).toBe('ok');
	});

	it('forgets an address when its last connection closes', () => {
		const limits = new MessageLimits(SETTINGS, fakeClock().now);
		const a = limits.open('10.0.0.7');
		const b = limits.open('10.0.0.7');
		expect(limits.size).toBe(1);
		a.close();
		a.close();
		expect(limits.size).toBe(1);
		b.close();
		expect(limits.size).toBe(0);
	});
});

describe('socketAddress', () => {
	const handshake = (headers: Record<string, string>) => ({ address: '127.0.0.1', headers });
	it('is the peer without ADDRESS_HEADER, else the header (X-Forwarded-For counted from the right by XFF_DEPTH)', () => {
		expect(socketAddress(handshake({ 'x-forwarded-for': '1.1.1.1' }))).toBe('127.0.0.1');
		expect(socketAddress(handshake({ 'x-real-ip': '2.2.2.2' }), 'X-Real-IP')).toBe('2.2.2.2');
		expect(socketAddress(handshake({ 'x-forwarded-for': '9.9.9.9, 3.3.3.3' }), 'x-forwarded-for')).toBe('3.3.3.3');
		expect(socketAddress(handshake({ 'x-forwarded-for': '9.9.9.9, 3.3.3.3, 10.0.0.1' }), 'x-forwarded-for', 2)).toBe('3.3.3.3');
		expect(socketAddress(handshake({}), 'x-forwarded-for')).toBe('127.0.0.1');
	});
});
