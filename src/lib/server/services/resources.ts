// Tools and resources (工具与资源, PRODUCT.md §8): backup resources with stock, the emergency
// contact list and the compensation policy. Stock only moves through single SQL statements that
// refuse to go below zero, so concurrent draws (measures on several incidents) stay correct.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/client';
import { compensationPolicies, emergencyContacts, resources } from '../db/schema';
import type { Clock } from '../clock';
import { ServiceError, notFound } from '../errors';
import { measureKind } from '$lib/domain/measures';
import type { UnitOfWork } from '../unit-of-work';
import type { ContactEntryJson, ContactEntryRequest, PolicyJson, PolicyRequest, ResourceJson, ResourceRequest, ResourcePatchRequest, ResourceAdjustRequest } from '$lib/api/schemas';

type ResourceRow = typeof resources.$inferSelect;
type PolicyRow = typeof compensationPolicies.$inferSelect;
type ContactRow = typeof emergencyContacts.$inferSelect;

export function toResourceJson(r: ResourceRow): ResourceJson {
	return {
		id: r.id,
		kind: r.kind,
		name: r.name,
		model: r.model,
		stock: r.stock,
		lowThreshold: r.lowThreshold,
		unit: r.unit,
		location: r.location,
		low: r.stock <= r.lowThreshold,
		version: r.version,
		updatedAt: r.updatedAt.toISOString()
	};
}

const toPolicyJson = (p: PolicyRow): PolicyJson => ({
	id: p.id,
	category: p.category,
	measureKind: p.measureKind,
	title: p.title,
	description: p.description,
	couponYuan: p.couponYuan,
	warrantyExtensionMonths: p.warrantyExtensionMonths,
	active: p.active,
	updatedAt: p.updatedAt.toISOString()
});

const toContactJson = (c: ContactRow): ContactEntryJson => ({
	id: c.id,
	kind: c.kind,
	name: c.name,
	organization: c.organization,
	role: c.role,
	phone: c.phone,
	email: c.email,
	notes: c.notes,
	updatedAt: c.updatedAt.toISOString()
});

const isId = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/**
 * Moves a resource's stock by `delta` in one statement that never lets it go below zero; inside
 * the caller's transaction. 409 `insufficient_stock` with what is available otherwise.
 */
async function moveStock(tx: DbOrTx, id: string, delta: number, now: Date): Promise<ResourceJson> {
	if (!isId(id)) throw notFound('Resource');
	const [row] = await tx
		.update(resources)
		.set({ stock: sql`${resources.stock} + ${delta}`, version: sql`${resources.version} + 1`, updatedAt: now })
		.where(and(eq(resources.id, id), sql`${resources.stock} + ${delta} >= 0`))
		.returning();
	if (row) return toResourceJson(row);
	const [current] = await tx.select().from(resources).where(eq(resources.id, id));
	if (!current) throw new ServiceError('invalid_input', 'No such resource', [{ field: 'resourceId', message: 'unknown resource' }]);
	throw new ServiceError('insufficient_stock', `Only ${current.stock} ${current.unit || 'units'} of ${current.name} left; ${-delta} requested`, {
		available: current.stock,
		requested: -delta,
		resource: toResourceJson(current)
	});
}

/** Draws `quantity` from a resource inside the caller's transaction (temporary measures). */
export function drawDown(tx: DbOrTx, resourceId: string, quantity: number, now = new Date()): Promise<ResourceJson> {
	return moveStock(tx, resourceId, -quantity, now);
}

export class ResourcesService {
	constructor(
		private db: Db,
		private clock: Clock,
		private uow: UnitOfWork
	) {}

	async list(query: { kind?: ResourceJson['kind']; low?: boolean }): Promise<ResourceJson[]> {
		const where: SQL[] = [];
		if (query.kind) where.push(eq(resources.kind, query.kind));
		if (query.low) where.push(sql`${resources.stock} <= ${resources.lowThreshold}`);
		const rows = await this.db
			.select()
			.from(resources)
			.where(and(...where))
			.orderBy(asc(resources.kind), asc(resources.name), asc(resources.model));
		return rows.map(toResourceJson);
	}

	async get(id: string): Promise<ResourceJson> {
		if (!isId(id)) throw notFound('Resource');
		const [row] = await this.db.select().from(resources).where(eq(resources.id, id));
		if (!row) throw notFound('Resource');
		return toResourceJson(row);
	}

	/** Dashboards and wall displays hear of every change after commit (`resource.updated`). */
	async create(input: z.infer<typeof ResourceRequest>): Promise<ResourceJson> {
		return this.uow.run(async ({ tx, now }) => {
			const [row] = await tx
				.insert(resources)
				.values({ id: randomUUID(), ...input, version: 1, updatedAt: now })
				.returning();
			const json = toResourceJson(row);
			return { value: json, resources: [json] };
		});
	}

