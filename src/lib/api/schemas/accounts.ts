// Accounts: signing in, the first admin, users and their roles and groups.
import { z } from 'zod';
import { GROUPS, PHASES, ROLES } from '$lib/domain/vocabulary';
import { bilingual, int, level, text, time } from './common';
import { Commitment, Customer } from './customers';

export const TokenRequest = z.strictObject({
	email: z.string().trim().toLowerCase().email().max(254),
	password: z.string().min(1).max(1024)
});

export const CreateUserRequest = z.strictObject({
	email: z.string().trim().toLowerCase().email().max(254),
	name: text(100).min(1),
	password: z.string().min(8, 'at least 8 characters').max(1024),
	roles: z.array(z.enum(ROLES)).min(1).max(4),
	groups: z.array(z.enum(GROUPS)).max(GROUPS.length).default([])
});

/** An admin's change to an account: any of name, roles, groups, disabled (at least one). */
export const PatchUserRequest = z
	.strictObject({
		name: text(100).min(1).optional(),
		roles: z.array(z.enum(ROLES)).min(1).max(4).optional(),
		groups: z.array(z.enum(GROUPS)).max(GROUPS.length).optional(),
		disabled: z.boolean().optional()
	})
	.refine((b) => Object.keys(b).length > 0, { message: 'send at least one of name, roles, groups, disabled' });

export const SetupRequest = CreateUserRequest.omit({ roles: true, groups: true });

export const User = z
	.object({ id: z.string(), email: z.string(), name: z.string(), roles: z.array(z.enum(ROLES)), groups: z.array(z.enum(GROUPS)), disabled: z.boolean(), createdAt: time })
	.meta({ id: 'User' });
export type UserJson = z.output<typeof User>;

const TaskIncident = z.object({ id: z.string(), code: z.string(), title: z.string(), level, phase: z.enum(PHASES) });
export const Tasks = z
	.object({
		seats: z.array(z.object({ incident: TaskIncident, seat: z.string(), title: bilingual, action: z.enum(['acknowledge', 'take']) })),
		contacts: z.array(z.object({ incident: TaskIncident, customer: Customer })).meta({ description: 'The customers still to contact, the earliest deadline first; at most 200' }),
		contactsTotal: int.optional().meta({ description: 'How many customers are still to contact in all (more than `contacts` holds when the list is cut at 200)' }),
		duties: z.array(z.object({ incident: TaskIncident, group: z.enum(GROUPS), open: z.array(z.object({ item: int, en: z.string(), zh: z.string() })) })),
		commitments: z.array(z.object({ incident: TaskIncident, commitment: Commitment })).meta({ description: 'Open commitments I made in contacts, the earliest due first' })
	})
	.meta({ id: 'Tasks', description: 'A responder’s open work across incidents: seats to take or acknowledge, customers to contact, duties to do, commitments to keep' });
/** A responder's open work across incidents (`GET /api/v1/me/tasks`). */
export type TasksJson = z.output<typeof Tasks>;
