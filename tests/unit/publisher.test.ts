// The publisher's ordering guarantees, against a fake io that records what each room receives.
// Each test awaits the publisher's own `whenIdle()` (deliveries, backfills and gap waits done), never a sleep.
import { describe, it, expect } from 'vitest';
import { Publisher } from '$lib/server/realtime/publisher';
import type { IncidentEvent } from '$lib/realtime/events';

const ID = '11111111-1111-1111-1111-111111111111';
const ev = (seq: number): IncidentEvent => ({ incidentId: ID, seq, type: 'incident.updated', at: '2026-11-23T08:00:00.000Z', actor: { system: true }, data: { changes: {} } });

function fakeIo() {
	const sent: { room: string; seq: number }[] = [];
	const members = new Map<string, Set<string>>();
	const io: Record<string, unknown> = {
		to: (room: string) => ({ except: () => ({ emit: (_: string, e: IncidentEvent) => sent.push({ room, seq: e.seq }) }), emit: (_: string, e: IncidentEvent) => sent.push({ room, seq: e.seq }) }),
		of: () => ({ adapter: { rooms: members } })
	};
	io.local = io;
	const socket = (id: string) => {
		const got: number[] = [];
		return {
			got,
			emit: (_: string, e: IncidentEvent) => got.push(e.seq),
			join: (room: string) => {
				if (!members.has(room)) members.set(room, new Set());
				members.get(room)!.add(id);
			}
		};
	};
	return { io, sent, socket };
}

describe('publisher', () => {
	it('delivers out-of-order arrivals to the incident room in seq order', async () => {
		const log = [ev(1)];
		const { io, sent, socket } = fakeIo();
		const p = new Publisher(
			async (_id, after, upTo) => log.filter((e) => e.seq > after && (upTo === undefined || e.seq <= upTo)),
			async () => 1,
			() => io as never,
			10_000
		);
		const s = socket('a');
		await p.subscribeIncident(s as never, ID, 0, false);
		p.deliver(ev(3));
		p.deliver(ev(2));
		p.deliver(ev(4));
		p.deliver(ev(3));
		await p.whenIdle();
		expect(s.got).toEqual([1]);
		expect(sent.filter((x) => x.room === `inc:${ID}`).map((x) => x.seq)).toEqual([2, 3, 4]);
	});

	it('fills a gap from the event log when the missing event never arrives', async () => {
		const log = [ev(1), ev(2), ev(3)];
		const { io, sent, socket } = fakeIo();
		const p = new Publisher(
			async (_id, after, upTo) => log.filter((e) => e.seq > after && (upTo === undefined || e.seq <= upTo)),
			async () => 3,
			() => io as never,
			5
		);
		await p.subscribeIncident(socket('a') as never, ID, 3, false);
		log.push(ev(4), ev(5));
		p.deliver(ev(5)); // seq 4 was lost on the way
		await p.whenIdle();
		expect(sent.filter((x) => x.room === `inc:${ID}`).map((x) => x.seq)).toEqual([4, 5]);
	});

	it('replays only up to what the room has had, so replay and live never overlap', async () => {
		const log = [ev(1), ev(2), ev(3)];
		const { io, sent, socket } = fakeIo();
		const p = new Publisher(
			async (_id, after, upTo) => log.filter((e) => e.seq > after && (upTo === undefined || e.seq <= upTo)),
			async () => 3,
			() => io as never,
			10_000
		);
		const first = socket('a');
		await p.subscribeIncident(first as never, ID, 0, false);
		log.push(ev(4)); // committed but not yet published when the second client subscribes
		const second = socket('b');
		const last = await p.subscribeIncident(second as never, ID, 1, false);
		expect(second.got).toEqual([2, 3]);
		expect(last).toBe(3);
		p.deliver(ev(4));
		await p.whenIdle();
		expect(sent.filter((x) => x.room === `inc:${ID}`).map((x) => x.seq)).toEqual([4]);
	});

	it('gives the dashboard every event once and in order, whatever the relay repeats or reorders', async () => {
		const log = [ev(1), ev(2), ev(3), ev(4)];
		const { io, sent } = fakeIo();
		const p = new Publisher(
			async (_id, after, upTo) => log.filter((e) => e.seq > after && (upTo === undefined || e.seq <= upTo)),
			async () => 4,
			() => io as never,
			5
		);
		p.init([{ id: ID, version: 0 }]);
		for (const seq of [1, 3, 1, 2, 4, 3, 2]) p.deliver(ev(seq));
		await p.whenIdle();
		expect(sent.filter((x) => x.room === 'dash').map((x) => x.seq)).toEqual([1, 2, 3, 4]);
		expect(p.stats.duplicates).toBe(3);
	});

	it('catches up from the event log what a lost connection dropped, and ignores the late copies', async () => {
		const log = [ev(1), ev(2), ev(3), ev(4), ev(5)];
		const { io, sent } = fakeIo();
		const p = new Publisher(
			async (_id, after, upTo) => log.filter((e) => e.seq > after && (upTo === undefined || e.seq <= upTo)),
			async () => 5,
			() => io as never,
			10_000
		);
		p.init([{ id: ID, version: 2 }]);
		await p.catchUp([{ id: ID, version: 5 }]);
		p.deliver(ev(4));
		p.deliver(ev(5));
		await p.whenIdle();
		expect(sent.filter((x) => x.room === 'dash').map((x) => x.seq)).toEqual([3, 4, 5]);
	});

	it('fetches the history of an incident whose declaration it never heard of', async () => {
		const log = [ev(1), ev(2), ev(3)];
		const { io, sent } = fakeIo();
		const p = new Publisher(
			async (_id, after, upTo) => log.filter((e) => e.seq > after && (upTo === undefined || e.seq <= upTo)),
			async () => 3,
			() => io as never,
			10_000
		);
		p.init([]);
		p.deliver(ev(3));
		await p.whenIdle();
		expect(sent.filter((x) => x.room === 'dash').map((x) => x.seq)).toEqual([1, 2, 3]);
		expect(p.openIncidentIds()).toEqual([ID]);
	});
});
