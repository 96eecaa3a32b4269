// The event log's entry as a zod schema, for the OpenAPI document; every other response shape is
// described once in its context's module under ./schemas (re-exported here for older imports), where
// its `*Json` type is derived from the schema. The event's own type lives in src/lib/realtime/events.ts;
// `Same<>` below fails the type check when the two drift apart.
import { z } from 'zod';
import { UserRef, int, time } from './schemas/common';
import type { IncidentEvent } from '$lib/realtime/events';

export { Cause, Contact, Customer, Improvement, Incident, Postmortem, Resource, User, UserRef, listOf, pageOf } from './schemas';

export const IncidentEventSchema = z
	.object({
		incidentId: z.string(),
		seq: int.min(1).meta({ description: 'Gap-free, increasing per incident, from 1' }),
		type: z.string().meta({ example: 'incident.declared' }),
		at: time,
		actor: z.union([UserRef, z.object({ system: z.literal(true) })]),
		data: z.record(z.string(), z.unknown())
	})
	.meta({ id: 'Event', description: 'One entry of an incident’s event log (also the socket `event` message)' });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const _sameAsInterfaces: [Same<z.output<typeof IncidentEventSchema>, Omit<IncidentEvent, 'type' | 'data'> & { type: string; data: Record<string, unknown> }>] = [true];
