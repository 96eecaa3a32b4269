// Wall displays: read-only tokens and the cookie a screen trades one for.
import { z } from 'zod';
import { text } from './common';

export const DisplayTokenRequest = z.strictObject({ label: text(100).min(1) });
export const DisplaySessionRequest = z.strictObject({ token: z.string().min(10).max(200) });
