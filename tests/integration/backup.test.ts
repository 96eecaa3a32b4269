// `npm run backup` / `npm run restore` on the embedded database (PGlite), as an operator runs them:
// the scripts as child processes against the real production server. The backup is taken while
// incidents are being changed; the restored server must have every incident of the manifest with
// its whole timeline, and the customers' personal data readable (the key came back with it).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { ROOT, TestServer } from '../support/server';
import { ApiClient } from '../support/client';

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs scripts/<name> as `npm run` would, without blocking this process (the writers keep going). */
function runScript(name: string, args: string[], dataDir: string): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(ROOT, 'scripts', name), ...args], {
			cwd: ROOT,
			env: { ...process.env, WARROOM_DATA_DIR: dataDir, DATABASE_URL: '', WARROOM_SECRET: '' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('exit', (code) => resolve({ code, stdout, stderr }));
	});
}

const LEAD = { email: 'lead@example.com', password: 'lead-password-1' };
const PERSONAL = { phone: '13812345678', email: 'zhang.san@example.com', orderNo: 'JD20261125001' };

describe('Backup and restore of the embedded database', () => {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-backup-'));
	const servers: TestServer[] = [];
	let source: TestServer;
	let lead: ApiClient;
	/** The backup taken during writes, also used by the tests after it. */
	let backupFolder = '';

	beforeAll(async () => {
		source = await new TestServer().start();
		servers.push(source);
		const admin = await ApiClient.login(source.url);
		const created = await admin.call('POST', '/api/v1/users', { ...LEAD, name: '王经理', roles: ['lead'], groups: ['customer_service'] });
		expect(created.status).toBe(201);
		lead = await ApiClient.login(source.url, LEAD.email, LEAD.password);
	});

	afterAll(async () => {
		for (const s of servers) {
			await s.stop();
			s.cleanup();
		}
		fs.rmSync(tmp, { recursive: true, force: true });
	});

	it('copies its database only for the backup script: loopback, no proxy, the control token', async () => {
		const noToken = await new ApiClient(source.url).call('POST', '/internal/backup');
		expect(noToken.status).toBe(401);
		expect(noToken.body.error.message).toMatch(/x-warroom-control-token/);
		const proxied = await new ApiClient(source.url).call('POST', '/internal/backup', undefined, { 'x-forwarded-for': '203.0.113.9' });
		expect(proxied.status).toBe(403);
		expect(fs.statSync(path.join(source.dataDir, 'server.json')).mode & 0o077).toBe(0);
	});

	it('backs up during writes; the restore has every incident and event, consistent, and readable personal data', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 6; i++) {
			const r = await lead.call('POST', '/api/v1/incidents', { title: `备份测试 ${i}`, category: 'service_failure' });
			expect(r.status).toBe(201);
			ids.push(r.body.id);
		}
		const added = await lead.call('POST', `/api/v1/incidents/${ids[0]}/customers`, [{ name: '张三', ...PERSONAL }]);
		expect(added.status).toBe(201);
		const customerId = added.body.items[0].id;

		// Writers: each incident PATCHed in a loop, and customers added to one of them (multi-row transactions).
		let writing = true;
		let writes = 0;
		const writers = ids.slice(1).map(async (id, w) => {
			let version = (await lead.call('GET', `/api/v1/incidents/${id}`)).body.version;
			for (let n = 0; writing; n++) {
				const r = await lead.call('PATCH', `/api/v1/incidents/${id}`, { version, description: `writer ${w}, change ${n}` });
				if (r.status !== 200) throw new Error(`PATCH ${r.status}: ${JSON.stringify(r.body)}`);
				version = r.body.version;
				writes++;
			}
		});
		writers.push(
			(async () => {
				for (let n = 0; writing; n++) {
					const r = await lead.call('POST', `/api/v1/incidents/${ids[0]}/customers`, [{ name: `客户 ${n}`, phone: `1390000${String(n).padStart(4, '0')}` }]);
					if (r.status !== 201) throw new Error(`customers ${r.status}: ${JSON.stringify(r.body)}`);
					writes++;
				}
			})()
		);
		let backup: Run;
		let writesDuring: number;
		try {
			while (writes < 30) await new Promise((r) => setTimeout(r, 10));
			const writesBefore = writes;
			backup = await runScript('backup.js', [`--out=${path.join(tmp, 'backups')}`], source.dataDir);
			writesDuring = writes - writesBefore;
		} finally {
			writing = false;
			await Promise.all(writers);
		}

		expect(backup.code, backup.stderr).toBe(0);
		expect(writesDuring).toBeGreaterThan(10);
		expect(backup.stdout).toMatch(/copied by the running server/);
		expect(backup.stdout).toMatch(/WARNING: this backup contains the personal-data key/);
		expect(backup.stdout).toMatch(/anyone who holds the backup can read it/);
		// the server's copy in its data directory was archived and removed
		expect(fs.readdirSync(source.dataDir).filter((f) => f.startsWith('backup-stage-'))).toEqual([]);
		const folder = /Backup written to (\S+)/.exec(backup.stdout)![1];
		backupFolder = folder;
		expect(fs.readdirSync(folder).sort()).toEqual(['database.tar.gz', 'manifest.json', 'personal-data.key']);
		expect(fs.statSync(path.join(folder, 'personal-data.key')).mode & 0o077).toBe(0);
		const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
		expect(manifest).toMatchObject({ format: 'warroom-backup', takenFrom: 'running-server', key: { source: 'key-file', file: 'personal-data.key', decrypts: 'yes' } });
		expect(manifest.key.recorded).toBe(manifest.key.fingerprint);
		// Every incident was declared before the backup began; the writes went on during it.
		expect(manifest.incidents.map((i: { id: string }) => i.id).sort()).toEqual([...ids].sort());
		expect(manifest.database.incidents).toBe(ids.length);
		const finalVersions = new Map<string, number>();
		for (const id of ids) finalVersions.set(id, (await lead.call('GET', `/api/v1/incidents/${id}`)).body.version);
		expect(manifest.incidents.some((i: { id: string; version: number }) => i.version < finalVersions.get(i.id)!)).toBe(true);

		// Restore into a fresh data directory and serve it.
		const dataDir = path.join(tmp, 'restored');
		const restore = await runScript('restore.js', [folder], dataDir);
		expect(restore.code, restore.stderr).toBe(0);
		expect(restore.stdout).toMatch(/verified against the manifest/);
		expect(restore.stdout).toMatch(/personal-data key put back/);
		const restored = await new TestServer({ dataDir }).start();
		servers.push(restored);
		const client = await ApiClient.login(restored.url, LEAD.email, LEAD.password);

		let events = 0;
		for (const { id, code, version } of manifest.incidents as { id: string; code: string; version: number }[]) {
			const inc = await client.call('GET', `/api/v1/incidents/${id}`);
			expect(inc.status).toBe(200);
			expect(inc.body).toMatchObject({ code, version });
			const timeline = await client.call('GET', `/api/v1/incidents/${id}/events?after=0`);
			expect(timeline.body.items.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: version }, (_, i) => i + 1));
			events += timeline.body.items.length;
		}
		expect(events).toBe(manifest.database.events);
		const listed = await client.call('GET', '/api/v1/incidents');
		expect(listed.body.items.length).toBe(manifest.database.incidents);
		const customers = await client.call('GET', `/api/v1/incidents/${ids[0]}/customers`);
		expect(customers.body.items.length).toBe(manifest.database.customers);

		// The key came back: the sealed phone, e-mail and order number open.
		const revealed = await client.call('POST', `/api/v1/incidents/${ids[0]}/customers/${customerId}/reveal`);
		expect(revealed.status).toBe(200);
		expect(revealed.body).toMatchObject({ ...PERSONAL, masked: false });
	});

	it('refuses to restore while a server holds the data directory, or over another key, and changes nothing', async () => {
		const fake = path.join(tmp, 'not-a-backup');
		fs.mkdirSync(fake);
		const before = fs.readdirSync(source.dataDir).sort();
		const folder = backupFolder;
		const refused = await runScript('restore.js', [folder], source.dataDir);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(new RegExp(`in use by process ${source.proc!.pid} \\(the Warroom server\\): stop it first`));
		expect(refused.stderr).toMatch(/Nothing was changed/);
		expect(fs.readdirSync(source.dataDir).sort()).toEqual(before);
		// a data directory with another personal-data key: the restored server could not read the data, nor start
		const otherKey = path.join(tmp, 'other-key');
		fs.mkdirSync(otherKey);
		fs.writeFileSync(path.join(otherKey, 'personal-data.key'), randomBytes(32).toString('base64'), { mode: 0o600 });
		const wrongKey = await runScript('restore.js', [folder], otherKey);
		expect(wrongKey.code).toBe(1);
		expect(wrongKey.stderr).toMatch(/already has a different personal-data key[\s\S]*--force-key/);
		expect(fs.readdirSync(otherKey)).toEqual(['personal-data.key']);
		const notBackup = await runScript('restore.js', [fake], path.join(tmp, 'elsewhere'));
		expect(notBackup.code).toBe(1);
		expect(notBackup.stderr).toMatch(/is not a Warroom backup/);
	});

	it('backs up a stopped server by opening its data directory, and a restore over it moves the database aside', async () => {
		const stopped = servers[servers.length - 1];
		const before = (await (await ApiClient.login(stopped.url, LEAD.email, LEAD.password)).call('GET', '/api/v1/incidents')).body.items.length;
		await stopped.stop();
		const backup = await runScript('backup.js', [`--out=${path.join(tmp, 'offline')}`], stopped.dataDir);
		expect(backup.code, backup.stderr).toBe(0);
		expect(backup.stdout).toMatch(/the server was not running/);
		const folder = /Backup written to (\S+)/.exec(backup.stdout)![1];
		expect(JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'))).toMatchObject({ takenFrom: 'data-dir', database: { incidents: before } });

		const restore = await runScript('restore.js', [folder], stopped.dataDir);
		expect(restore.code, restore.stderr).toBe(0);
		expect(restore.stdout).toMatch(/already the backup's/);
		const aside = fs.readdirSync(stopped.dataDir).filter((f) => f.startsWith('pglite.before-restore-'));
		expect(aside).toHaveLength(1);
		expect(fs.existsSync(path.join(stopped.dataDir, aside[0], 'PG_VERSION'))).toBe(true);
		await stopped.start();
		const client = await ApiClient.login(stopped.url, LEAD.email, LEAD.password);
		expect((await client.call('GET', '/api/v1/incidents')).body.items.length).toBe(before);
	});
});
