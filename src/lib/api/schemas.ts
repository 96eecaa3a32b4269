// Request and response shapes shared by routes, the browser client and tests. zod at every boundary.
import { z } from 'zod';

export const ROLES = ['admin', 'lead', 'responder', 'viewer'] as const;
export const GROUPS = ['customer_service', 'tech_support', 'quality_control', 'logistics', 'pr', 'leadership'] as const;
export const CATEGORIES = ['product_quality', 'service_failure', 'special_scenario'] as const;
export const PHASES = ['initiation', 'containment', 'resolution', 'follow_up', 'closed'] as const;
export const PROPERTY_LOSS = ['none', 'minor', 'significant', 'serious'] as const;

export type Role = (typeof ROLES)[number];
export type Group = (typeof GROUPS)[number];
export type Category = (typeof CATEGORIES)[number];
export type Phase = (typeof PHASES)[number];

const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const text = (max: number) => z.string().trim().max(max);

export const TokenRequest = z.strictObject({
	email: z.string().trim().toLowerCase().email().max(254),
	password: z.string().min(1).max(1024)
});

export const CreateUserRequest = z.strictObject({
	email: z.string().trim().toLowerCase().email().max(254),
	name: text(100).min(1),
	password: z.string().min(8, 'at least 8 characters').max(1024),
	roles: z.array(z.enum(ROLES)).min(1).max(4),
	groups: z.array(z.enum(GROUPS)).max(6).default([])
});

export const SetupRequest = CreateUserRequest.omit({ roles: true, groups: true });

export const DisplayTokenRequest = z.strictObject({ label: text(100).min(1) });

export const LevelInputsSchema = z.strictObject({
	estimatedAffectedCustomers: z.number().int().min(0).max(10_000_000),
	mediaExposure: z.boolean(),
	personalInjury: z.boolean(),
	propertyLoss: z.enum(PROPERTY_LOSS),
	regionalInterruption: z.boolean(),
	compensationDemanded: z.boolean(),
	majorBrandRisk: z.boolean()
});

export const DeclareIncidentRequest = z.strictObject({
	title: text(200).min(1, 'required'),
	category: z.enum(CATEGORIES),
	description: text(10_000).optional(),
	source: text(200).optional(),
	identifiedAt: isoDate.optional(),
	inputs: LevelInputsSchema.partial().optional()
});

export const PatchIncidentRequest = z.strictObject({
	version: z.number().int().min(1),
	title: text(200).min(1, 'required').optional(),
	description: text(10_000).optional(),
	category: z.enum(CATEGORIES).optional(),
	source: text(200).optional(),
	identifiedAt: isoDate.optional(),
	inputs: LevelInputsSchema.partial().optional()
});

export const ListIncidentsQuery = z.object({
	phase: z.enum(PHASES).optional(),
	level: z.coerce.number().int().min(1).max(3).optional(),
	category: z.enum(CATEGORIES).optional(),
	q: text(200).optional()
});

export const EventsQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });

export interface ApiErrorBody {
	error: { code: string; message: string; details?: unknown };
}

export interface IncidentJson {
	id: string;
	code: string;
	title: string;
	description: string;
	category: Category;
	source: string;
	level: 1 | 2 | 3;
	levelReason: string;
	levelReasonI18n: { en: string; zh: string };
	levelTriggers: { key: string; level: number; en: string; zh: string }[];
	phase: Phase;
	identifiedAt: string;
	resolvedAt: string | null;
	closedAt: string | null;
	inputs: z.infer<typeof LevelInputsSchema>;
	affectedCustomers: number;
	contact: { total: number; met: number; pending: number; overdue: number };
	createdAt: string;
	updatedAt: string;
	version: number;
}

export interface UserJson {
	id: string;
	email: string;
	name: string;
	roles: Role[];
	groups: Group[];
	disabled: boolean;
	createdAt: string;
}
