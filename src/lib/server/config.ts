import { z } from 'zod';
import path from 'node:path';
import { isValidTimeZone } from '$lib/domain/codes';
import { DEFAULT_UNREACHABLE_RULE, type UnreachableRule } from '$lib/domain/contact-attempts';

const EnvSchema = z.object({
	DATABASE_URL: z.string().url().optional(),
	WARROOM_DATA_DIR: z.string().default('./data'),
	WARROOM_TIMEZONE: z.string().default('Asia/Shanghai').refine(isValidTimeZone, 'not an IANA time zone'),
	WARROOM_ADMIN_EMAIL: z.string().email().optional(),
	WARROOM_ADMIN_PASSWORD: z.string().min(8).optional(),
	WARROOM_TOKEN_TTL_HOURS: z.coerce.number().positive().default(24),
	WARROOM_SESSION_TTL_HOURS: z.coerce
		.number()
		.positive()
		.default(24 * 7),
	WARROOM_LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
	WARROOM_LOGIN_WINDOW_SECONDS: z.coerce
		.number()
		.int()
		.positive()
		.default(15 * 60),
	WARROOM_SECRET: z.string().min(16, 'at least 16 characters').optional(),
	ORIGIN: z.string().optional(),
	WARROOM_ALARM_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(1000),
	WARROOM_CLOCK_OFFSET_MS: z.coerce.number().int().default(0),
	WARROOM_API_RATE_LIMIT: z.coerce.number().int().min(1).default(1200),
	WARROOM_TOKEN_RATE_LIMIT: z.coerce.number().int().min(1).default(300),
	WARROOM_SOCKET_MESSAGE_RATE: z.coerce.number().positive().default(20),
	WARROOM_SOCKET_MESSAGE_BURST: z.coerce.number().int().min(1).default(40),
	WARROOM_SOCKET_ADDRESS_RATE: z.coerce.number().positive().default(200),
	WARROOM_SOCKET_ADDRESS_BURST: z.coerce.number().int().min(1).default(1000),
	/** adapter-node's own settings, read here too so sockets see the same client address as HTTP requests. */
	ADDRESS_HEADER: z.string().optional(),
	XFF_DEPTH: z.coerce.number().int().min(1).default(1),
	/** How long the wall display's red frame marks an alarm as not yet seen. */
	WARROOM_DISPLAY_ALARM_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
	WARROOM_JSON_LIMIT_BYTES: z.coerce
		.number()
		.int()
		.min(1024)
		.default(5 * 1024 * 1024),
	/** Largest CSV customer list (413 above it); 10,000 rows of every column with Chinese text take about 2 MB. */
	WARROOM_CSV_LIMIT_BYTES: z.coerce
		.number()
		.int()
		.min(1024)
		.default(8 * 1024 * 1024),
	WARROOM_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).default(2000),
	WARROOM_WEBHOOK_BACKOFF_CAP_MS: z.coerce.number().int().min(1).default(600_000),
	WARROOM_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
	WARROOM_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
	WARROOM_WEBHOOK_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(1000),
	/** Deliver to loopback, private, link-local and other non-public addresses (internal receivers); off by default. */
	WARROOM_WEBHOOK_ALLOW_PRIVATE: z.stringbool({ error: 'true or false' }).default(false),
	WARROOM_RELAY_SWEEP_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
	WARROOM_UNREACHABLE_MIN_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(DEFAULT_UNREACHABLE_RULE.minAttempts),
	WARROOM_UNREACHABLE_MIN_CHANNELS: z.coerce.number().int().min(1).max(5).default(DEFAULT_UNREACHABLE_RULE.minChannels)
});

