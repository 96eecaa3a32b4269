// Honest counts and paging of the customer sheet (issue #18): GET …/customers takes limit/offset and
// sort=urgency (overdue first, then by next deadline, settled last), and always says the total of
// the filter and the counts by status; without limit it answers every customer in position order.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient } from '../support/client';

const MIN = 60_000;
const ago = (m: number) => new Date(Date.now() - m * MIN).toISOString();

describe.each(DRIVERS)('Customer paging on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let lead: ApiClient;
	let incidentId: string;
	const list = (q: string) => lead.call('GET', `/api/v1/incidents/${incidentId}/customers${q}`);

	beforeAll(async () => {
		ctx = await startServer(driver);
		lead = await ApiClient.login(ctx.server.url);
		const inc = await lead.call('POST', '/api/v1/incidents', { title: '暖阳 H2 电暖器无法开机', category: 'product_quality' });
		incidentId = inc.body.id;
		// registered 5…124 min ago; 120 customers raise the level, so the oldest ones are overdue
		const rows = Array.from({ length: 120 }, (_, i) => ({ name: `客户${i + 1}`, reportedAt: ago(5 + ((i * 37) % 120)) }));
		expect((await lead.call('POST', `/api/v1/incidents/${incidentId}/customers`, rows)).status).toBe(201);
		const all = (await list('')).body.items;
		// one reached (met), which sorts after every open customer
		const c7 = all.find((c: { name: string }) => c.name === '客户7');
		expect((await lead.call('POST', `/api/v1/incidents/${incidentId}/customers/${c7.id}/contacts`, { outcome: 'reached', apologized: true, explained: true, needAsked: false })).status).toBe(201);
	});
	afterAll(async () => ctx?.close());

	it('without limit every customer comes in position order, with the total and the counts', async () => {
		const r = await list('');
		expect(r.status).toBe(200);
		expect(r.body.items).toHaveLength(120);
		expect(r.body.items.map((c: { position: number }) => c.position)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
		expect(r.body.total).toBe(120);
		const { counts } = r.body;
		expect(counts.met + counts.met_late).toBe(1);
		expect(counts.pending + counts.due_soon + counts.overdue + counts.met + counts.met_late + counts.unreachable).toBe(120);
		// the counts agree with each customer's own status
		const byStatus = (s: string) => r.body.items.filter((c: { contactDeadline: { status: string } }) => c.contactDeadline.status === s).length;
		for (const s of ['pending', 'due_soon', 'overdue']) expect(counts[s], s).toBe(byStatus(s));
		expect(counts.overdue).toBeGreaterThan(0);
	});

	it('pages by urgency: overdue first, then by next deadline, the settled ones last; pages do not overlap', async () => {
		const first = await list('?limit=50&sort=urgency');
		const second = await list('?limit=50&offset=50&sort=urgency');
		const third = await list('?limit=50&offset=100&sort=urgency');
		expect([first.body.items.length, second.body.items.length, third.body.items.length]).toEqual([50, 50, 20]);
		for (const r of [first, second, third]) expect(r.body.total).toBe(120);
		const items = [...first.body.items, ...second.body.items, ...third.body.items];
		expect(new Set(items.map((c: { id: string }) => c.id)).size).toBe(120);
		const open = items.slice(0, 119);
		const due = open.map((c: { contactDeadline: { dueAt: string } }) => Date.parse(c.contactDeadline.dueAt));
		expect(due).toEqual([...due].sort((a, b) => a - b));
		expect(open[0].contactDeadline.status).toBe('overdue');
		expect(items[119].name).toBe('客户7');
		const firstOpenNotOverdue = open.findIndex((c: { contactDeadline: { status: string } }) => c.contactDeadline.status !== 'overdue');
		expect(firstOpenNotOverdue).toBe(first.body.counts.overdue);
	});

	it('the total follows the filter; counts stay those of every customer', async () => {
		const all = (await list('')).body;
		const overdue = await list('?status=overdue&limit=10&sort=urgency');
		expect(overdue.body.total).toBe(all.counts.overdue);
		expect(overdue.body.items.length).toBe(Math.min(10, all.counts.overdue));
		expect(overdue.body.items.every((c: { contactDeadline: { status: string } }) => c.contactDeadline.status === 'overdue')).toBe(true);
		expect(overdue.body.counts).toEqual(all.counts);
		const open = await list('?status=open&limit=5');
		expect(open.body.total).toBe(119);
		// 120 customers raise the level, so the reach may have come after the shortened deadline
		const settled = [...(await list('?status=met')).body.items, ...(await list('?status=met_late')).body.items];
		expect(settled.map((c: { name: string }) => c.name)).toEqual(['客户7']);
	});

	it('rejects a limit out of range, naming the field', async () => {
		for (const q of ['?limit=0', '?limit=1001', '?offset=-1', '?sort=name']) {
			const r = await list(q);
			expect(r.status, q).toBe(400);
		}
	});
});
