// Integrations: named API tokens acting with one role, and alerts from other systems.
import { z } from 'zod';
import { ROLES } from '$lib/domain/vocabulary';
import { nullableTime, text, time } from './common';
import { DeclareIncidentRequest } from './incidents';

export const IntegrationTokenRequest = z.strictObject({ name: text(100).min(1, 'required'), role: z.enum(ROLES).exclude(['admin']) });

export const IntegrationToken = z
	.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), createdAt: time, lastUsedAt: nullableTime, revokedAt: nullableTime })
	.meta({ id: 'IntegrationToken', description: 'A named API token acting with one role (no secret)' });
export type IntegrationTokenJson = z.output<typeof IntegrationToken>;

/** An alert from another system: declares an incident, or updates the one a previous alert with the same `system` and `externalId` declared. */
export const InboundAlertRequest = DeclareIncidentRequest.omit({ recurrenceOf: true }).extend({
	system: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,49}$/i, 'letters, digits, ".", "_" or "-", up to 50'),
	externalId: z.string().min(1, 'required').max(200)
});
