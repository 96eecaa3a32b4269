// A tiny API client for tests and benchmarks: only what api.md promises.
import { io, type Socket } from 'socket.io-client';
import { ADMIN } from './server';

export class ApiClient {
	constructor(
		readonly base: string,
		public token?: string
	) {}

	async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
		const res = await fetch(`${this.base}${path}`, {
			method,
			headers: {
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
				...headers
			},
			body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body)
		});
		const text = await res.text();
		let json: any;
		try {
			json = text ? JSON.parse(text) : null;
		} catch {
			json = text;
		}
		return { status: res.status, body: json, headers: res.headers };
	}

	static async login(base: string, email = ADMIN.email, password = ADMIN.password): Promise<ApiClient> {
		const c = new ApiClient(base);
		const r = await c.call('POST', '/api/v1/auth/token', { email, password });
		if (r.status !== 201) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
		c.token = r.body.token;
		return c;
	}

	socket(token = this.token, opts: Record<string, unknown> = {}): Socket {
		return io(this.base, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, ...opts });
	}
}

export function connected(socket: Socket): Promise<void> {
	return new Promise((resolve, reject) => {
		if (socket.connected) return resolve();
		socket.once('connect', () => resolve());
		socket.once('connect_error', (err) => reject(err));
	});
}

export function emitAck<T = any>(socket: Socket, event: string, payload: unknown): Promise<T> {
	return socket.timeout(10_000).emitWithAck(event, payload) as Promise<T>;
}

/** Resolves when `predicate` holds for the collected list, checking on each new item. */
export function waitFor<T>(list: T[], predicate: (l: T[]) => boolean, what: string, timeoutMs = 10_000, onItem?: (cb: () => void) => () => void): Promise<void> {
	return new Promise((resolve, reject) => {
		const start = Date.now();
		const tick = () => {
			if (predicate(list)) return resolve();
			if (Date.now() - start > timeoutMs) return reject(new Error(`timed out waiting for ${what}; have ${list.length}`));
			setTimeout(tick, 10);
		};
		void onItem;
		tick();
	});
}

export type UserSpec = readonly [email: string, name: string, roles: readonly string[], groups: readonly string[]];

/** Creates each user through the admin API and signs them in: clients and ids in the given order. */
export async function createUsers(admin: ApiClient, users: readonly UserSpec[], password = 'password-123'): Promise<{ clients: ApiClient[]; ids: string[] }> {
	const ids: string[] = [];
	for (const [email, name, roles, groups] of users) {
		const r = await admin.call('POST', '/api/v1/users', { email, name, password, roles, groups });
		if (r.status !== 201) throw new Error(`creating ${email}: ${r.status} ${JSON.stringify(r.body)}`);
		ids.push(r.body.id);
	}
	const clients = await Promise.all(users.map(([email]) => ApiClient.login(admin.base, email, password)));
	return { clients, ids };
}

const PHASES = ['initiation', 'containment', 'resolution', 'follow_up', 'closed'] as const;

/**
 * Moves an incident phase by phase up to `to`, each move with a lead's recorded override reason:
 * for tests whose subject is not the gates (the gates wait for real outputs — a published notice,
 * a checked solution, satisfaction — that such a test does not produce). `lead` needs the lead role.
 */
export async function overrideTo(lead: ApiClient, incidentId: string, to: (typeof PHASES)[number], reason = 'test setup: this test is not about the phase gates') {
	const from = (await lead.call('GET', `/api/v1/incidents/${incidentId}`)).body.phase as (typeof PHASES)[number];
	for (const phase of PHASES.slice(PHASES.indexOf(from) + 1, PHASES.indexOf(to) + 1)) {
		const r = await lead.call('POST', `/api/v1/incidents/${incidentId}/phase`, { phase, overrideReason: reason });
		if (r.status !== 200) throw new Error(`moving to ${phase}: ${r.status} ${JSON.stringify(r.body)}`);
	}
	return (await lead.call('GET', `/api/v1/incidents/${incidentId}`)).body;
}