export type Config = {
	databaseUrl?: string;
	dataDir: string;
	timeZone: string;
	adminEmail?: string;
	adminPassword?: string;
	tokenTtlMs: number;
	sessionTtlMs: number;
	loginMaxFailures: number;
	loginWindowSeconds: number;
	origin?: string;
	/** Source of the personal-data key; without it a key file is created in the data dir. */
	secret?: string;
	/** How often each instance looks for due alarms besides its own timers (other instances' changes). */
	alarmPollMs: number;
	/** Moves the server's clock (tests of deadlines across a restart); 0 in production. */
	clockOffsetMs: number;
	/** API requests per minute per credential (or address, unauthenticated) before 429. */
	apiRateLimit: number;
	/** Tokens created per hour per address (sign-in tokens) or per admin (integration tokens) before 429. */
	tokenRateLimit: number;
	/** Socket messages per second and at once, per connection and per address, before `rate_limited` (then the connection is cut). */
	socketMessages: { perSocket: { rate: number; burst: number }; perAddress: { rate: number; burst: number } };
	/** The header holding the client's address behind a proxy (adapter-node's ADDRESS_HEADER and XFF_DEPTH). */
	addressHeader?: string;
	xffDepth: number;
	/** Seconds the wall's red frame marks an alarm as not yet seen (WARROOM_DISPLAY_ALARM_SECONDS). */
	displayAlarmSeconds: number;
	/** Largest JSON request body (413 above it). */
	jsonLimitBytes: number;
	/** Largest CSV customer list (413 above it, refused while it streams). */
	csvLimitBytes: number;
	/**
	 * Outbound webhook retries: full-jitter exponential back-off from `backoffMs` (factor 2) up to `backoffCapMs`.
	 * `allowPrivate`: deliver to non-public addresses too (WARROOM_WEBHOOK_ALLOW_PRIVATE; webhooks/destination.ts).
	 */
	webhooks: { backoffMs: number; backoffCapMs: number; maxAttempts: number; timeoutMs: number; pollMs: number; allowPrivate: boolean };
	/** Several instances: how often each one checks its LISTEN connection and compares versions with the database. */
	relaySweepMs: number;
	/** Before a customer may be decided unreachable: this many failed attempts over this many channels. */
	unreachable: UnreachableRule;
};

/** Reads and validates the environment once at start-up; a bad value stops the server with a clear message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	// An empty variable counts as unset (shells and CI often export VAR= to clear one).
	const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
	const parsed = EnvSchema.safeParse(present);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
	}
	const e = parsed.data;
	return {
		databaseUrl: e.DATABASE_URL,
		dataDir: path.resolve(e.WARROOM_DATA_DIR),
		timeZone: e.WARROOM_TIMEZONE,
		adminEmail: e.WARROOM_ADMIN_EMAIL,
		adminPassword: e.WARROOM_ADMIN_PASSWORD,
		tokenTtlMs: e.WARROOM_TOKEN_TTL_HOURS * 3600_000,
		sessionTtlMs: e.WARROOM_SESSION_TTL_HOURS * 3600_000,
		loginMaxFailures: e.WARROOM_LOGIN_MAX_FAILURES,
		loginWindowSeconds: e.WARROOM_LOGIN_WINDOW_SECONDS,
		origin: e.ORIGIN,
		secret: e.WARROOM_SECRET,
		alarmPollMs: e.WARROOM_ALARM_POLL_MS,
		clockOffsetMs: e.WARROOM_CLOCK_OFFSET_MS,
		apiRateLimit: e.WARROOM_API_RATE_LIMIT,
		tokenRateLimit: e.WARROOM_TOKEN_RATE_LIMIT,
		socketMessages: {
			perSocket: { rate: e.WARROOM_SOCKET_MESSAGE_RATE, burst: e.WARROOM_SOCKET_MESSAGE_BURST },
			perAddress: { rate: e.WARROOM_SOCKET_ADDRESS_RATE, burst: e.WARROOM_SOCKET_ADDRESS_BURST }
		},
		addressHeader: e.ADDRESS_HEADER,
		xffDepth: e.XFF_DEPTH,
		displayAlarmSeconds: e.WARROOM_DISPLAY_ALARM_SECONDS,
		jsonLimitBytes: e.WARROOM_JSON_LIMIT_BYTES,
		csvLimitBytes: e.WARROOM_CSV_LIMIT_BYTES,
		webhooks: {
			backoffMs: e.WARROOM_WEBHOOK_BACKOFF_MS,
			backoffCapMs: e.WARROOM_WEBHOOK_BACKOFF_CAP_MS,
			maxAttempts: e.WARROOM_WEBHOOK_MAX_ATTEMPTS,
			timeoutMs: e.WARROOM_WEBHOOK_TIMEOUT_MS,
			pollMs: e.WARROOM_WEBHOOK_POLL_MS,
			allowPrivate: e.WARROOM_WEBHOOK_ALLOW_PRIVATE
		},
		relaySweepMs: e.WARROOM_RELAY_SWEEP_MS,
		unreachable: { minAttempts: e.WARROOM_UNREACHABLE_MIN_ATTEMPTS, minChannels: e.WARROOM_UNREACHABLE_MIN_CHANNELS }
	};
}
