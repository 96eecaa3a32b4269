// Evidence files (证据材料) through the API: only with the customer's authorisation recorded,
// JPEG/PNG/PDF and MP4/MOV/WebM video by content (not by name or header), at most 20 MB, downloaded unchanged and only
// by customer service and leads, each download audited; named by the detected type, never the
// uploader's extension; the file name shown only to those with personal-data access; the timeline
// never carries the file name.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { DRIVERS, startServer } from '../support/server';
import { ApiClient, createUsers, overrideTo } from '../support/client';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const hex = (h: string) =>
	Uint8Array.from(
		h
			.trim()
			.split(/\s+/)
			.map((b) => parseInt(b, 16))
	);
/** After each video's header, the start of a body: a `free` box and a `moov` box header (ISO), or a Segment (WebM). */
const BODY = hex('00 00 00 08 66 72 65 65 00 00 00 6c 6d 6f 6f 76 00 00 00 6c 6d 76 68 64');
const MP4 = Uint8Array.from([...hex('00 00 00 20 66 74 79 70 69 73 6f 6d 00 00 02 00 69 73 6f 6d 69 73 6f 32 61 76 63 31 6d 70 34 31'), ...BODY]);
const MOV = Uint8Array.from([...hex('00 00 00 14 66 74 79 70 71 74 20 20 00 00 00 00 71 74 20 20 00 00 00 08 77 69 64 65'), ...BODY]);
const WEBM = hex('1a 45 df a3 9f 42 86 81 01 42 f7 81 01 42 f2 81 04 42 f3 81 08 42 82 84 77 65 62 6d 42 87 81 04 42 85 81 02 18 53 80 67 01 00 00 00 00 00 00 10');
const HEIC = Uint8Array.from([...hex('00 00 00 18 66 74 79 70 68 65 69 63 00 00 00 00 6d 69 66 31 68 65 69 63'), ...BODY]);
const MB = 1024 * 1024;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.each(DRIVERS)('Evidence files on %s', (driver) => {
	let ctx: Awaited<ReturnType<typeof startServer>>;
	let admin: ApiClient;
	let agent: ApiClient;
	let tech: ApiClient;
	let viewer: ApiClient;
	let lead: ApiClient;
	let adminOnly: ApiClient;
	let agentId = '';
	let base = '';
	let customerUrl = '';

	const upload = (c: ApiClient, body: Uint8Array, type = 'application/octet-stream', name = 'photo.jpg') =>
		c.call('POST', `${customerUrl}/evidence?fileName=${encodeURIComponent(name)}`, body, { 'content-type': type });

	beforeAll(async () => {
		ctx = await startServer(driver);
		admin = await ApiClient.login(ctx.server.url);
		const users = [
			['agent@example.com', '陈客服', ['responder'], ['customer_service']],
			['tech@example.com', '周工程师', ['responder'], ['tech_support']],
			['viewer@example.com', '旁观者', ['viewer'], ['customer_service']],
			['lead@example.com', '吴组长', ['lead'], ['quality_control']],
			['it@example.com', '系统管理员', ['admin'], ['leadership']]
		] as const;
		const created = await createUsers(admin, users);
		[agent, tech, viewer, lead, adminOnly] = created.clients;
		agentId = created.ids[0];
		const inc = (await admin.call('POST', '/api/v1/incidents', { title: '冰箱不制冷', category: 'product_quality' })).body;
		const c = (await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '任秀兰', phone: '18722818662' }])).body.items[0];
		base = `/api/v1/incidents/${inc.id}`;
		customerUrl = `${base}/customers/${c.id}`;
	});

	afterAll(async () => {
		await ctx?.close();
	});

	it('refuses evidence until the customer has authorised it, and stores nothing', async () => {
		const r = await upload(agent, PNG, 'image/png');
		expect(r.status).toBe(409);
		expect(r.body.error.code).toBe('authorization_required');
		expect(r.body.error.message).toContain('authorization');
		expect((await agent.call('GET', `${customerUrl}/evidence`)).body.items).toHaveLength(0);
		expect((await agent.call('POST', `${customerUrl}/authorization`, { channel: 'carrier pigeon' })).status).toBe(400);
		const a = await agent.call('POST', `${customerUrl}/authorization`, { channel: 'phone', note: '电话录音 10:32' });
		expect(a.status).toBe(200);
		expect(a.body.evidenceAuthorized).toBe(true);
	});

	it('accepts JPEG, PNG and PDF by content, whatever the header says, and returns the same bytes', async () => {
		const png = await upload(agent, PNG, 'application/pdf', '../../etc/任秀兰-照片.png');
		expect(png.status).toBe(201);
		expect(png.body).toMatchObject({ contentType: 'image/png', size: PNG.byteLength, sha256: sha(PNG), fileName: '任秀兰-照片.png', uploadedBy: { name: '陈客服' } });
		expect((await upload(agent, JPEG, 'image/jpeg')).body.contentType).toBe('image/jpeg');
		expect((await upload(agent, PDF, 'application/pdf', 'chat.pdf')).body.contentType).toBe('application/pdf');
		const dl = await fetch(`${ctx.server.url}${png.body.url}`, { headers: { authorization: `Bearer ${agent.token}` } });
		expect(dl.status).toBe(200);
		expect(dl.headers.get('content-type')).toBe('image/png');
		expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
		expect(dl.headers.get('content-disposition')).toMatch(/^attachment;/);
		expect(sha(new Uint8Array(await dl.arrayBuffer()))).toBe(sha(PNG));
		const list = (await tech.call('GET', `${customerUrl}/evidence`)).body.items;
		expect(list.map((e: any) => e.contentType)).toEqual(['image/png', 'image/jpeg', 'application/pdf']);
	});

	it('accepts MP4, MOV and WebM videos by content and serves each as an attachment, never sniffed', async () => {
		const videos = [
			[MP4, 'video/mp4', '开箱视频.mp4', 'application/octet-stream', '开箱视频.mp4'],
			[MOV, 'video/quicktime', 'IMG_0420.MOV', 'video/quicktime', 'IMG_0420.mov'],
			[WEBM, 'video/webm', 'screen.webm', 'video/mp4', 'screen.webm'] // declared wrong: the content decides
		] as const;
		for (const [bytes, type, name, declared, saved] of videos) {
			const r = await upload(agent, bytes, declared, name);
			expect(r.status, name).toBe(201);
			expect(r.body).toMatchObject({ contentType: type, size: bytes.byteLength, sha256: sha(bytes), fileName: name });
			const dl = await fetch(`${ctx.server.url}${r.body.url}`, { headers: { authorization: `Bearer ${agent.token}` } });
			expect(dl.status).toBe(200);
			expect(dl.headers.get('content-type')).toBe(type);
			expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
			expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="${saved.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(saved)}`);
			expect(dl.headers.get('cache-control')).toBe('private, no-store');
			expect(sha(new Uint8Array(await dl.arrayBuffer()))).toBe(sha(bytes));
		}
		// a file without a name gets one with the type's extension
		const unnamed = await agent.call('POST', `${customerUrl}/evidence`, MOV, { 'content-type': 'application/octet-stream' });
		expect(unnamed.status).toBe(201);
		const dl = await fetch(`${ctx.server.url}${unnamed.body.url}`, { headers: { authorization: `Bearer ${agent.token}` } });
		expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="evidence-[0-9a-f]{8}\.mov"/);
		const events = (await agent.call('GET', `${base}/events`)).body.items.filter((e: any) => e.type === 'customer.evidence_added');
		expect(events.map((e: any) => e.data.contentType)).toEqual(expect.arrayContaining(['video/mp4', 'video/quicktime', 'video/webm']));
	});

	it('refuses HTML named .mp4 and HEIC pictures in the video container (415)', async () => {
		const before = (await agent.call('GET', `${customerUrl}/evidence`)).body.items.length;
		const html = await upload(agent, new TextEncoder().encode('<!DOCTYPE html><html><script>alert(1)</script></html>'), 'video/mp4', 'clip.mp4');
		expect(html.status).toBe(415);
		expect(html.body.error.code).toBe('unsupported_media_type');
		expect(html.body.error.message).toContain('MP4, MOV or WebM');
		expect(html.body.error.details.allowed).toEqual(expect.arrayContaining(['video/mp4', 'video/quicktime', 'video/webm']));
		expect((await upload(agent, HEIC, 'video/mp4', 'photo.mp4')).status).toBe(415);
		expect((await agent.call('GET', `${customerUrl}/evidence`)).body.items).toHaveLength(before);
	});

	it('refuses other content (415), empty files (400) and files over 20 MB (413)', async () => {
		const before = (await agent.call('GET', `${customerUrl}/evidence`)).body.items.length;
		const text = await upload(agent, new TextEncoder().encode('just text, renamed'), 'image/jpeg', 'fake.jpg');
		expect(text.status).toBe(415);
		expect(text.body.error.code).toBe('unsupported_media_type');
		expect(text.body.error.message).toContain('image/jpeg');
		expect((await upload(agent, new Uint8Array(0))).status).toBe(400);
		const big = new Uint8Array(20 * MB + 1);
		big.set(JPEG.subarray(0, 4));
		const tooBig = await upload(agent, big, 'image/jpeg');
		expect(tooBig.status).toBe(413);
		expect((await agent.call('GET', `${customerUrl}/evidence`)).body.items).toHaveLength(before);
		const exact = new Uint8Array(20 * MB);
		exact.set(JPEG.subarray(0, 4));
		const ok = await upload(agent, exact, 'image/jpeg');
		expect(ok.status).toBe(201);
		expect(ok.body.size).toBe(20 * MB);
	});

	it('only customer service and leads download; viewers, other groups and display screens do not', async () => {
		const e = (await agent.call('GET', `${customerUrl}/evidence`)).body.items[0];
		expect((await tech.call('GET', e.url)).status).toBe(403);
		expect((await viewer.call('GET', e.url)).status).toBe(403);
		const display = new ApiClient(ctx.server.url, (await admin.call('POST', '/api/v1/display-tokens', { label: 'wall' })).body.token);
		expect((await display.call('GET', e.url)).status).toBe(403);
		expect((await display.call('GET', `${customerUrl}/evidence`)).status).toBe(403);
		expect((await tech.call('POST', `${customerUrl}/evidence`, PNG, { 'content-type': 'image/png' })).status).toBe(201);
		expect((await viewer.call('POST', `${customerUrl}/evidence`, PNG, { 'content-type': 'image/png' })).status).toBe(403);
		expect((await agent.call('GET', `${customerUrl}/evidence/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
		expect((await agent.call('GET', `${base}/customers/nope/evidence`)).status).toBe(404);
	});

	it('a video over 20 MB is refused (413) like any file', async () => {
		const big = new Uint8Array(20 * MB + 1);
		big.set(MP4);
		expect((await upload(agent, big, 'video/mp4', 'long.mp4')).status).toBe(413);
	});

	it('the timeline records each file without its name', async () => {
		const events = (await agent.call('GET', `${base}/events`)).body.items.filter((e: any) => e.type === 'customer.evidence_added');
		expect(events.length).toBeGreaterThanOrEqual(4);
		expect(JSON.stringify(events)).not.toContain('任秀兰-照片');
		expect(events[0].data).toMatchObject({ position: 1, contentType: 'image/png', size: PNG.byteLength });
	});

	it('audits every download: an event naming who and which file, never its name or content', async () => {
		const up = await upload(agent, JPEG, 'image/jpeg', '任秀兰-身份证.jpg');
		const url = up.body.url as string;
		const before = (await agent.call('GET', `${base}/events`)).body.items.length;
		for (let i = 0; i < 2; i++) expect((await fetch(`${ctx.server.url}${url}`, { headers: { authorization: `Bearer ${agent.token}` } })).status).toBe(200);
		expect((await lead.call('GET', url)).status).toBe(200);
		// a refused download is not a download: no event
		expect((await tech.call('GET', url)).status).toBe(403);
		const events = (await agent.call('GET', `${base}/events`)).body.items.slice(before);
		expect(events.map((e: any) => e.type)).toEqual(['customer.evidence_downloaded', 'customer.evidence_downloaded', 'customer.evidence_downloaded']);
		expect(events[0].actor).toEqual({ id: agentId, name: '陈客服' });
		expect(events[2].actor.name).toBe('吴组长');
		expect(events[0].data).toMatchObject({ customerId: up.body.customerId, position: 1, evidenceId: up.body.id, contentType: 'image/jpeg', size: JPEG.byteLength });
		expect(JSON.stringify(events)).not.toContain('身份证');
	});

	it('names a download by its detected type: a JPEG+HTML polyglot uploaded as evil.html downloads as evil.jpg', async () => {
		const html = new TextEncoder().encode('<html><body><script>alert(document.domain)</script></body></html>');
		const polyglot = Uint8Array.from([...JPEG.subarray(0, JPEG.length - 2), 0xff, 0xfe, 0, html.length + 2, ...html, 0xff, 0xd9]);
		const up = await upload(agent, polyglot, 'text/html', 'evil.html');
		expect(up.status).toBe(201);
		expect(up.body.contentType).toBe('image/jpeg');
		const dl = await fetch(`${ctx.server.url}${up.body.url}`, { headers: { authorization: `Bearer ${agent.token}` } });
		expect(dl.status).toBe(200);
		expect(dl.headers.get('content-type')).toBe('image/jpeg');
		expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
		expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="evil.jpg"; filename*=UTF-8''evil.jpg`);
		expect(sha(new Uint8Array(await dl.arrayBuffer()))).toBe(sha(polyglot));
	});

	it('shows file names only to those with personal-data access; the others see the type in words', async () => {
		// the first admin also holds the lead role; the admin role alone opens no personal data
		const sees = { agent: true, lead: true, admin: true, adminOnly: false, tech: false, viewer: false };
		const clients = { agent, lead, admin, adminOnly, tech, viewer };
		for (const [who, client] of Object.entries(clients)) {
			const items = (await client.call('GET', `${customerUrl}/evidence`)).body.items;
			// the first file uploaded (the list is in upload order)
			const photo = items[0];
			expect(photo.fileName, who).toBe(sees[who as keyof typeof sees] ? '任秀兰-照片.png' : null);
			expect(photo.typeName, who).toEqual({ en: 'PNG image', zh: 'PNG 图片' });
			if (!sees[who as keyof typeof sees]) expect(JSON.stringify(items), who).not.toContain('任秀兰');
		}
		// the uploader without personal-data access gets no name back either
		const byTech = await upload(tech, PNG, 'image/png', '任秀兰-发票.png');
		expect(byTech.status).toBe(201);
		expect(byTech.body).toMatchObject({ fileName: null, typeName: { en: 'PNG image', zh: 'PNG 图片' } });
		expect((await agent.call('GET', `${customerUrl}/evidence`)).body.items.map((e: any) => e.fileName)).toContain('任秀兰-发票.png');
	});

	it('a closed incident hands out no file (its timeline is frozen, so a download could not be audited)', async () => {
		const inc = (await admin.call('POST', '/api/v1/incidents', { title: '归档后下载', category: 'product_quality' })).body;
		const c = (await agent.call('POST', `/api/v1/incidents/${inc.id}/customers`, [{ name: '王芳', phone: '13800001111' }])).body.items[0];
		const url = `/api/v1/incidents/${inc.id}/customers/${c.id}`;
		expect((await agent.call('POST', `${url}/authorization`, { channel: 'phone' })).status).toBe(200);
		const up = await agent.call('POST', `${url}/evidence?fileName=a.png`, PNG, { 'content-type': 'image/png' });
		expect(up.status).toBe(201);
		await overrideTo(lead, inc.id, 'closed');
		const events = (await agent.call('GET', `/api/v1/incidents/${inc.id}/events`)).body.items.length;
		const r = await agent.call('GET', up.body.url);
		expect(r.status).toBe(409);
		expect(r.body.error.message).toContain('closed');
		expect((await agent.call('GET', `/api/v1/incidents/${inc.id}/events`)).body.items.length).toBe(events);
	});
});
