// Evidence (证据材料) for an affected customer: kept only once the customer's authorisation is
// recorded, sealed with the personal-data key (AES-256-GCM) like phone numbers, accepted only as JPEG, PNG, PDF or MP4/MOV/WebM video by content, at most 20 MB, downloadable only by
// those who may see the customer's personal data, each download audited; only they see the files' names.
// Bytes live in the database (bytea), so every instance serves them and a backup holds them.
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/client';
import { customers, evidenceFiles } from '../db/schema';
import { ServiceError, notFound } from '../errors';
import { readBodyLimited } from '../http';
import { authorize, type SessionUser } from '../auth/principal';
import { can } from '$lib/domain/permissions';
import type { IncidentCommands } from './incident-commands';
import type { Lang } from './incident-view';
import type { PersonalDataCipher } from '../personal-data';
import { loadAttempts, toCustomerJson } from './customers';
import { EVIDENCE_MAX_BYTES, EVIDENCE_TYPES, TYPE_NAMES, sanitizeFileName, sniffContentType, type EvidenceType } from '$lib/domain/evidence';
import type { AuthorizationRequest, CustomerJson, EvidenceJson } from '$lib/api/schemas';

type EvidenceRow = Omit<typeof evidenceFiles.$inferSelect, 'data'>;

const META = {
	id: evidenceFiles.id,
	incidentId: evidenceFiles.incidentId,
	customerId: evidenceFiles.customerId,
	contentType: evidenceFiles.contentType,
	fileName: evidenceFiles.fileName,
	size: evidenceFiles.size,
	sha256: evidenceFiles.sha256,
	uploadedById: evidenceFiles.uploadedById,
	uploadedByName: evidenceFiles.uploadedByName,
	uploadedAt: evidenceFiles.uploadedAt
};

/** The file as `viewer` may see it: its name only with personal-data access, its type in words for everyone. */
function toEvidenceJson(r: EvidenceRow, viewer: SessionUser): EvidenceJson {
	const type = r.contentType as EvidenceType;
	return {
		id: r.id,
		customerId: r.customerId,
		contentType: type,
		fileName: can(viewer, 'read_personal_data') ? r.fileName : null,
		typeName: TYPE_NAMES[type],
		size: r.size,
		sha256: r.sha256,
		uploadedAt: r.uploadedAt.toISOString(),
		uploadedBy: { id: r.uploadedById ?? '', name: r.uploadedByName ?? '' },
		url: `/api/v1/incidents/${r.incidentId}/customers/${r.customerId}/evidence/${r.id}`
	};
}

const isId = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** Reads an evidence upload up to `limit` bytes; one byte more is a 413 before the rest is read. */
export function readLimited(request: Request, limit = EVIDENCE_MAX_BYTES): Promise<Uint8Array> {
	return readBodyLimited(request, limit, () => new ServiceError('too_large', `Evidence files are limited to ${limit / 1024 / 1024} MB each`, { limit }));
}

export class EvidenceService {
	constructor(
		private db: Db,
		private incidents: IncidentCommands,
		private cipher: PersonalDataCipher
	) {}

	private async customer(db: DbOrTx, incidentId: string, customerId: string, lock = false) {
		if (!isId(customerId)) throw notFound('Customer');
		const q = db
			.select()
			.from(customers)
			.where(and(eq(customers.id, customerId), eq(customers.incidentId, incidentId)));
		const [row] = lock ? await q.for('update') : await q;
		if (!row) throw notFound('Customer');
		return row;
	}

