// Browser calls to the public API (the same contract integrations use), with the error envelope unwrapped.
//
// `api` is the typed client components use: one method per operation of the OpenAPI document
// (src/lib/server/openapi.ts), its body typed by the zod request schema the route validates with
// (z.input: what is sent) and its answer by the response schema's *Json type. Paths are built here
// only; tests/unit/client-api.test.ts calls every method and fails when a path or method is not in
// the document. `apiFetch` stays for the few calls not yet moved over.
import type { z } from 'zod';
import type * as S from '$lib/api/schemas';
import type { IncidentEvent } from '$lib/realtime/events';
import { localizedError } from './errors';

/** `message` is in the UI's language (src/lib/client/errors.ts); the server's own text stays in `serverMessage`. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		readonly serverMessage: string,
		readonly details?: unknown
	) {
		super(localizedError({ code, message: serverMessage, details }));
	}
}

/** `raw` sends a body as is (e.g. a CSV file) with its content type. */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown; raw?: { body: BodyInit; type: string } } = {}): Promise<T> {
	const headers: Record<string, string> = init.raw ? { 'content-type': init.raw.type } : init.body === undefined ? {} : { 'content-type': 'application/json' };
	const res = await fetch(`/api/v1${path}`, {
		method: init.method ?? 'GET',
		headers,
		body: init.raw ? init.raw.body : init.body === undefined ? undefined : JSON.stringify(init.body),
		credentials: 'same-origin'
	});
	if (res.status === 204) return undefined as T;
	const data = await res.json().catch(() => null);
	if (!res.ok) {
		const e = data?.error ?? {};
		throw new ApiError(res.status, e.code ?? 'error', e.message ?? res.statusText, e.details);
	}
	return data as T;
}

// ---- the typed client ----

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** What a request sends: the input side of the route's zod schema. */
type Body<T extends z.ZodType> = z.input<T>;
/** Query parameters, as the route reads them (flags as booleans, times as Dates); all optional. */
type Query<T extends z.ZodType> = Partial<z.output<T>>;
/** A request for code that sends it itself (an upload with progress, a download link). */
export interface ApiTarget {
	method: Method;
	url: string;
}
type Items<T> = { items: T[] };
type WithIncident<T> = T & { incident: S.IncidentJson };

/** `/api/v1` + the path with each segment encoded + the query (undefined values left out). */
function url(segments: (string | number)[], query?: Record<string, unknown>): string {
	const path = segments.map((s, i) => (i % 2 === 0 ? String(s) : encodeURIComponent(String(s)))).join('');
	const params = new URLSearchParams();
	for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) params.set(k, v instanceof Date ? v.toISOString() : String(v));
	const qs = params.toString();
	return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}
/** Path pieces alternate literal and parameter: p`/incidents/${id}/customers` encodes only `id`. */
const p = (strings: TemplateStringsArray, ...params: (string | number)[]) => strings.flatMap((s, i) => (i < params.length ? [s, params[i]] : [s]));

const call = <T>(method: Method, path: (string | number)[], init: { body?: unknown; query?: Record<string, unknown>; raw?: { body: BodyInit; type: string } } = {}) =>
	apiFetch<T>(url(path, init.query).slice('/api/v1'.length), { method, body: init.body, raw: init.raw });
const get = <T>(path: (string | number)[], query?: Record<string, unknown>) => call<T>('GET', path, { query });

const incident = (id: string) => p`/incidents/${id}`;
const customer = (id: string, cid: string) => p`/incidents/${id}/customers/${cid}`;

