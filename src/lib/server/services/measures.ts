// Temporary measures (临时措施, PRODUCT.md §4 containment): relief from the category's catalogue
// or free text, for chosen customers, drawing backup resources down in the same transaction and
// offering the compensation policy that goes with it. Low stock goes on the timeline.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client';
import { compensationPolicies, customers, measures } from '../db/schema';
import { ServiceError } from '../errors';
import type { SessionUser } from '../auth/principal';
import type { IncidentCommands } from './incident-commands';
import type { Lang } from './incident-view';
import { drawDown, type ResourcesService } from './resources';
import { measureKind, MEASURE_CATALOGUE, OTHER_MEASURE } from '$lib/domain/measures';
import type { IncidentJson, MeasureJson, MeasureRequest, ResourceJson } from '$lib/api/schemas';
import type { NewEvent } from './timeline';

type MeasureRow = typeof measures.$inferSelect;

export function toMeasureJson(r: MeasureRow, category: IncidentJson['category'], positions: Map<string, number>, resource: ResourceJson | null): MeasureJson {
	const kind = measureKind(category, r.kind) ?? { key: r.kind, en: r.kind, zh: r.kind };
	return {
		id: r.id,
		incidentId: r.incidentId,
		kind: r.kind,
		kindName: { en: kind.en, zh: kind.zh },
		description: r.description,
		customerIds: r.customerIds,
		customerPositions: r.customerIds.map((id) => positions.get(id) ?? 0).filter((p) => p > 0),
		resource: resource ? { id: resource.id, kind: resource.kind, name: resource.name, model: resource.model, unit: resource.unit } : null,
		quantity: r.quantity,
		policy: r.policy ?? null,
		createdBy: { id: r.createdById ?? '', name: r.createdByName ?? '' },
		createdAt: r.createdAt.toISOString()
	};
}

export class MeasuresService {
	constructor(
		private db: Db,
		private incidents: IncidentCommands,
		private resources: ResourcesService
	) {}

	async list(incidentId: string): Promise<MeasureJson[]> {
		const incident = await this.incidents.getRow(incidentId);
		const rows = await this.db.select().from(measures).where(eq(measures.incidentId, incidentId)).orderBy(asc(measures.createdAt));
		const ids = [...new Set(rows.flatMap((r) => r.customerIds))];
		const positions = new Map<string, number>();
		if (ids.length) {
			for (const c of await this.db.select({ id: customers.id, position: customers.position }).from(customers).where(inArray(customers.id, ids))) positions.set(c.id, c.position);
		}
		const all = new Map((await this.resources.list({})).map((r) => [r.id, r]));
		return rows.map((r) => toMeasureJson(r, incident.category, positions, r.resourceId ? (all.get(r.resourceId) ?? null) : null));
	}

	/**
	 * Takes a measure: validates the kind against the incident's category, the customers
	 * against the incident, draws the resource down (409 insufficient_stock, nothing written)
	 * and records the policy offered — one transaction, one `measure.taken` event (and a
	 * `resource.low_stock` event when the draw leaves the resource at or below its threshold).
	 */
	async take(actor: SessionUser, incidentId: string, input: z.infer<typeof MeasureRequest>, lang: Lang) {
		let measure: MeasureJson | undefined;
		let resource: ResourceJson | null = null;
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (row, now, tx) => {
				const kind = measureKind(row.category, input.kind);
				if (!kind) {
					const allowed = [...MEASURE_CATALOGUE[row.category].map((k) => k.key), OTHER_MEASURE.key];
					throw new ServiceError('invalid_input', `"${input.kind}" is not a temporary measure for ${row.category.replace('_', ' ')} incidents; use one of: ${allowed.join(', ')}`, [
						{ field: 'kind', message: `one of ${allowed.join(', ')}` }
					]);
				}
				if (kind.key === 'other' && !input.description.trim()) {
					throw new ServiceError('invalid_input', 'Describe the measure when its kind is "other"', [{ field: 'description', message: 'required for kind "other"' }]);
				}
				const customerIds = [...new Set(input.customerIds ?? [])];
				const positions = new Map<string, number>();
				if (customerIds.length) {
					const found = await tx
						.select({ id: customers.id, position: customers.position })
						.from(customers)
						.where(and(eq(customers.incidentId, incidentId), inArray(customers.id, customerIds)));
					for (const c of found) positions.set(c.id, c.position);
					const unknown = customerIds.filter((id) => !positions.has(id));
					if (unknown.length) {
						throw new ServiceError(
							'invalid_input',
							`${unknown.length} of the chosen customers are not on this incident`,
							unknown.map((id) => ({ field: 'customerIds', message: `unknown customer ${id}` }))
						);
					}
				}
				let policy: MeasureRow['policy'] = null;
				if (input.policyId) {
					const [p] = await tx.select().from(compensationPolicies).where(eq(compensationPolicies.id, input.policyId));
					if (!p || !p.active || p.category !== row.category || (p.measureKind && p.measureKind !== kind.key)) {
						throw new ServiceError('invalid_input', 'That compensation policy does not apply to this measure', [{ field: 'policyId', message: 'not an active policy of this category and measure' }]);
					}
					policy = { id: p.id, title: p.title, couponYuan: p.couponYuan, warrantyExtensionMonths: p.warrantyExtensionMonths };
				}
				let quantity = 0;
				if (input.resourceId) {
					quantity = input.quantity ?? Math.max(customerIds.length, 1);
					resource = await drawDown(tx, input.resourceId, quantity);
				} else if (input.quantity !== undefined) {
					throw new ServiceError('invalid_input', 'A quantity needs a resource to draw from', [{ field: 'resourceId', message: 'required with quantity' }]);
				}
				const [m] = await tx
					.insert(measures)
					.values({
						id: randomUUID(),
						incidentId,
						kind: kind.key,
						description: input.description,
						customerIds,
						resourceId: input.resourceId ?? null,
						quantity,
						policy,
						createdById: actor.id,
						createdByName: actor.name,
						createdAt: now
					})
					.returning();
				measure = toMeasureJson(m, row.category, positions, resource);
				const stock = resource
					? { id: resource.id, kind: resource.kind, label: [resource.name, resource.model].filter(Boolean).join(' '), stock: resource.stock, lowThreshold: resource.lowThreshold, unit: resource.unit }
					: null;
				const events: NewEvent[] = [
					{ type: 'measure.taken', data: { measureId: m.id, kind: kind.key, kindName: { en: kind.en, zh: kind.zh }, customerCount: customerIds.length, quantity, stock, policy } }
				];
				if (resource && resource.low) events.push({ type: 'resource.low_stock', data: { stock } });
				return { set: {}, events, resources: resource ? [resource] : [] };
			},
			lang
		);
		return { measure: measure!, incident, resource };
	}
}
