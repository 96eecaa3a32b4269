// Starts the real production server (build/ + src/server.js) as a child process on a free port,
// with its own data dir (PGlite) or its own PostgreSQL database. Used by integration tests,
// Playwright and the benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
		srv.on('error', reject);
	});
}

export interface ServerOptions {
	databaseUrl?: string;
	dataDir?: string;
	port?: number;
	env?: Record<string, string>;
}

export class TestServer {
	proc?: ChildProcess;
	url = '';
	port = 0;
	dataDir: string;
	output = '';
	private outputWaiters = new Set<{ test: (output: string) => boolean; resolve: () => void }>();

	/** Resolves once the server's output satisfies `test` (checked on each chunk it writes); rejects after `ms`. */
	waitForOutput(test: (output: string) => boolean, ms = 10_000): Promise<void> {
		if (test(this.output)) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const w = { test, resolve: () => (clearTimeout(timer), resolve()) };
			const timer = setTimeout(() => (this.outputWaiters.delete(w), reject(new Error(`the server did not write the awaited output within ${ms} ms`))), ms);
			this.outputWaiters.add(w);
		});
	}
	constructor(private opts: ServerOptions = {}) {
		this.dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-test-'));
	}

	async start(): Promise<this> {
		if (!fs.existsSync(path.join(ROOT, 'build', 'handler.js'))) throw new Error('No build: run `npm run build` first');
		this.port = this.port || this.opts.port || (await freePort());
		this.url = `http://127.0.0.1:${this.port}`;
		this.output = '';
		this.proc = spawn(process.execPath, [path.join(ROOT, 'src', 'server.js')], {
			cwd: ROOT,
			env: {
				...process.env,
				NODE_ENV: 'production',
				PORT: String(this.port),
				HOST: '127.0.0.1',
				WARROOM_DATA_DIR: this.dataDir,
				DATABASE_URL: this.opts.databaseUrl ?? '',
				WARROOM_ADMIN_EMAIL: ADMIN.email,
				WARROOM_ADMIN_PASSWORD: ADMIN.password,
				WARROOM_LOG_LEVEL: process.env.WARROOM_LOG_LEVEL ?? 'warn',
				ORIGIN: '',
				// every test signs in from one address many times; the limits themselves are tested on their own server
				WARROOM_TOKEN_RATE_LIMIT: '100000',
				WARROOM_API_RATE_LIMIT: '100000',
				WARROOM_SOCKET_MESSAGE_RATE: '100000',
				WARROOM_SOCKET_MESSAGE_BURST: '100000',
				WARROOM_SOCKET_ADDRESS_RATE: '100000',
				WARROOM_SOCKET_ADDRESS_BURST: '100000',
				...this.opts.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const append = (d: Buffer) => {
			this.output += d;
			for (const w of [...this.outputWaiters]) {
				if (!w.test(this.output)) continue;
				this.outputWaiters.delete(w);
				w.resolve();
			}
		};
		this.proc.stdout!.on('data', append);
		this.proc.stderr!.on('data', append);
		// a loaded machine (several test runs sharing two cores) may need longer: WARROOM_TEST_READY_MS
		const deadline = Date.now() + Number(process.env.WARROOM_TEST_READY_MS ?? 60_000);
		while (Date.now() < deadline) {
			if (this.proc.exitCode !== null) throw new Error(`server exited early (${this.proc.exitCode}):\n${this.output}`);
			try {
				const res = await fetch(`${this.url}/readyz`);
				if (res.ok) return this;
			} catch {
				/* not listening yet */
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error(`server did not become ready:\n${this.output}`);
	}

	/** Graceful stop (SIGTERM), or a crash (SIGKILL). */
	async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
		const proc = this.proc;
		if (!proc || proc.exitCode !== null) return proc?.exitCode ?? null;
		const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
		proc.kill(signal);
		return exited;
	}

	async restart(): Promise<this> {
		await this.stop();
		return this.start();
	}

	cleanup() {
		if (!this.opts.dataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
	}
}

/** A fresh PostgreSQL database for one test file, dropped afterwards. Needs TEST_DATABASE_URL. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
	const base = process.env.TEST_DATABASE_URL;
	if (!base) throw new Error('TEST_DATABASE_URL is not set');
	const { default: postgres } = await import('postgres');
	const admin = postgres(base, { max: 1, onnotice: () => {} });
	const name = `warroom_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = new URL(base);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: async () => {
			const a = postgres(base, { max: 1, onnotice: () => {} });
			await a.unsafe(`drop database if exists ${name} with (force)`);
			await a.end();
		}
	};
}

/** The drivers a suite runs against: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DRIVERS: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export async function startServer(driver: 'pglite' | 'postgres', opts: Omit<ServerOptions, 'databaseUrl'> = {}) {
	let drop = async () => {};
	let databaseUrl: string | undefined;
	if (driver === 'postgres') {
		const db = await createPostgresDatabase();
		databaseUrl = db.url;
		drop = db.drop;
	}
	const server = await new TestServer({ ...opts, databaseUrl }).start();
	return {
		server,
		async close() {
			await server.stop();
			server.cleanup();
			await drop();
		}
	};
}