	/** Records that the customer authorised keeping evidence (how, and an optional note). */
	async authorize(actor: SessionUser, incidentId: string, customerId: string, input: z.infer<typeof AuthorizationRequest>, lang: Lang) {
		let customer: CustomerJson | undefined;
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (_row, now, tx) => {
				const c = await this.customer(tx, incidentId, customerId, true);
				const note = `${input.channel}${input.note ? `: ${input.note}` : ''}`;
				const [updated] = await tx.update(customers).set({ authorizationRecorded: true, authorizationAt: now, authorizationNote: note }).where(eq(customers.id, c.id)).returning();
				customer = toCustomerJson(updated, now, undefined, (await loadAttempts(tx, [c.id])).get(c.id));
				return { set: {}, events: [{ type: 'customer.authorization_recorded', data: { customerId, position: c.position, channel: input.channel, customer } }] };
			},
			lang
		);
		return { customer: customer!, incident };
	}

	/** Stores one file after checking authorisation, size and real type; one timeline event. */
	async add(actor: SessionUser, incidentId: string, customerId: string, bytes: Uint8Array, declaredType: string | null, fileName: string | null, lang: Lang) {
		let evidence: EvidenceJson | undefined;
		const incident = await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (_row, now, tx) => {
				const c = await this.customer(tx, incidentId, customerId);
				if (!c.authorizationRecorded) {
					throw new ServiceError(
						'authorization_required',
						`Customer #${c.position} has not authorised keeping evidence; record the authorisation first (POST …/customers/${customerId}/authorization)`
					);
				}
				if (bytes.byteLength === 0) throw new ServiceError('invalid_input', 'The file is empty', [{ field: '(body)', message: 'empty file' }]);
				const type = sniffContentType(bytes);
				if (!type) {
					const said = declaredType && declaredType !== 'application/octet-stream' ? ` (it was sent as ${declaredType}, but its content is not one)` : '';
					throw new ServiceError('unsupported_media_type', `Evidence must be a JPEG, PNG or PDF file, or an MP4, MOV or WebM video${said}`, { allowed: EVIDENCE_TYPES });
				}
				const row = {
					id: randomUUID(),
					incidentId,
					customerId,
					contentType: type,
					fileName: sanitizeFileName(fileName),
					size: bytes.byteLength,
					sha256: createHash('sha256').update(bytes).digest('hex'),
					data: this.cipher.encryptBytes(bytes),
					uploadedById: actor.id,
					uploadedByName: actor.name,
					uploadedAt: now
				};
				await tx.insert(evidenceFiles).values(row);
				evidence = toEvidenceJson(row, actor);
				// no file name on the timeline: names often carry the customer's own name or number
				return { set: {}, events: [{ type: 'customer.evidence_added', data: { customerId, position: c.position, evidenceId: row.id, contentType: type, size: row.size } }] };
			},
			lang
		);
		return { evidence: evidence!, incident };
	}

	async list(actor: SessionUser, incidentId: string, customerId: string): Promise<EvidenceJson[]> {
		await this.customer(this.db, incidentId, customerId);
		const rows = await this.db.select(META).from(evidenceFiles).where(eq(evidenceFiles.customerId, customerId)).orderBy(asc(evidenceFiles.uploadedAt));
		return rows.map((r) => toEvidenceJson(r, actor));
	}

	/**
	 * The file itself, for customer-service members and leads only. Every download is audited like
	 * a reveal: `customer.evidence_downloaded` (who, which file, its type; never its name or content)
	 * is appended in the transaction that reads the file, so no file leaves unrecorded. A closed
	 * incident's timeline is frozen, so its files are not handed out either (409, as reveals).
	 */
	async download(actor: SessionUser, incidentId: string, customerId: string, evidenceId: string, lang: Lang) {
		authorize(actor, 'read_personal_data');
		let found: typeof evidenceFiles.$inferSelect | undefined;
		await this.incidents.mutate(
			incidentId,
			actor,
			undefined,
			async (_row, _now, tx) => {
				const c = await this.customer(tx, incidentId, customerId);
				if (!isId(evidenceId)) throw notFound('Evidence');
				[found] = await tx
					.select()
					.from(evidenceFiles)
					.where(and(eq(evidenceFiles.id, evidenceId), eq(evidenceFiles.customerId, customerId)));
				if (!found) throw notFound('Evidence');
				return { set: {}, events: [{ type: 'customer.evidence_downloaded', data: { customerId, position: c.position, evidenceId, contentType: found.contentType, size: found.size } }] };
			},
			lang
		);
		return { meta: toEvidenceJson(found!, actor), data: this.cipher.decryptBytes(found!.data) };
	}
}