export const api = {
	time: () => get<{ now: string }>(p`/time`),
	me: {
		get: () => get<({ kind: 'user' } & Pick<S.UserJson, 'id' | 'email' | 'name' | 'roles' | 'groups'>) | { kind: 'display'; label: string }>(p`/me`),
		tasks: () => get<S.TasksJson>(p`/me/tasks`)
	},
	users: {
		list: () => get<Items<S.UserJson>>(p`/users`),
		create: (body: Body<typeof S.CreateUserRequest>) => call<S.UserJson>('POST', p`/users`, { body }),
		update: (uid: string, body: Body<typeof S.PatchUserRequest>) => call<S.UserJson>('PATCH', p`/users/${uid}`, { body })
	},
	displayTokens: {
		create: (body: Body<typeof S.DisplayTokenRequest>) => call<{ id: string; token: string; url: string }>('POST', p`/display-tokens`, { body }),
		list: () => get<Items<S.DisplayTokenJson>>(p`/display-tokens`),
		revoke: (dtid: string) => call<S.DisplayTokenJson>('DELETE', p`/display-tokens/${dtid}`)
	},

	incidents: {
		list: (query?: Query<typeof S.ListIncidentsQuery>) => get<Items<S.IncidentJson>>(p`/incidents`, query),
		declare: (body: Body<typeof S.DeclareIncidentRequest>) => call<S.IncidentJson>('POST', p`/incidents`, { body }),
		get: (id: string) => get<S.IncidentJson>(incident(id)),
		/** 409 `version_conflict` (details.current) when `version` is stale. */
		update: (id: string, body: Body<typeof S.PatchIncidentRequest>) => call<S.IncidentJson>('PATCH', incident(id), { body }),
		setLevel: (id: string, body: Body<typeof S.SetLevelRequest>) => call<S.IncidentJson>('POST', p`/incidents/${id}/level`, { body }),
		/** 409 `gate_not_met` (details.unmet, details.conditions) unless a lead overrides. */
		setPhase: (id: string, body: Body<typeof S.PhaseRequest>) => call<S.IncidentJson>('POST', p`/incidents/${id}/phase`, { body }),
		phaseStatus: (id: string) => get<S.PhaseStatusJson>(p`/incidents/${id}/phase`),
		events: (id: string, query?: Query<typeof S.EventsQuery>) => get<Items<IncidentEvent>>(p`/incidents/${id}/events`, query),

		/** The response group (seats, duties, notice); its changes answer with the whole group. */
		response: Object.assign((id: string) => get<S.ResponseJson>(p`/incidents/${id}/response`), {
			assignSeat: (id: string, seat: string, body: Body<typeof S.AssignSeatRequest>) => call<S.ResponseJson>('PUT', p`/incidents/${id}/response/seats/${seat}`, { body }),
			acknowledgeSeat: (id: string, seat: string) => call<S.ResponseJson>('POST', p`/incidents/${id}/response/seats/${seat}/acknowledge`),
			publishNotice: (id: string) => call<S.ResponseJson & { published: S.PublishedNoticeJson }>('POST', p`/incidents/${id}/response/notice`),
			readNotice: (id: string, version: number) => call<S.ResponseJson>('POST', p`/incidents/${id}/response/notice/${version}/read`),
			checkDuty: (id: string, group: S.Group, item: number, body: Body<typeof S.DutyCheckRequest>) => call<S.ResponseJson>('PUT', p`/incidents/${id}/response/duties/${group}/${item}`, { body })
		}),

		customers: {
			list: (id: string, query?: Query<typeof S.ListCustomersQuery>) => get<S.CustomerListJson>(p`/incidents/${id}/customers`, query),
			/** JSON rows, or a CSV file with a header row of the same field names. */
			add: (id: string, rows: Body<typeof S.CustomerInput>[] | Blob, query?: Query<typeof S.AddCustomersQuery>) =>
				call<S.CustomersAddedJson>('POST', p`/incidents/${id}/customers`, rows instanceof Blob ? { query, raw: { body: rows, type: 'text/csv' } } : { query, body: rows }),
			/** The same request, for a caller that sends it itself (a CSV upload with progress). */
			addTarget: (id: string, query?: Query<typeof S.AddCustomersQuery>): ApiTarget => ({ method: 'POST', url: url(p`/incidents/${id}/customers`, query) }),
			/** The CSV template with the Chinese column titles (UTF-8 with BOM), for a download link. */
			templateTarget: (): ApiTarget => ({ method: 'GET', url: url(p`/customers/template.csv`) }),
			get: (id: string, cid: string) => get<S.CustomerDetailJson>(customer(id, cid)),
			reveal: (id: string, cid: string) => call<S.CustomerJson>('POST', p`/incidents/${id}/customers/${cid}/reveal`),
			authorize: (id: string, cid: string, body: Body<typeof S.AuthorizationRequest>) => call<WithIncident<S.CustomerJson>>('POST', p`/incidents/${id}/customers/${cid}/authorization`, { body }),
			/** The decision that the customer cannot be reached; 409 `gate_not_met` (details.conditions) before enough failed attempts. */
			unreachable: (id: string, cid: string, body: Body<typeof S.UnreachableRequest>) => call<WithIncident<S.CustomerJson>>('POST', p`/incidents/${id}/customers/${cid}/unreachable`, { body }),
			contacts: {
				/** The first contact meets (or late-meets) the customer's deadline. */
				create: (id: string, cid: string, body: Body<typeof S.ContactRequest>) => call<S.ContactRecordedJson>('POST', p`/incidents/${id}/customers/${cid}/contacts`, { body }),
				/** Closes the contact's open commitment with a note (its author or a lead). */
				closeCommitment: (id: string, cid: string, contactId: string, body: Body<typeof S.CloseCommitmentRequest>) =>
					call<S.CommitmentClosedJson>('POST', p`/incidents/${id}/customers/${cid}/contacts/${contactId}/close`, { body })
			},
			evidence: {
				list: (id: string, cid: string) => get<Items<S.EvidenceJson>>(p`/incidents/${id}/customers/${cid}/evidence`),
				upload: (id: string, cid: string, file: File) =>
					call<WithIncident<S.EvidenceJson>>('POST', p`/incidents/${id}/customers/${cid}/evidence`, {
						query: { fileName: file.name },
						raw: { body: file, type: file.type || 'application/octet-stream' }
					})
			},
			survey: (id: string, cid: string, body: Body<typeof S.SurveyRequest>) => call<S.SatisfactionChangedJson>('POST', p`/incidents/${id}/customers/${cid}/survey`, { body }),
			confirm: (id: string, cid: string, body: Body<typeof S.ConfirmationRequest>) => call<S.SatisfactionChangedJson>('POST', p`/incidents/${id}/customers/${cid}/confirmation`, { body }),
			waiveConfirmation: (id: string, cid: string, body: Body<typeof S.ConfirmationWaiverRequest>) =>
				call<S.SatisfactionChangedJson>('POST', p`/incidents/${id}/customers/${cid}/confirmation-waiver`, { body })
		},

		measures: {
			list: (id: string) => get<Items<S.MeasureJson>>(p`/incidents/${id}/measures`),
			/** 409 `insufficient_stock` (details.available, details.requested). */
			create: (id: string, body: Body<typeof S.MeasureRequest>) => call<S.MeasureJson>('POST', p`/incidents/${id}/measures`, { body })
		},

		cause: {
			get: (id: string) => get<S.CauseJson>(p`/incidents/${id}/cause`),
			save: (id: string, body: Body<typeof S.CauseRequest>) => call<WithIncident<S.CauseJson>>('PUT', p`/incidents/${id}/cause`, { body })
		},
		solutions: {
			list: (id: string) => get<Items<S.SolutionJson>>(p`/incidents/${id}/solutions`),
			propose: (id: string, body: Body<typeof S.SolutionRequest>) => call<S.SolutionJson>('POST', p`/incidents/${id}/solutions`, { body }),
			approve: (id: string, sid: string, body: Body<typeof S.ApproveRequest> = {}) => call<S.SolutionJson>('POST', p`/incidents/${id}/solutions/${sid}/approve`, { body }),
			progress: (id: string, sid: string, body: Body<typeof S.ProgressRequest>) => call<S.SolutionJson>('POST', p`/incidents/${id}/solutions/${sid}/progress`, { body }),
			qualityCheck: (id: string, sid: string, body: Body<typeof S.QualityCheckRequest>) => call<S.SolutionJson>('POST', p`/incidents/${id}/solutions/${sid}/quality-check`, { body })
		},

		satisfaction: (id: string) => get<S.SatisfactionJson>(p`/incidents/${id}/satisfaction`),
		followUps: {
			done: (id: string, fid: string, body: Body<typeof S.FollowUpDoneRequest>) => call<S.SatisfactionChangedJson>('POST', p`/incidents/${id}/follow-ups/${fid}/done`, { body })
		},

		postmortem: {
			get: (id: string) => get<S.PostmortemJson>(p`/incidents/${id}/postmortem`),
			/** 409 `version_conflict` (details.current) when `version` is stale. */
			save: (id: string, body: Body<typeof S.PostmortemRequest>) => call<WithIncident<S.PostmortemJson>>('PUT', p`/incidents/${id}/postmortem`, { body })
		},
		improvements: {
			list: (id: string) => get<Items<S.ImprovementJson>>(p`/incidents/${id}/improvements`),
			create: (id: string, body: Body<typeof S.ImprovementRequest>) => call<WithIncident<S.ImprovementJson>>('POST', p`/incidents/${id}/improvements`, { body })
		},

		documents: {
			/** 409 `conflict` until the incident is closed. */
			list: (id: string) => get<S.ArchiveListJson>(p`/incidents/${id}/documents`),
			/** A document (or `bundle`) as Markdown or HTML: a link to open, not JSON. */
			target: (id: string, kind: S.ArchiveKind | 'bundle', query?: Query<typeof S.ArchiveDocumentQuery>): ApiTarget => ({ method: 'GET', url: url(p`/incidents/${id}/documents/${kind}`, query) })
		}
	},

	search: (query: Query<typeof S.SearchQuery>) => get<Items<S.IncidentJson>>(p`/search`, query),

	improvements: {
		list: (query?: Query<typeof S.ImprovementsQuery>) => get<Items<S.ImprovementJson>>(p`/improvements`, query),
		update: (iid: string, body: Body<typeof S.ImprovementPatch>) => call<S.ImprovementJson>('PATCH', p`/improvements/${iid}`, { body })
	},

	resources: {
		list: (query?: Query<typeof S.ResourcesQuery>) => get<Items<S.ResourceJson>>(p`/resources`, query),
		create: (body: Body<typeof S.ResourceRequest>) => call<S.ResourceJson>('POST', p`/resources`, { body }),
		get: (rid: string) => get<S.ResourceJson>(p`/resources/${rid}`),
		update: (rid: string, body: Body<typeof S.ResourcePatchRequest>) => call<S.ResourceJson>('PATCH', p`/resources/${rid}`, { body }),
		/** 409 `insufficient_stock` (details.available, details.requested). */
		adjust: (rid: string, body: Body<typeof S.ResourceAdjustRequest>) => call<S.ResourceJson>('POST', p`/resources/${rid}/adjust`, { body })
	},
	compensationPolicies: {
		list: (query?: Query<typeof S.PoliciesQuery>) => get<Items<S.PolicyJson>>(p`/compensation-policies`, query),
		create: (body: Body<typeof S.PolicyRequest>) => call<S.PolicyJson>('POST', p`/compensation-policies`, { body }),
		update: (pid: string, body: Body<typeof S.PolicyPatchRequest>) => call<S.PolicyJson>('PATCH', p`/compensation-policies/${pid}`, { body })
	},
	emergencyContacts: {
		list: () => get<Items<S.ContactEntryJson>>(p`/emergency-contacts`),
		create: (body: Body<typeof S.ContactEntryRequest>) => call<S.ContactEntryJson>('POST', p`/emergency-contacts`, { body }),
		update: (ecid: string, body: Body<typeof S.ContactEntryPatchRequest>) => call<S.ContactEntryJson>('PATCH', p`/emergency-contacts/${ecid}`, { body }),
		remove: (ecid: string) => call<void>('DELETE', p`/emergency-contacts/${ecid}`)
	},

	metrics: {
		get: (query?: Query<typeof S.MetricsQuery>) => get<S.MetricsJson>(p`/metrics`, query),
		/** The same figures as CSV: a link to download. */
		csvTarget: (query?: Query<typeof S.MetricsQuery>): ApiTarget => ({ method: 'GET', url: url(p`/metrics`, { format: 'csv', ...query }) })
	},

	integrationTokens: {
		list: () => get<Items<S.IntegrationTokenJson>>(p`/integration-tokens`),
		/** The secret is in this answer only. */
		create: (body: Body<typeof S.IntegrationTokenRequest>) => call<S.IntegrationTokenJson & { token: string }>('POST', p`/integration-tokens`, { body }),
		revoke: (tid: string) => call<S.IntegrationTokenJson>('DELETE', p`/integration-tokens/${tid}`)
	},
	webhooks: {
		list: () => get<Items<S.WebhookJson>>(p`/webhooks`),
		create: (body: Body<typeof S.CreateWebhookRequest>) => call<S.WebhookJson>('POST', p`/webhooks`, { body }),
		get: (wid: string) => get<S.WebhookJson>(p`/webhooks/${wid}`),
		update: (wid: string, body: Body<typeof S.PatchWebhookRequest>) => call<S.WebhookJson>('PATCH', p`/webhooks/${wid}`, { body }),
		remove: (wid: string) => call<void>('DELETE', p`/webhooks/${wid}`),
		deliveries: (wid: string, query?: Query<typeof S.WebhookDeliveriesQuery>) => get<Items<S.WebhookDeliveryJson>>(p`/webhooks/${wid}/deliveries`, query),
		test: (wid: string) => call<S.WebhookDeliveryJson>('POST', p`/webhooks/${wid}/test`),
		redeliver: (wid: string, did: string) => call<S.WebhookDeliveryJson>('POST', p`/webhooks/${wid}/deliveries/${did}/redeliver`)
	},

	/** A wall screen trades its token for a display cookie. */
	displaySession: (body: Body<typeof S.DisplaySessionRequest>) => call<{ ok: true; label: string }>('POST', p`/display-session`, { body })
};
