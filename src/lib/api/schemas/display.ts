// Wall displays: read-only tokens and the cookie a screen trades one for.
import { z } from 'zod';
import { nullableTime, text, time } from './common';

export const DisplayTokenRequest = z.strictObject({ label: text(100).min(1) });
export const DisplaySessionRequest = z.strictObject({ token: z.string().min(10).max(200) });

/** A wall-display link as its list shows it (never the secret): who made it, when the screen was last seen, whether it was revoked. */
export const DisplayToken = z
	.object({
		id: z.string(),
		label: z.string(),
		createdAt: time,
		createdBy: z.object({ id: z.string(), name: z.string() }).nullable().meta({ description: 'Who created the link (null when that account is gone)' }),
		lastSeenAt: nullableTime.meta({ description: 'When a screen last used the link (a page load, an API call or a socket connection; written at most once a minute)' }),
		revokedAt: nullableTime
	})
	.meta({ id: 'DisplayToken', description: 'A wall-display link (no secret)' });
export type DisplayTokenJson = z.output<typeof DisplayToken>;
