// Commitments kept (issue #17): a contact's commitment with a time is a task of its author — on
// My tasks, due soon at 80 % of the way from the contact to its time and overdue at its time
// (each alarm once), closed by a later contact with the customer or by its author or a lead with
// a note. In-process with an injected clock, and through the HTTP API across restarts.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '$lib/server/app';
import { loadConfig } from '$lib/server/config';
import type { SessionUser } from '$lib/server/auth/principal';
import { TestServer } from '../support/server';
import { ApiClient, createUsers } from '../support/client';

const MIN = 60_000;
const HOUR = 60 * MIN;
type Ev = { seq: number; type: string; data: any };
const iso = (ms: number) => new Date(ms).toISOString();
const reached = { reached: true, apologized: true, explained: true, needAsked: true, need: 'repair' } as const;

describe('commitments with an injected clock (in-process)', () => {
	let app: App;
	let dir: string;
	let t = Date.parse('2026-12-01T02:00:00.000Z');
	const clock = { now: () => new Date(t) };
	const lead: SessionUser = { id: 'lead-1', email: 'lead@example.com', name: '王指挥', roles: ['lead'], groups: ['leadership'] };
	const agent: SessionUser = { id: 'cs-1', email: 'cs@example.com', name: '客服小李', roles: ['responder'], groups: ['customer_service'] };
	const other: SessionUser = { id: 'cs-2', email: 'cs2@example.com', name: '客服小张', roles: ['responder'], groups: ['customer_service'] };

	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-commitments-'));
		app = await createApp(loadConfig({ WARROOM_DATA_DIR: dir, WARROOM_LOG_LEVEL: 'error' }), clock, { alarms: false });
	});
	afterAll(async () => {
		await app?.shutdown();
		fs.rmSync(dir, { recursive: true, force: true });
	});
	const commitmentEvents = async (id: string) =>
		((await app.incidents.events(id, 0)) as unknown as Ev[]).filter((e) => e.type === 'commitment.closed' || (e.type.startsWith('deadline.') && e.data.kind === 'commitment'));

	it("a commitment is its author's task: due soon at 80 %, overdue at its time, each once; a later contact closes it", async () => {
		const inc = await app.incidents.declare(lead, { title: '洗衣机漏水', category: 'product_quality' });
		const { items } = await app.customers.add(lead, inc.id, [{ name: '赵女士' }], { validRowsOnly: false }, 'en');
		const made = t;
		const r = await app.customers.contact(agent, inc.id, items[0].id, { ...reached, commitment: '24 小时内上门检修', commitmentDueAt: new Date(made + 10 * HOUR) } as never, 'en');
		expect(r.contact).toMatchObject({ commitment: '24 小时内上门检修', commitmentDueAt: iso(made + 10 * HOUR), commitmentClosedAt: null, commitmentClosedNote: '' });

		const mine = await app.tasks.forUser(agent);
		expect(mine.commitments).toHaveLength(1);
		expect(mine.commitments[0]).toMatchObject({
			incident: { id: inc.id, code: inc.code },
			commitment: {
				contactId: r.contact.id,
				customerId: items[0].id,
				position: 1,
				customerName: '赵女士',
				dueAt: iso(made + 10 * HOUR),
				dueSoonAt: iso(made + 8 * HOUR),
				status: 'pending',
				by: { id: agent.id }
			}
		});
		expect((await app.tasks.forUser(other)).commitments).toEqual([]);
		expect((await app.alarms.nextDue())?.toISOString()).toBe(iso(made + 8 * HOUR));

		t = made + 8 * HOUR - 1000;
		expect(await app.alarms.runDue()).toBe(0);
		t = made + 8 * HOUR;
		expect(await app.alarms.runDue()).toBe(1);
		expect(await app.alarms.runDue()).toBe(0);
		expect((await app.tasks.forUser(agent)).commitments[0].commitment.status).toBe('due_soon');
		t = made + 10 * HOUR;
		expect(await app.alarms.runDue()).toBe(1);
		t += 5 * HOUR;
		expect(await app.alarms.runDue()).toBe(0);
		let evs = await commitmentEvents(inc.id);
		expect(evs.map((e) => e.type)).toEqual(['deadline.due_soon', 'deadline.overdue']);
		expect(evs[1].data).toMatchObject({
			kind: 'commitment',
			count: 1,
			contactId: r.contact.id,
			customerId: items[0].id,
			position: 1,
			dueAt: iso(made + 10 * HOUR),
			firedAt: iso(made + 10 * HOUR),
			author: { id: agent.id }
		});

		// a failed call does not close it; a later contact that reaches the customer does
		await app.customers.contact(other, inc.id, items[0].id, { reached: false, note: '无人接听' } as never, 'en');
		expect((await app.tasks.forUser(agent)).commitments).toHaveLength(1);
		const later = await app.customers.contact(other, inc.id, items[0].id, reached as never, 'en');
		evs = await commitmentEvents(inc.id);
		expect(evs.at(-1)).toMatchObject({ type: 'commitment.closed', data: { contactId: r.contact.id, byContactId: later.contact.id, closedBy: { id: other.id }, closedAt: iso(t) } });
		expect((await app.tasks.forUser(agent)).commitments).toEqual([]);
		const history = await app.customers.get(inc.id, items[0].id);
		expect(history.contacts[0]).toMatchObject({ commitmentClosedAt: iso(t), commitmentClosedNote: `closed by the contact of ${iso(t)}` });
		expect(await app.alarms.nextDue()).toBeNull();
	});

	it('closed explicitly with a note by its author or a lead, once; nobody else; a commitment needs a time after the contact', async () => {
		const inc = await app.incidents.declare(lead, { title: '配送延误', category: 'service_failure' });
		const { items } = await app.customers.add(lead, inc.id, [{ name: '钱先生' }, { name: '孙女士' }], { validRowsOnly: false }, 'en');
		await expect(app.customers.contact(agent, inc.id, items[0].id, { ...reached, commitment: '补发', commitmentDueAt: new Date(t - MIN) } as never, 'en')).rejects.toMatchObject({
			code: 'invalid_input',
			details: [{ field: 'commitmentDueAt' }]
		});
		const a = await app.customers.contact(agent, inc.id, items[0].id, { ...reached, commitment: '明天补发', commitmentDueAt: new Date(t + 20 * HOUR) } as never, 'en');
		const b = await app.customers.contact(agent, inc.id, items[1].id, { ...reached, commitment: '退款', commitmentDueAt: new Date(t + 2 * HOUR) } as never, 'en');
		expect((await app.tasks.forUser(agent)).commitments.map((k) => k.commitment.contactId)).toEqual([b.contact.id, a.contact.id]);
		await expect(app.commitments.close(other, inc.id, items[0].id, a.contact.id, '已处理', 'en')).rejects.toMatchObject({ status: 403 });
		const closed = await app.commitments.close(agent, inc.id, items[0].id, a.contact.id, '已补发,单号 SF123', 'en');
		expect(closed.commitment).toMatchObject({ status: 'closed', closedAt: iso(t), closedByName: agent.name, closedNote: '已补发,单号 SF123' });
		await expect(app.commitments.close(agent, inc.id, items[0].id, a.contact.id, '再次', 'en')).rejects.toMatchObject({ status: 409 });
		const byLead = await app.commitments.close(lead, inc.id, items[1].id, b.contact.id, '负责人确认已退款', 'en');
		expect(byLead.commitment.status).toBe('closed');
		const evs = (await commitmentEvents(inc.id)).map((e) => [e.type, e.data.contactId, e.data.byContactId]);
		expect(evs).toEqual([
			['commitment.closed', a.contact.id, null],
			['commitment.closed', b.contact.id, null]
		]);
		expect((await app.tasks.forUser(agent)).commitments).toEqual([]);
		t += 30 * HOUR;
		await app.alarms.runDue();
		expect((await commitmentEvents(inc.id)).filter((e) => e.type.startsWith('deadline.'))).toEqual([]);
	});
});

