// Tools and resources (工具与资源, PRODUCT.md §8): backup stock, compensation policies, emergency contacts.
import { z } from 'zod';
import { CATEGORIES, CONTACT_KINDS, RESOURCE_KINDS } from '$lib/domain/vocabulary';
import { int, queryFlag, readOnlyFields, text, time, version } from './common';

export const ResourceRequest = z.strictObject({
	kind: z.enum(RESOURCE_KINDS),
	name: text(100).min(1),
	model: text(100).default(''),
	stock: z.number().int().min(0).max(100_000_000),
	lowThreshold: z.number().int().min(0).max(100_000_000).default(0),
	unit: text(20).default(''),
	location: text(200).default('')
});
export const ResourceAdjustRequest = z.strictObject({
	delta: z
		.number()
		.int()
		.min(-100_000_000)
		.max(100_000_000)
		.refine((d) => d !== 0, 'must not be 0'),
	reason: text(500).min(1, 'a reason is required')
});
export const ResourcesQuery = z.object({
	kind: z.enum(RESOURCE_KINDS).optional(),
	low: queryFlag()
});

export const Resource = z
	.object({
		id: z.string(),
		kind: z.enum(RESOURCE_KINDS),
		name: z.string(),
		model: z.string(),
		stock: int.meta({ description: 'Units in stock (yuan for the emergency fund)' }),
		lowThreshold: int,
		unit: z.string(),
		location: z.string(),
		low: z.boolean().meta({ description: 'stock ≤ lowThreshold' }),
		version: int,
		updatedAt: time
	})
	.meta({ id: 'Resource', description: 'A backup resource (备用资源); stock in units, yuan for the emergency fund' });
export type ResourceJson = z.output<typeof Resource>;
/**
 * The fields to change against `version`; the GET shape is accepted back (the round trip): `id`
 * must be this resource's, `stock` the current stock (it moves through POST …/adjust), `low` and
 * `updatedAt` are ignored. A PATCH that changes nothing is a no-op: 200 with the same version.
 */
export const ResourcePatchRequest = z.strictObject({
	...readOnlyFields(Resource, ['version', 'kind', 'name', 'model', 'lowThreshold', 'unit', 'location']),
	version: version(),
	kind: z.enum(RESOURCE_KINDS).optional(),
	name: text(100).min(1).optional(),
	model: text(100).optional(),
	lowThreshold: z.number().int().min(0).max(100_000_000).optional(),
	unit: text(20).optional(),
	location: text(200).optional()
});

export const PolicyRequest = z.strictObject({
	category: z.enum(CATEGORIES),
	measureKind: z.string().trim().min(1).max(50).nullable().optional(),
	title: text(200).min(1),
	description: text(2000).default(''),
	couponYuan: z.number().int().min(0).max(1_000_000).nullable().optional(),
	warrantyExtensionMonths: z.number().int().min(0).max(120).nullable().optional(),
	active: z.boolean().default(true)
});
export const PolicyPatchRequest = z.strictObject({
	category: z.enum(CATEGORIES).optional(),
	measureKind: z.string().trim().min(1).max(50).nullable().optional(),
	title: text(200).min(1).optional(),
	description: text(2000).optional(),
	couponYuan: z.number().int().min(0).max(1_000_000).nullable().optional(),
	warrantyExtensionMonths: z.number().int().min(0).max(120).nullable().optional(),
	active: z.boolean().optional()
});
export const PoliciesQuery = z.object({ category: z.enum(CATEGORIES).optional(), measureKind: text(50).optional() });

export const Policy = z
	.object({
		id: z.string(),
		category: z.enum(CATEGORIES),
		measureKind: z.string().nullable(),
		title: z.string(),
		description: z.string(),
		couponYuan: int.nullable(),
		warrantyExtensionMonths: int.nullable(),
		active: z.boolean(),
		updatedAt: time
	})
	.meta({ id: 'Policy', description: 'A compensation policy' });
export type PolicyJson = z.output<typeof Policy>;

export const ContactEntryRequest = z.strictObject({
	kind: z.enum(CONTACT_KINDS),
	name: text(100).min(1),
	organization: text(200).default(''),
	role: text(100).default(''),
	phone: text(50).default(''),
	email: text(254).default(''),
	notes: text(2000).default('')
});
export const ContactEntryPatchRequest = z.strictObject({
	kind: z.enum(CONTACT_KINDS).optional(),
	name: text(100).min(1).optional(),
	organization: text(200).optional(),
	role: text(100).optional(),
	phone: text(50).optional(),
	email: text(254).optional(),
	notes: text(2000).optional()
});

export const EmergencyContact = z
	.object({
		id: z.string(),
		kind: z.enum(CONTACT_KINDS),
		name: z.string(),
		organization: z.string(),
		role: z.string(),
		phone: z.string(),
		email: z.string(),
		notes: z.string(),
		updatedAt: time
	})
	.meta({ id: 'EmergencyContact', description: 'An emergency contact' });
export type ContactEntryJson = z.output<typeof EmergencyContact>;
