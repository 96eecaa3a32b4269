// Temporary measures (临时措施): relief given before the root fix, possibly drawing stock.
import { z } from 'zod';
import { UserRef, bilingual, int, time } from './common';

export const MeasureRequest = z.strictObject({
	kind: z.string().trim().min(1).max(50),
	description: z.string().trim().max(2000).default(''),
	customerIds: z.array(z.string().min(1).max(100)).max(10_000).optional(),
	resourceId: z.string().min(1).max(100).optional(),
	/** Units (or yuan for the emergency fund) to draw; default one per chosen customer. */
	quantity: z.number().int().min(1).max(1_000_000).optional(),
	policyId: z.string().min(1).max(100).optional()
});

export const Measure = z
	.object({
		id: z.string(),
		incidentId: z.string(),
		kind: z.string(),
		kindName: bilingual,
		description: z.string(),
		customerIds: z.array(z.string()),
		customerPositions: z.array(int),
		resource: z.object({ id: z.string(), kind: z.string(), name: z.string(), model: z.string(), unit: z.string() }).nullable(),
		quantity: int,
		policy: z.object({ id: z.string(), title: z.string(), couponYuan: int.nullable(), warrantyExtensionMonths: int.nullable() }).nullable(),
		createdBy: UserRef,
		createdAt: time
	})
	.meta({ id: 'Measure', description: 'A temporary measure (临时措施)' });
export type MeasureJson = z.output<typeof Measure>;
