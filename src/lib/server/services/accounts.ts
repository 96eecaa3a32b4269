// Users, sign-in, sessions, bearer and display tokens.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, sql, count, arrayContains } from 'drizzle-orm';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../db/client';
import { users, credentials } from '../db/schema';
import type { Config } from '../config';
import type { Clock } from '../clock';
import { hashPassword, verifyPassword, DUMMY_PASSWORD_HASH, newSecret, hashSecret } from '../auth/secrets';
import type { Principal, SessionUser } from '../auth/principal';
import { ServiceError, notFound } from '../errors';
import type { Role, Group, UserJson, IntegrationTokenJson, DisplayTokenJson } from '$lib/api/schemas';
import { logger } from '../logger.js';

type UserRow = typeof users.$inferSelect;

export function toUserJson(u: UserRow): UserJson {
	return {
		id: u.id,
		email: u.email,
		name: u.name,
		roles: u.roles as Role[],
		groups: u.groups as Group[],
		disabled: u.disabled,
		createdAt: u.createdAt.toISOString()
	};
}

export interface IssuedSecret {
	token: string;
	expiresAt: Date | null;
	id: string;
}

export class AccountsService {
	private failuresByAccount: RateLimiterMemory;
	private failuresByIp: RateLimiterMemory;
	/** When this process last wrote each credential's last-used time. */
	private lastUsedWritten = new Map<string, number>();

	/**
	 * `onCredentialRevoked` is called after a commit that makes credentials invalid, or a user's
	 * cached identity stale (roles, groups, disabled): the sockets of those credentials, and of
	 * that user when given, are cut at once. Clients reconnect and are identified anew (or refused).
	 */
	constructor(
		private db: Db,
		private config: Config,
		private clock: Clock,
		private onCredentialRevoked: (credentialIds: string[], userId?: string) => void = () => {}
	) {
		this.failuresByAccount = new RateLimiterMemory({ points: config.loginMaxFailures, duration: config.loginWindowSeconds });
		this.failuresByIp = new RateLimiterMemory({ points: config.loginMaxFailures * 10, duration: config.loginWindowSeconds });
	}

	async countUsers(): Promise<number> {
		const [row] = await this.db.select({ n: count() }).from(users);
		return Number(row.n);
	}

	async createUser(input: { email: string; name: string; password: string; roles: Role[]; groups: Group[] }): Promise<UserJson> {
		const passwordHash = await hashPassword(input.password);
		const rows = await this.db
			.insert(users)
			.values({ id: randomUUID(), email: input.email, name: input.name, passwordHash, roles: input.roles, groups: input.groups })
			.onConflictDoNothing({ target: users.email })
			.returning();
		if (rows.length === 0) {
			throw new ServiceError('conflict', 'A user with this e-mail already exists', [{ field: 'email', message: 'already exists' }]);
		}
		logger.info({ userId: rows[0].id, roles: input.roles }, 'user created');
		return toUserJson(rows[0]);
	}

