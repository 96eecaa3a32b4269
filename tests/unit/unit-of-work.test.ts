// The unit of work's promises, with a fake database whose transaction records when it commits:
// participants run inside the transaction in their declared order, subscribers only after
// commit (never after a rollback), and one failing subscriber does not silence the others.
import { describe, it, expect } from 'vitest';
import { UnitOfWork, type AfterCommitSubscriber, type InTransactionParticipant } from '$lib/server/unit-of-work';
import type { Db } from '$lib/server/db/client';
import type { IncidentEvent } from '$lib/realtime/events';
import type { IncidentRow } from '$lib/server/services/incident-view';

const NOW = new Date('2026-12-01T08:00:00Z');
const clock = { now: () => NOW };
const event = (seq: number): IncidentEvent => ({
	incidentId: 'i1',
	seq,
	type: 'incident.updated',
	at: NOW.toISOString(),
	actor: { system: true },
	data: { changes: { title: { from: 'a', to: 'b' } } }
});
const row = { id: 'i1', level: 3 } as IncidentRow;

function fakeDb(log: string[]) {
	return {
		async transaction<T>(fn: (tx: unknown) => Promise<T>): Promise<T> {
			log.push('begin');
			try {
				const value = await fn({ tx: true });
				log.push('commit');
				return value;
			} catch (err) {
				log.push('rollback');
				throw err;
			}
		}
	} as unknown as Db;
}

function participant(name: string, log: string[]): InTransactionParticipant {
	return {
		name,
		plan: async ({ events }) => {
			log.push(`${name}.plan(${events.length})`);
			return name === 'levels' ? [{ type: 'response.extended', data: { from: 3, to: 2, added: [], leader: null } }] : [];
		},
		apply: async () => void log.push(`${name}.apply`),
		appended: async (_tx, events) => void log.push(`${name}.appended(${events.map((e) => e.seq).join(',')})`)
	};
}

const subscriber = (name: string, log: string[]): AfterCommitSubscriber => ({ name, committed: ({ events, resources }) => void log.push(`${name}(${events.length},${resources.length})`) });

describe('unit of work', () => {
	it('runs participants inside the transaction in their order, and subscribers after commit', async () => {
		const log: string[] = [];
		const uow = new UnitOfWork(fakeDb(log), clock, { inTransaction: [participant('levels', log), participant('outbox', log)], afterCommit: [subscriber('publish', log), subscriber('kick', log)] });
		const value = await uow.run(async (w) => {
			expect(w.now).toBe(NOW);
			const added = await w.plan(row, { level: 2 }, [{ type: 'incident.level_changed', data: { from: 3, to: 2, automatic: true, reason: { en: 'r', zh: 'r' } } }]);
			expect(added.map((e) => e.type)).toEqual(['response.extended']);
			await w.apply(row, { ...row, level: 2 }, []);
			return { value: 'done', events: [event(4), event(5)] };
		});
		expect(value).toBe('done');
		expect(log).toEqual([
			'begin',
			'levels.plan(1)',
			// a later participant sees the events the earlier ones added
			'outbox.plan(2)',
			'levels.apply',
			'outbox.apply',
			'levels.appended(4,5)',
			'outbox.appended(4,5)',
			'commit',
			'publish(2,0)',
			'kick(2,0)'
		]);
	});

	it('tells no subscriber about a unit of work that rolled back', async () => {
		const log: string[] = [];
		const uow = new UnitOfWork(fakeDb(log), clock, { inTransaction: [], afterCommit: [subscriber('publish', log)] });
		await expect(
			uow.run(async () => {
				throw new Error('version conflict');
			})
		).rejects.toThrow('version conflict');
		expect(log).toEqual(['begin', 'rollback']);
	});

	it('rolls back when a participant fails after the events are appended (the outbox row and the event go together)', async () => {
		const log: string[] = [];
		const failing: InTransactionParticipant = {
			name: 'outbox',
			appended: async () => {
				throw new Error('outbox down');
			}
		};
		const uow = new UnitOfWork(fakeDb(log), clock, { inTransaction: [failing], afterCommit: [subscriber('publish', log)] });
		await expect(uow.run(async () => ({ value: 1, events: [event(1)] }))).rejects.toThrow('outbox down');
		expect(log).toEqual(['begin', 'rollback']);
	});

	it('calls the later subscribers when one throws, and stays quiet when nothing changed', async () => {
		const log: string[] = [];
		const broken: AfterCommitSubscriber = {
			name: 'broken',
			committed: () => {
				throw new Error('socket gone');
			}
		};
		const uow = new UnitOfWork(fakeDb(log), clock, { inTransaction: [], afterCommit: [broken, subscriber('resources', log)] });
		const resource = { id: 'r1' } as never;
		await uow.run(async () => ({ value: null, resources: [resource] }));
		await uow.run(async () => ({ value: null }));
		expect(log).toEqual(['begin', 'commit', 'resources(0,1)', 'begin', 'commit']);
	});
});