	/** Edits a resource against its version: 409 `version_conflict` with the current one when stale. */
	async patch(id: string, input: z.infer<typeof ResourcePatchRequest>): Promise<ResourceJson> {
		const current = await this.get(id);
		const { version, id: sentId, stock, low: _low, updatedAt: _updatedAt, ...fields } = input;
		if (sentId !== undefined && sentId !== id) throw new ServiceError('invalid_input', `id ${JSON.stringify(sentId)} is not this resource`, [{ field: 'id', message: `this is resource ${id}` }]);
		if (version === current.version) {
			if (stock !== undefined && stock !== current.stock) {
				throw new ServiceError(
					'invalid_input',
					`stock ${JSON.stringify(stock)} cannot be changed here: read-only (now ${current.stock}); restock or write off with POST /api/v1/resources/{id}/adjust`,
					[{ field: 'stock', message: `read-only (now ${current.stock}); use POST /api/v1/resources/{id}/adjust` }]
				);
			}
			// the GET shape sent back unchanged: nothing to save, no new version
			if ((Object.keys(fields) as (keyof typeof fields)[]).every((k) => fields[k] === undefined || fields[k] === current[k])) return current;
		}
		const json = await this.uow.run(async ({ tx, now }) => {
			const [row] = await tx
				.update(resources)
				.set({ ...fields, version: sql`${resources.version} + 1`, updatedAt: now })
				.where(and(eq(resources.id, id), eq(resources.version, version)))
				.returning();
			const json = row ? toResourceJson(row) : null;
			return { value: json, resources: json ? [json] : [] };
		});
		if (!json) {
			const now = await this.get(id).catch(() => current);
			throw new ServiceError('version_conflict', `The resource was changed by someone else (now version ${now.version}); reload and re-apply`, { current: now });
		}
		return json;
	}

	/** Restocks or writes off (`delta` ±) with a reason; never below zero. */
	async adjust(id: string, input: z.infer<typeof ResourceAdjustRequest>): Promise<ResourceJson> {
		return this.uow.run(async ({ tx, now }) => {
			const json = await moveStock(tx, id, input.delta, now);
			return { value: json, resources: [json] };
		});
	}

	async listPolicies(query: { category?: PolicyJson['category']; measureKind?: string }): Promise<PolicyJson[]> {
		const where: SQL[] = [];
		if (query.category) where.push(eq(compensationPolicies.category, query.category));
		if (query.measureKind) where.push(sql`(${compensationPolicies.measureKind} = ${query.measureKind} or ${compensationPolicies.measureKind} is null)`);
		const rows = await this.db
			.select()
			.from(compensationPolicies)
			.where(and(...where))
			.orderBy(asc(compensationPolicies.category), asc(compensationPolicies.title));
		return rows.map(toPolicyJson);
	}

	private checkPolicy(category: PolicyJson['category'], kind: string | null | undefined) {
		if (kind && !measureKind(category, kind)) {
			throw new ServiceError('invalid_input', `"${kind}" is not a temporary measure of the ${category} category`, [{ field: 'measureKind', message: `not a measure of ${category}` }]);
		}
	}

	async createPolicy(input: z.infer<typeof PolicyRequest>): Promise<PolicyJson> {
		this.checkPolicy(input.category, input.measureKind);
		const [row] = await this.db
			.insert(compensationPolicies)
			.values({ id: randomUUID(), ...input, measureKind: input.measureKind ?? null, updatedAt: this.clock.now() })
			.returning();
		return toPolicyJson(row);
	}

	async patchPolicy(id: string, input: Partial<z.infer<typeof PolicyRequest>>): Promise<PolicyJson> {
		if (!isId(id)) throw notFound('Policy');
		const [current] = await this.db.select().from(compensationPolicies).where(eq(compensationPolicies.id, id));
		if (!current) throw notFound('Policy');
		this.checkPolicy(input.category ?? current.category, input.measureKind === undefined ? current.measureKind : input.measureKind);
		const [row] = await this.db
			.update(compensationPolicies)
			.set({ ...input, updatedAt: this.clock.now() })
			.where(eq(compensationPolicies.id, id))
			.returning();
		return toPolicyJson(row);
	}

	async listContacts(): Promise<ContactEntryJson[]> {
		const rows = await this.db.select().from(emergencyContacts).orderBy(asc(emergencyContacts.kind), asc(emergencyContacts.name));
		return rows.map(toContactJson);
	}

	async createContact(input: z.infer<typeof ContactEntryRequest>): Promise<ContactEntryJson> {
		const [row] = await this.db
			.insert(emergencyContacts)
			.values({ id: randomUUID(), ...input, updatedAt: this.clock.now() })
			.returning();
		return toContactJson(row);
	}

	async patchContact(id: string, input: Partial<z.infer<typeof ContactEntryRequest>>): Promise<ContactEntryJson> {
		if (!isId(id)) throw notFound('Contact');
		const [row] = await this.db
			.update(emergencyContacts)
			.set({ ...input, updatedAt: this.clock.now() })
			.where(eq(emergencyContacts.id, id))
			.returning();
		if (!row) throw notFound('Contact');
		return toContactJson(row);
	}

	async deleteContact(id: string): Promise<void> {
		if (!isId(id)) throw notFound('Contact');
		const rows = await this.db.delete(emergencyContacts).where(eq(emergencyContacts.id, id)).returning({ id: emergencyContacts.id });
		if (rows.length === 0) throw notFound('Contact');
	}
}