	/** First run: only when there is no account at all. The check and insert are one statement, so two racing setups make one admin. */
	async createFirstAdmin(input: { email: string; name: string; password: string }): Promise<UserJson | null> {
		const passwordHash = await hashPassword(input.password);
		const id = randomUUID();
		const rows = await this.db.execute<{ id: string }>(sql`
			insert into ${users} (id, email, name, password_hash, roles, groups)
			select ${id}, ${input.email}, ${input.name}, ${passwordHash}, array['admin','lead']::text[], array['leadership']::text[]
			where not exists (select 1 from ${users})
			returning id`);
		const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: { id: string }[] }).rows;
		if (list.length === 0) return null;
		logger.info({ userId: id }, 'first admin created');
		const [u] = await this.db.select().from(users).where(eq(users.id, id));
		return toUserJson(u);
	}

	async ensureAdminFromEnv(): Promise<void> {
		const { adminEmail, adminPassword } = this.config;
		if (!adminEmail || !adminPassword) return;
		await this.createFirstAdmin({ email: adminEmail.toLowerCase(), name: 'Administrator', password: adminPassword });
	}

	async listUsers(): Promise<UserJson[]> {
		const rows = await this.db.select().from(users).orderBy(users.createdAt);
		return rows.map(toUserJson);
	}

	/**
	 * An admin changes an account's name, roles, groups or disabled flag. Never leaves the system
	 * without an active admin (409). Disabling revokes every session and token of the account; a
	 * change of roles, groups or disabled cuts the account's sockets, which reconnect with the new
	 * identity (or are refused).
	 */
	async updateUser(id: string, patch: { name?: string; roles?: Role[]; groups?: Group[]; disabled?: boolean }): Promise<UserJson> {
		const { user, revoked, identityChanged } = await this.db.transaction(async (tx) => {
			// Lock the active admins first, in one order, so two admins demoting each other at once cannot both succeed.
			const admins = await tx
				.select({ id: users.id })
				.from(users)
				.where(and(arrayContains(users.roles, ['admin']), eq(users.disabled, false)))
				.orderBy(users.id)
				.for('update');
			const [current] = await tx.select().from(users).where(eq(users.id, id)).for('update');
			if (!current) throw notFound('User');
			const roles = patch.roles ? [...new Set(patch.roles)] : (current.roles as Role[]);
			const groups = patch.groups ? [...new Set(patch.groups)] : (current.groups as Group[]);
			const disabled = patch.disabled ?? current.disabled;
			const staysActiveAdmin = roles.includes('admin') && !disabled;
			if (!staysActiveAdmin && admins.length === 1 && admins[0].id === id) {
				const what = disabled && !current.disabled ? 'disable' : 'remove the admin role from';
				throw new ServiceError('conflict', `Cannot ${what} the last active admin: make another user an admin first`, [
					{ field: disabled && !current.disabled ? 'disabled' : 'roles', message: 'last active admin' }
				]);
			}
			const [row] = await tx
				.update(users)
				.set({ name: patch.name ?? current.name, roles, groups, disabled })
				.where(eq(users.id, id))
				.returning();
			const revoked =
				disabled && !current.disabled
					? (
							await tx
								.update(credentials)
								.set({ revokedAt: this.clock.now() })
								.where(and(eq(credentials.userId, id), isNull(credentials.revokedAt)))
								.returning({ id: credentials.id })
						).map((r) => r.id)
					: [];
			const same = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
			const identityChanged = disabled !== current.disabled || !same(roles, current.roles) || !same(groups, current.groups);
			return { user: row, revoked, identityChanged };
		});
		logger.info({ userId: id, roles: user.roles, groups: user.groups, disabled: user.disabled, revokedCredentials: revoked.length }, 'user changed');
		if (identityChanged) {
			this.inFlight.clear(); // a handshake must not join a look-up that read the old roles
			this.onCredentialRevoked(revoked, id);
		}
		return toUserJson(user);
	}

	/**
	 * Checks e-mail and password; repeated failures for one account (from one address) or from one
	 * address answer 429. The attempt takes its point from both limits BEFORE the password is
	 * checked, and a success gives it back: parallel guesses cannot all pass a check of the count
	 * and be verified before any of them is counted (12 at once used to get 12 checks against a
	 * limit of 5). When a point cannot be taken, the password is never checked.
	 */
	async authenticate(email: string, password: string, ip: string): Promise<SessionUser> {
		const key = `${email}|${ip}`;
		await this.takeAttempt(this.failuresByIp, ip);
		try {
			await this.takeAttempt(this.failuresByAccount, key);
		} catch (err) {
			await this.failuresByIp.reward(ip, 1);
			throw err;
		}
		let u: UserRow | undefined;
		let ok: boolean;
		try {
			[u] = await this.db.select().from(users).where(eq(users.email, email));
			ok = await verifyPassword(password, u?.passwordHash ?? DUMMY_PASSWORD_HASH);
		} catch (err) {
			// not an answer about the password (the database is away): the attempt is not counted
			await Promise.all([this.failuresByAccount.reward(key, 1), this.failuresByIp.reward(ip, 1)]);
			throw err;
		}
		if (!u || !ok || u.disabled) {
			logger.warn({ ip }, 'failed sign-in');
			throw new ServiceError('unauthorized', 'Wrong e-mail or password');
		}
		// a success is not a failure: its point comes back, and the account's count starts again
		await Promise.all([this.failuresByAccount.delete(key), this.failuresByIp.reward(ip, 1)]);
		return { id: u.id, email: u.email, name: u.name, roles: u.roles as Role[], groups: u.groups as Group[] };
	}

	/** Takes one point of a sign-in limit, atomically (check and count are one step), or 429. */
	private async takeAttempt(limiter: RateLimiterMemory, key: string): Promise<void> {
		try {
			await limiter.consume(key, 1);
		} catch (res) {
			if (!(res instanceof RateLimiterRes)) throw res;
			const retry = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
			throw new ServiceError('rate_limited', `Too many failed sign-in attempts; try again in ${retry} s`, { retryAfterSeconds: retry }, { 'Retry-After': String(retry) });
		}
	}

	async issue(kind: 'session' | 'bearer' | 'display', opts: { userId?: string; label?: string; createdBy?: string }): Promise<IssuedSecret> {
		const token = newSecret(kind === 'display' ? 'wrd' : kind === 'session' ? 'wrs' : 'wr');
		const ttl = kind === 'session' ? this.config.sessionTtlMs : kind === 'bearer' ? this.config.tokenTtlMs : null;
		const expiresAt = ttl ? new Date(this.clock.now().getTime() + ttl) : null;
		const id = randomUUID();
		await this.db.insert(credentials).values({
			id,
			tokenHash: hashSecret(token),
			kind,
			userId: opts.userId ?? null,
			label: opts.label ?? null,
			createdBy: opts.createdBy ?? null,
			expiresAt
		});
		return { token, expiresAt, id };
	}

	/** An integration token (admin): a named, non-expiring API token acting with one role and no user behind it. */
	async createIntegrationToken(input: { name: string; role: Role }, createdBy: string): Promise<IntegrationTokenJson & { token: string }> {
		const token = newSecret('wri');
		const id = randomUUID();
		const [row] = await this.db
			.insert(credentials)
			.values({ id, tokenHash: hashSecret(token), kind: 'integration', role: input.role, label: input.name, createdBy, createdAt: this.clock.now() })
			.returning();
		return { ...integrationJson(row), token };
	}

	async listIntegrationTokens(): Promise<IntegrationTokenJson[]> {
		const rows = await this.db.select().from(credentials).where(eq(credentials.kind, 'integration')).orderBy(desc(credentials.createdAt));
		return rows.map(integrationJson);
	}

	/** Revokes an integration token: its requests fail at once and its sockets are cut. */
	async revokeIntegrationToken(id: string): Promise<IntegrationTokenJson> {
		const [row] = await this.db
			.update(credentials)
			.set({ revokedAt: this.clock.now() })
			.where(and(eq(credentials.id, id), eq(credentials.kind, 'integration'), isNull(credentials.revokedAt)))
			.returning();
		if (!row) throw notFound('Active integration token');
		this.inFlight.clear();
		this.onCredentialRevoked([id]);
		return integrationJson(row);
	}

	/** Wall-display links, newest first, revoked ones included (with when), never their secrets. */
	async listDisplayTokens(): Promise<DisplayTokenJson[]> {
		const rows = await this.db
			.select({ c: credentials, by: { id: users.id, name: users.name } })
			.from(credentials)
			.leftJoin(users, eq(users.id, credentials.createdBy))
			.where(eq(credentials.kind, 'display'))
			.orderBy(desc(credentials.createdAt));
		return rows.map((r) => displayJson(r.c, r.by));
	}

	/** Revokes a display link: the screen's next request is 401 and its sockets are cut at once. */
	async revokeDisplayToken(id: string): Promise<DisplayTokenJson> {
		const [row] = await this.db
			.update(credentials)
			.set({ revokedAt: this.clock.now() })
			.where(and(eq(credentials.id, id), eq(credentials.kind, 'display'), isNull(credentials.revokedAt)))
			.returning();
		if (!row) throw notFound('Active display link');
		this.inFlight.clear();
		this.onCredentialRevoked([id]);
		const [by] = row.createdBy ? await this.db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, row.createdBy)) : [];
		return displayJson(row, by ?? null);
	}

	/** Lookups of one credential that are in flight: concurrent ones share the query (tabs and screens reconnecting at once); nothing is cached after it answers. */
	private inFlight = new Map<string, Promise<{ c: typeof credentials.$inferSelect; u: typeof users.$inferSelect | null } | undefined>>();

	private lookUp(tokenHash: string) {
		let pending = this.inFlight.get(tokenHash);
		if (!pending) {
			pending = this.db
				.select({ c: credentials, u: users })
				.from(credentials)
				.leftJoin(users, eq(users.id, credentials.userId))
				.where(and(eq(credentials.tokenHash, tokenHash), isNull(credentials.revokedAt)))
				.then((rows) => rows[0])
				.finally(() => this.inFlight.delete(tokenHash));
			this.inFlight.set(tokenHash, pending);
		}
		return pending;
	}

	/** Resolves a presented secret to the caller, or null when unknown, expired, revoked or disabled. */
	async resolve(token: string | undefined | null, allowed: ('session' | 'bearer' | 'display')[]): Promise<Principal | null> {
		if (!token || token.length > 200) return null;
		const row = await this.lookUp(hashSecret(token));
		// integration tokens go wherever bearer tokens go
		if (!row || !(allowed.includes(row.c.kind as 'bearer') || (row.c.kind === 'integration' && allowed.includes('bearer')))) return null;
		const now = this.clock.now();
		if (row.c.expiresAt && row.c.expiresAt <= now) return null;
		// Last-used is informative; do not write it on every request.
		// (a reconnect storm of 2,000 sockets sharing a token writes it once, not 2,000 times)
		const written = this.lastUsedWritten.get(row.c.id) ?? row.c.lastUsedAt?.getTime() ?? 0;
		if (now.getTime() - written > 60_000) {
			this.lastUsedWritten.set(row.c.id, now.getTime());
			if (this.lastUsedWritten.size > 10_000) this.lastUsedWritten.clear();
			await this.db.update(credentials).set({ lastUsedAt: now }).where(eq(credentials.id, row.c.id));
		}
		if (row.c.kind === 'display') return { kind: 'display', credentialId: row.c.id, label: row.c.label ?? '' };
		if (row.c.kind === 'integration') {
			const name = row.c.label ?? 'integration';
			return { kind: 'user', via: 'bearer', credentialId: row.c.id, user: { id: `integration:${row.c.id}`, email: '', name, roles: [row.c.role as Role], groups: [] } };
		}
		if (!row.u || row.u.disabled) return null;
		const u = row.u;
		return {
			kind: 'user',
			via: row.c.kind === 'session' ? 'session' : 'bearer',
			credentialId: row.c.id,
			user: { id: u.id, email: u.email, name: u.name, roles: u.roles as Role[], groups: u.groups as Group[] }
		};
	}

	async revoke(credentialId: string): Promise<void> {
		await this.db.update(credentials).set({ revokedAt: this.clock.now() }).where(eq(credentials.id, credentialId));
		this.inFlight.clear();
		this.onCredentialRevoked([credentialId]);
	}
}

function integrationJson(r: typeof credentials.$inferSelect): IntegrationTokenJson {
	return {
		id: r.id,
		name: r.label ?? '',
		role: r.role as Role,
		createdAt: r.createdAt.toISOString(),
		lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
		revokedAt: r.revokedAt?.toISOString() ?? null
	};
}

function displayJson(r: typeof credentials.$inferSelect, by: { id: string; name: string } | null): DisplayTokenJson {
	return {
		id: r.id,
		label: r.label ?? '',
		createdAt: r.createdAt.toISOString(),
		createdBy: by,
		lastSeenAt: r.lastUsedAt?.toISOString() ?? null,
		revokedAt: r.revokedAt?.toISOString() ?? null
	};
}
