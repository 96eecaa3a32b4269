// Metrics with known answers, computed by the database on both drivers, with an injected clock:
// three incidents first contacted at 20, 40 and 100 minutes give response mean 53.3 and p50 40;
// two of three deadlines met → compliance 0.667; counts by category and level; recurrence by
// product model within 90 days; satisfaction; the CSV carries the same numbers as the JSON. A
// customer decided unreachable counts as not met; one whose attempts failed but whose deadline
// still runs is left out until it passes. The reported period is the last complete one in the
// configured time zone: on the first day of a month, the month before.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '$lib/server/app';
import { loadConfig } from '$lib/server/config';
import { metricsCsv } from '$lib/server/services/metrics';
import { deltas, reportedPeriods } from '$lib/domain/metrics';
import { ContactRequest } from '$lib/api/schemas';
import type { SessionUser } from '$lib/server/auth/principal';
import { DRIVERS, createPostgresDatabase } from '../support/server';

const MIN = 60_000;

describe.each(DRIVERS)('metrics on %s', (driver) => {
	let app: App;
	let dir: string;
	let drop: (() => Promise<void>) | undefined;
	const start = Date.parse('2026-10-08T02:00:00.000Z'); // 10:00 in Shanghai
	let t = start;
	const clock = { now: () => new Date(t) };
	const lead: SessionUser = { id: 'lead-1', email: 'lead@example.com', name: '王指挥', roles: ['lead'], groups: ['customer_service'] };

	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-metrics-'));
		const env: Record<string, string> = { WARROOM_DATA_DIR: dir, WARROOM_LOG_LEVEL: 'error', WARROOM_TIMEZONE: 'Asia/Shanghai' };
		if (driver === 'postgres') {
			const pg = await createPostgresDatabase();
			env.DATABASE_URL = pg.url;
			drop = pg.drop;
		}
		app = await createApp(loadConfig(env), clock, { alarms: false });
	});
	afterAll(async () => {
		await app?.shutdown();
		await drop?.();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	/** An incident identified at `start`, one customer registered then, first contacted after `minutes`. */
	async function incident(category: 'product_quality' | 'service_failure', estimated: number, minutes: number, model: string, later = 0) {
		const at = start + later * MIN;
		t = at;
		const inc = await app.incidents.declare(lead, { title: `${model} 投诉`, category, identifiedAt: new Date(at), inputs: { estimatedAffectedCustomers: estimated } });
		const added = await app.customers.add(lead, inc.id, [{ name: '张伟', productModel: model, reportedAt: new Date(at).toISOString() }], { validRowsOnly: false }, 'en');
		await app.incidents.setPhase(lead, inc.id, { phase: 'containment', overrideReason: 'metrics fixture: no notice' }, 'en');
		t = at + minutes * MIN;
		const customerId = (added as { items: { id: string }[] }).items[0].id;
		await app.customers.contact(lead, inc.id, customerId, { reached: true, apologized: true, explained: true, needAsked: false } as never, 'en');
		return { id: inc.id, customerId };
	}

	it('known answers by month, and the CSV says the same', async () => {
		const a = await incident('product_quality', 1, 20, '星耀X20'); // level 3 (2 h): met
		await incident('service_failure', 1, 40, ''); // level 3: met
		await incident('product_quality', 20, 100, '星耀X20', 5); // identified 5 min after A; level 2 (1 h): missed; same model and category as A → recurrence
		// A is resolved 3 h after it was identified and surveyed: satisfied
		t = start + 180 * MIN;
		await app.incidents.setPhase(lead, a.id, { phase: 'resolution' }, 'en');
		await app.followUp.survey(lead, a.id, a.customerId, { speed: 5, result: 5, attitude: 4 }, 'en');
		// no solution or confirmation in this fixture: the lead records why (resolvedAt is set by the move that succeeds)
		await app.incidents.setPhase(lead, a.id, { phase: 'follow_up', overrideReason: 'metrics fixture: resolved outside Warroom' }, 'en');

		t = start + 10 * 24 * 60 * MIN;
		const m = await app.metrics.compute({ granularity: 'month', from: new Date('2026-08-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z') });
		expect(m.buckets.map((b) => b.start)).toEqual(['2026-08-31T16:00:00.000Z', '2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z']);
		// the clock says 18 October: September is complete; October is running and November has not begun
		expect(m.buckets.map((b) => [b.end, b.complete])).toEqual([
			['2026-09-30T16:00:00.000Z', true],
			['2026-10-31T16:00:00.000Z', false],
			['2026-11-30T16:00:00.000Z', false]
		]);
		expect(m.reported).toEqual({ start: '2026-08-31T16:00:00.000Z', end: '2026-09-30T16:00:00.000Z' });
		const [sep, oct, nov] = m.buckets;
		expect(sep.incidents).toBe(0);
		expect(nov.incidents).toBe(0);
		expect(oct.incidents).toBe(3);
		expect(oct.byCategory).toEqual({ product_quality: 2, service_failure: 1, special_scenario: 0 });
		expect(oct.byLevel).toEqual({ '1': 0, '2': 1, '3': 2 });
		expect(oct.responseMinutes.mean).toBe(53.3);
		expect(oct.responseMinutes.p50).toBe(40);
		expect(oct.responseMinutes.p90).toBe(88);
		expect(oct.contactCompliance).toBe(0.667);
		expect(oct.deadlines).toEqual({ met: 2, missed: 1 });
		expect(oct.processingHours).toEqual({ mean: 3, p50: 3, p90: 3 });
		expect(oct.satisfactionRate).toBe(1);
		expect(oct.surveyed).toBe(1);
		expect(oct.recurrent).toBe(1);
		expect(oct.recurrenceRate).toBe(0.333);

		const q = await app.metrics.compute({ granularity: 'quarter', from: new Date('2026-06-30T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') });
		expect(q.buckets.map((b) => [b.start, b.incidents])).toEqual([
			['2026-06-30T16:00:00.000Z', 0],
			['2026-09-30T16:00:00.000Z', 3]
		]);

		const filtered = await app.metrics.compute({ granularity: 'month', from: new Date('2026-09-30T16:00:00Z'), to: new Date('2026-10-31T16:00:00Z'), category: 'product_quality' });
		expect(filtered.buckets[0]).toMatchObject({ incidents: 2, deadlines: { met: 1, missed: 1 } });

		// CSV: the same numbers as the JSON
		const [head, ...rows] = metricsCsv(m)
			.trim()
			.split('\r\n')
			.map((l) => l.split(','));
		const octRow = Object.fromEntries(head.map((h, i) => [h, rows[1][i]]));
		expect(octRow).toMatchObject({
			start: oct.start,
			incidents: '3',
			category_product_quality: '2',
			level_2: '1',
			response_minutes_mean: '53.3',
			response_minutes_p50: '40',
			contact_compliance: '0.667',
			recurrence_rate: '0.333',
			satisfaction_rate: '1'
		});
		expect(rows[0][head.indexOf('contact_compliance')]).toBe(''); // nothing decided in September
	});

	it('reports the last complete month by default: on a one-day-old month, the month before, cut in WARROOM_TIMEZONE', async () => {
		// 09:00 on 1 December in Shanghai: December is one day old
		t = Date.parse('2026-12-01T01:00:00.000Z');
		const m = await app.metrics.compute({ granularity: 'month', months: 3 });
		expect(m.buckets.map((b) => [b.start, b.complete])).toEqual([
			['2026-09-30T16:00:00.000Z', true],
			['2026-10-31T16:00:00.000Z', true],
			['2026-11-30T16:00:00.000Z', false]
		]);
		expect(m.reported).toEqual({ start: '2026-10-31T16:00:00.000Z', end: '2026-11-30T16:00:00.000Z' });
		const { current, previous, running } = reportedPeriods(m.buckets);
		expect([current?.start, previous?.start, running?.start]).toEqual(['2026-10-31T16:00:00.000Z', '2026-09-30T16:00:00.000Z', '2026-11-30T16:00:00.000Z']);
		// November (none) against October (three): an honest fall between two complete months
		expect(previous?.incidents).toBe(3);
		expect(deltas(current!, previous!, 'zh', 'month').find((d) => d.key === 'incidents')).toEqual({ key: 'incidents', text: '事件总数环比 −100%', tone: 'good' });

		// 00:30 on 1 December in Shanghai is still 30 November in UTC: the zone decides, November is complete
		t = Date.parse('2026-11-30T16:30:00.000Z');
		expect((await app.metrics.compute({ granularity: 'month', months: 3 })).reported?.start).toBe('2026-10-31T16:00:00.000Z');
		// 23:30 on 30 November in Shanghai: November still runs, October is reported
		t = Date.parse('2026-11-30T15:30:00.000Z');
		const late = await app.metrics.compute({ granularity: 'month', months: 3 });
		expect(late.reported?.start).toBe('2026-09-30T16:00:00.000Z');
		expect(late.buckets.at(-1)).toMatchObject({ start: '2026-10-31T16:00:00.000Z', complete: false });

		// by quarter, on 1 December: Q4 runs, Q3 is reported
		t = Date.parse('2026-12-01T01:00:00.000Z');
		const q = await app.metrics.compute({ granularity: 'quarter', months: 12 });
		expect(q.reported).toEqual({ start: '2026-06-30T16:00:00.000Z', end: '2026-09-30T16:00:00.000Z' });
		expect(q.buckets.at(-1)).toMatchObject({ start: '2026-09-30T16:00:00.000Z', complete: false, incidents: 3 });

		// a range that starts mid-month cuts its first month short: not complete, not reported
		const cut = await app.metrics.compute({ granularity: 'month', from: new Date('2026-10-05T00:00:00Z'), to: new Date('2026-11-30T16:00:00Z') });
		expect(cut.buckets.map((b) => b.complete)).toEqual([false, true]);
		expect(reportedPeriods(cut.buckets)).toMatchObject({ current: { start: '2026-10-31T16:00:00.000Z' }, previous: undefined });
	});

	it('compliance counts a customer decided unreachable as not met, and a running deadline not at all', async () => {
		const dec = Date.parse('2026-12-08T02:00:00.000Z');
		t = dec;
		const inc = await app.incidents.declare(lead, { title: '热水器不加热', category: 'service_failure', identifiedAt: new Date(dec), inputs: { estimatedAffectedCustomers: 3 } });
		const reported = new Date(dec).toISOString();
		const added = await app.customers.add(
			lead,
			inc.id,
			['按时联系', '无法联系', '仍在联系'].map((name) => ({ name, reportedAt: reported })),
			{ validRowsOnly: false },
			'en'
		);
		const [met, gone, running] = added.items.map((c) => c.id);
		const attempt = (customerId: string, minutes: number, body: Record<string, unknown>) => {
			t = dec + minutes * MIN;
			return app.customers.contact(lead, inc.id, customerId, ContactRequest.parse(body), 'en');
		};
		await attempt(met, 10, { apologized: true, explained: true, needAsked: false }); // level 3 (2 h): met
		await attempt(gone, 20, { channel: 'phone', outcome: 'no_answer' });
		await attempt(gone, 25, { channel: 'phone', outcome: 'busy' });
		await attempt(gone, 30, { channel: 'sms', outcome: 'no_answer' });
		t = dec + 35 * MIN;
		await app.customers.decideUnreachable(lead, inc.id, gone, { reason: '电话与短信均无回应' }, 'en');
		await attempt(running, 40, { channel: 'phone', outcome: 'no_answer' }); // its deadline still runs

		const december = async () => (await app.metrics.compute({ granularity: 'month', from: new Date('2026-11-30T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') })).buckets[0];
		t = dec + 60 * MIN;
		expect(await december()).toMatchObject({ incidents: 1, deadlines: { met: 1, missed: 1 }, contactCompliance: 0.5 });
		// the failed attempts alone let the third deadline pass: missed too
		t = dec + 121 * MIN;
		expect(await december()).toMatchObject({ deadlines: { met: 1, missed: 2 }, contactCompliance: 0.333 });
	});
});
