// The contact-deadline rule in SQL equals the rule in the domain (property-based, fast-check), on
// PGlite and on PostgreSQL: random customers (reported at, first contact, unreachable, level) are
// written through the real database module, moved to a random level as an escalation does, and
// the SQL roll-up, the status CASE and due-at by level are compared with the domain's for the same
// rows at a random `now`. Times are whole seconds and often fall exactly on a due or due-soon
// moment, where a `<` written for a `<=` would show.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database } from '$lib/server/db/client';
import { customers, incidents } from '$lib/server/db/schema';
import { contactStatusCase } from '$lib/server/db/deadline-sql';
import { contactRollup, openCustomerCount, recomputeOpenDeadlines } from '$lib/server/services/contact-deadlines';
import { CONTACT_WINDOW_MS, contactDeadline, contactStatus, dueSoonOffsetMs, isOpen, rollup, type ContactStatus } from '$lib/domain/deadlines';
import type { Level } from '$lib/domain/levels';
import { DRIVERS, createPostgresDatabase } from '../support/server';

const RUNS = Number(process.env.WARROOM_DEADLINE_RUNS ?? 80);
const T0 = Date.parse('2026-11-23T08:00:00.000Z');
const SEC = 1000;
const at = (s: number) => new Date(T0 + s * SEC);

const level = fc.constantFrom<Level>(1, 2, 3);
/** Seconds after a start, often exactly on (or one second either side of) a level's due or due-soon moment. */
const BOUNDARIES_S = [1, 2, 3].flatMap((l) => [CONTACT_WINDOW_MS[l as Level], dueSoonOffsetMs(CONTACT_WINDOW_MS[l as Level])]).map((ms) => ms / SEC);
const afterStart = fc.oneof(
	fc.integer({ min: 0, max: 3 * 3600 }),
	fc.tuple(fc.constantFrom(...BOUNDARIES_S), fc.constantFrom(-1, 0, 1)).map(([b, d]) => b + d)
);
/** A customer: reported within ±5 h of T0; contacted, marked unreachable, both or neither, up to 3 h after. */
const customer = fc.record({
	reportedS: fc.integer({ min: -5 * 3600, max: 5 * 3600 }),
	contactAfterS: fc.option(afterStart, { nil: null, freq: 2 }),
	unreachableAfterS: fc.option(afterStart, { nil: null, freq: 2 })
});
const scenario = fc.record({
	registeredAt: level,
	level,
	// `now` anywhere, or on (or a second either side of) a customer's due or due-soon moment at the incident's level
	now: fc.oneof(fc.record({ s: fc.integer({ min: -5 * 3600, max: 9 * 3600 }) }), fc.record({ row: fc.nat(), soon: fc.boolean(), deltaS: fc.constantFrom(-1, 0, 1) })),
	rows: fc.array(customer, { maxLength: 25 })
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
function nowOf(s: Scenario): Date {
	if ('s' in s.now) return at(s.now.s);
	const reportedS = s.rows.length ? s.rows[s.now.row % s.rows.length].reportedS : 0;
	const windowMs = CONTACT_WINDOW_MS[s.level];
	return at(reportedS + (s.now.soon ? dueSoonOffsetMs(windowMs) : windowMs) / SEC + s.now.deltaS);
}

for (const driver of DRIVERS) {
	describe(`the SQL form of the contact-deadline rule equals the domain's (${driver})`, () => {
		let database: Database;
		let dir: string;
		let drop = async () => {};

		beforeAll(async () => {
			dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-deadline-sql-'));
			let databaseUrl: string | undefined;
			if (driver === 'postgres') {
				const pg = await createPostgresDatabase();
				databaseUrl = pg.url;
				drop = pg.drop;
			}
			database = await openDatabase({ databaseUrl, dataDir: dir });
		});
		afterAll(async () => {
			await database?.close();
			await drop();
			fs.rmSync(dir, { recursive: true, force: true });
		});

		it('roll-up, status per customer and due-at after a level change, on random customers', async () => {
			const { db } = database;
			await fc.assert(
				fc.asyncProperty(scenario, async (s) => {
					const incidentId = randomUUID();
					await db.insert(incidents).values({
						id: incidentId,
						code: `P-${incidentId.slice(0, 8)}`,
						title: 'property',
						category: 'product_quality',
						level: s.level,
						levelReason: {} as never,
						inputs: {} as never,
						identifiedAt: at(-6 * 3600),
						version: 1
					});
					try {
						// registered at one level (the stored deadline), then moved to the incident's level
						const rows = s.rows.map((r, i) => {
							const reportedAt = at(r.reportedS);
							const d = contactDeadline(reportedAt, s.registeredAt);
							return {
								id: randomUUID(),
								incidentId,
								position: i + 1,
								name: `c${i + 1}`,
								reportedAt,
								dueAt: d.dueAt,
								dueSoonAt: d.dueSoonAt,
								firstContactAt: r.contactAfterS === null ? null : at(r.reportedS + r.contactAfterS),
								unreachableAt: r.unreachableAfterS === null ? null : at(r.reportedS + r.unreachableAfterS),
								createdAt: reportedAt
							};
						});
						if (rows.length) await db.insert(customers).values(rows);
						const now = nowOf(s);
						await recomputeOpenDeadlines(db, incidentId, s.level);

						// the domain: an open deadline takes the new level's window, a settled one keeps its own
						const levelOf = (r: (typeof rows)[number]) => (isOpen(r) ? s.level : s.registeredAt);
						const expected = new Map<string, { deadline: ReturnType<typeof contactDeadline>; status: ContactStatus }>(
							rows.map((r) => [r.id, { deadline: contactDeadline(r.reportedAt, levelOf(r)), status: contactStatus({ startAt: r.reportedAt, ...r }, levelOf(r), now) }])
						);
						const open = rows.filter((r) => isOpen(r)).map((r) => expected.get(r.id)!.deadline);
						const iso = (ms: number[]) => (ms.length ? new Date(Math.min(...ms)).toISOString() : null);

						expect(await contactRollup(db, incidentId, now)).toEqual({
							...rollup([...expected.values()].map((e) => e.status)),
							nextDueAt: iso(open.map((d) => d.dueAt.getTime())),
							nextDueSoonAt: iso(open.map((d) => d.dueSoonAt.getTime()))
						});
						expect(await openCustomerCount(db, incidentId)).toBe(open.length);

						const stored = await db
							.select({ id: customers.id, dueAt: customers.dueAt, dueSoonAt: customers.dueSoonAt, status: contactStatusCase(now) })
							.from(customers)
							.where(eq(customers.incidentId, incidentId));
						for (const r of stored) {
							const e = expected.get(r.id)!;
							expect({ dueAt: r.dueAt.toISOString(), dueSoonAt: r.dueSoonAt.toISOString(), status: r.status }).toEqual({
								dueAt: e.deadline.dueAt.toISOString(),
								dueSoonAt: e.deadline.dueSoonAt.toISOString(),
								status: e.status
							});
						}
					} finally {
						await db.delete(incidents).where(eq(incidents.id, incidentId));
					}
				}),
				{ numRuns: RUNS }
			);
		});
	});
}