describe('commitments through the API, across restarts (real server, PGlite on disk)', () => {
	it('commitment → on My tasks → alarms at the injected times, once → closed by a later contact; an explicit close', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-commitments-restart-'));
		const at = (offsetMs: number) => new TestServer({ dataDir: dir, env: { WARROOM_CLOCK_OFFSET_MS: String(offsetMs), WARROOM_ALARM_POLL_MS: '60000' } });
		let server = await new TestServer({ dataDir: dir }).start();
		const users = [
			['cs-a@example.com', '客服甲', ['responder'], ['customer_service']],
			['cs-b@example.com', '客服乙', ['responder'], ['customer_service']]
		] as const;
		try {
			let admin = await ApiClient.login(server.url);
			let [author, another] = (await createUsers(admin, users)).clients;
			const inc = (await admin.call('POST', '/api/v1/incidents', { title: '空调不制冷', category: 'product_quality' })).body;
			const I = `/api/v1/incidents/${inc.id}`;
			const [c1, c2] = (await admin.call('POST', `${I}/customers`, [{ name: '吴先生' }, { name: '郑女士' }])).body.items;
			const made = Date.now();
			const due = made + 10 * HOUR;
			const bad = await author.call('POST', `${I}/customers/${c1.id}/contacts`, { ...reached, commitment: '补发配件', commitmentDueAt: iso(made - HOUR) });
			expect(bad.status).toBe(400);
			expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'commitmentDueAt' })]);
			const k1 = await author.call('POST', `${I}/customers/${c1.id}/contacts`, { ...reached, commitment: '24 小时内上门检修', commitmentDueAt: iso(due) });
			expect(k1.status).toBe(201);
			expect(k1.body).toMatchObject({ commitment: '24 小时内上门检修', commitmentDueAt: iso(due), commitmentClosedAt: null, commitmentClosedNote: '' });
			const k2 = (await author.call('POST', `${I}/customers/${c2.id}/contacts`, { ...reached, commitment: '补偿优惠券', commitmentDueAt: iso(made + 30 * HOUR) })).body;
			const tasks = (await author.call('GET', '/api/v1/me/tasks')).body;
			expect(tasks.commitments.map((k: any) => [k.commitment.contactId, k.commitment.status, k.commitment.dueSoonAt])).toEqual([
				[k1.body.id, 'pending', iso(Date.parse(k1.body.at) + Math.round(0.8 * (due - Date.parse(k1.body.at))))],
				[k2.id, 'pending', expect.any(String)]
			]);
			expect((await another.call('GET', '/api/v1/me/tasks')).body.commitments).toEqual([]);
			await server.stop();

			const alarmsOf = async (api: ApiClient) => ((await api.call('GET', `${I}/events`)).body.items as Ev[]).filter((e) => e.type.startsWith('deadline.') && e.data.kind === 'commitment');
			const waitFor = async (api: ApiClient, n: number) => {
				const began = Date.now();
				let evs: Ev[] = [];
				while (Date.now() - began < 30_000) {
					evs = await alarmsOf(api);
					if (evs.length >= n) break;
					await new Promise((r) => setTimeout(r, 25));
				}
				return evs;
			};

			// 8 h 10 min later: past 80 % of the way to the first commitment's time
			server = await at(8 * HOUR + 10 * MIN).start();
			admin = await ApiClient.login(server.url);
			let evs = await waitFor(admin, 1);
			expect(evs.map((e) => [e.type, e.data.contactId])).toEqual([['deadline.due_soon', k1.body.id]]);
			expect(Date.parse(evs[0].data.firedAt)).toBeGreaterThanOrEqual(made + 8 * HOUR);
			expect(Date.parse(evs[0].data.firedAt)).toBeLessThan(due);
			await server.stop();

			// 10 h 10 min later: overdue, once
			server = await at(10 * HOUR + 10 * MIN).start();
			admin = await ApiClient.login(server.url);
			evs = await waitFor(admin, 2);
			expect(evs.map((e) => [e.type, e.data.contactId])).toEqual([
				['deadline.due_soon', k1.body.id],
				['deadline.overdue', k1.body.id]
			]);
			expect(Date.parse(evs[1].data.firedAt)).toBeGreaterThanOrEqual(due);
			[author, another] = await Promise.all(users.map(([email]) => ApiClient.login(server.url, email, 'password-123')));
			expect((await author.call('GET', '/api/v1/me/tasks')).body.commitments[0].commitment).toMatchObject({ contactId: k1.body.id, status: 'overdue' });

			// a later contact with the customer closes it by itself
			const later = await another.call('POST', `${I}/customers/${c1.id}/contacts`, reached);
			expect(later.status).toBe(201);
			const closedEv = ((await admin.call('GET', `${I}/events`)).body.items as Ev[]).filter((e) => e.type === 'commitment.closed');
			expect(closedEv.map((e) => e.data)).toEqual([
				expect.objectContaining({ contactId: k1.body.id, byContactId: later.body.id, closedAt: later.body.at, closedBy: expect.objectContaining({ name: '客服乙' }) })
			]);
			const history = (await admin.call('GET', `${I}/customers/${c1.id}`)).body.contacts;
			expect(history[0]).toMatchObject({ id: k1.body.id, commitmentClosedAt: later.body.at, commitmentClosedNote: `closed by the contact of ${later.body.at}` });

			// the other one is closed explicitly: not by another responder, with a note, once
			const close = (api: ApiClient, body: unknown) => api.call('POST', `${I}/customers/${c2.id}/contacts/${k2.id}/close`, body);
			expect((await close(another, { note: '已处理' })).status).toBe(403);
			const empty = await close(author, { note: ' ' });
			expect(empty.status).toBe(400);
			expect(JSON.stringify(empty.body.error)).toContain('note');
			const ok = await close(author, { note: '优惠券已发放' });
			expect(ok.status).toBe(200);
			expect(ok.body.commitment).toMatchObject({ contactId: k2.id, status: 'closed', closedByName: '客服甲', closedNote: '优惠券已发放' });
			expect(ok.body.incident.id).toBe(inc.id);
			expect((await close(author, { note: '再次' })).status).toBe(409);
			expect((await author.call('GET', '/api/v1/me/tasks')).body.commitments).toEqual([]);
			const unknown = await author.call('POST', `${I}/customers/${c2.id}/contacts/00000000-0000-0000-0000-000000000000/close`, { note: 'x' });
			expect(unknown.status).toBe(404);
		} finally {
			await server.stop();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}, 240_000);
});
