// The OpenAPI 3.1 document of the HTTP API, generated from the same zod schemas the routes validate
// with. Library: zod-openapi (maintained, built on zod v4's own JSON Schema conversion and `.meta()`,
// plain-object path table, no registry or monkey patching); @asteasolutions/zod-to-openapi would need
// a registerPath call per route, and bare z.toJSONSchema would leave parameters, components and refs to us.
//
// Adding an endpoint is one entry in ROUTES ('METHOD /path' → Op); tests/unit/openapi.test.ts fails
// when a route file under src/routes/api/v1 and this table disagree.
import { z } from 'zod';
import { createDocument, type ZodOpenApiContentObject, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import * as S from '$lib/api/schemas';
import { Cause, Customer, Improvement, Incident, IncidentEventSchema, Postmortem, Resource, User, listOf, pageOf } from '$lib/api/responses';
import { ReviewEditingPayload, SubscribePayload } from '$lib/realtime/events';
import { ERROR_STATUS, type ErrorCode } from './errors';
import { SUMMARY_ZH, TAG_ZH } from './openapi-zh';
import { WALL_DISPLAY, conditionOf, mayAttempt, rolesFor, type Action } from '$lib/domain/permissions';
import { EVIDENCE_TYPES } from '$lib/domain/evidence';
import type { Role } from '$lib/api/schemas';

export const TAGS = {
	Incidents: 'Declaring, listing and changing incidents; the event log; search',
	Customers: 'Affected customers (客户问题信息表), contacts and evidence files',
	Response: 'The response group (应急小组): seats and duties',
	Measures: 'Temporary measures (临时措施)',
	Resolution: 'Cause analysis and solutions (问题解决)',
	'Follow-up': 'Surveys, confirmations, satisfaction and re-follow-ups (后续跟进)',
	Review: 'The 5W1H post-mortem and improvement measures (复盘)',
	Archive: 'The seven archive documents of a closed incident (记录归档)',
	Resources: 'Backup resources, compensation policies, emergency contacts (工具与资源)',
	Metrics: 'Period metrics (数据驱动优化)',
	Accounts: 'Tokens, the current user, users',
	Integrations: 'Integration tokens, inbound alerts, outbound webhooks',
	Display: 'Wall-display tokens and sessions',
	Realtime: 'Clock correction; the socket.io contract is in `x-realtime` and the description above',
	System: 'Health, readiness and this document'
} as const;
type Tag = keyof typeof TAGS;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Op {
	tag: Tag;
	summary: string;
	description?: string;
	/** A zod request schema (sent as application/json), or a full request body object. */
	body?: z.ZodType | NonNullable<ZodOpenApiOperationObject['requestBody']>;
	query?: z.ZodObject;
	/** Success status: 200 unless given. */
	status?: 200 | 201 | 204;
	/** Success body: a zod schema (JSON), a description of an untyped JSON object, other content, or null (no body). */
	res: z.ZodType | string | { content: ZodOpenApiContentObject; description: string } | null;
	/** Which 409 codes the operation answers, if any. */
	conflict?: string;
	/** Further error statuses beyond the ones derived from the entry (400, 401, 403, 404, 413, 429). */
	more?: (415 | 503)[];
	/** Who may call it: published as `x-warroom-access`; tests/integration/security-matrix.test.ts holds the server to it. */
	access: Access;
}

/**
 * Who may call an operation. Integration tokens act with their one role, so `roles` covers them.
 * A caller outside it gets 401 (no or bad credentials) or 403 (signed in, not allowed) and changes nothing.
 */
export interface Access {
	/** Callable without credentials. */
	anonymous: boolean;
	/** Callable with a wall-display token (bearer) or display cookie (GET only): read-only, no personal data. */
	display: boolean;
	/** The user roles that pass the operation's role check. */
	roles: Role[];
	/** A rule on the object on top of the role (group, seat holder, level); a caller with a listed role who fails it gets 403. */
	condition?: string;
}

const anyone: Access = { anonymous: true, display: true, roles: [...S.ROLES] };
/**
 * Who may call an operation whose route gates on `action` and whose service then checks the object
 * rules of `action` and of `objectRules`: derived from src/lib/domain/permissions.ts, the rules the
 * server runs. No displays unless the action is one a display may do and `display` says so.
 */
const allow = (action: Action, ...objectRules: Action[]): Access => {
	const conditions = [action, ...objectRules].map((a) => conditionOf(a)?.en).filter((c): c is string => !!c);
	return { anonymous: false, display: false, roles: rolesFor(action), ...(conditions.length ? { condition: conditions.join('; ') } : {}) };
};
/** Every signed-in person or token, not displays (customer lists, search, documents). */
const people = allow('read');
/** Everyone signed in, wall displays included (they get personal data removed). */
const readers: Access = { ...people, display: mayAttempt(WALL_DISPLAY, 'read') };
/** Customer personal data: customer-service members and leads (PRODUCT.md §7). */
const personalData = allow('read_personal_data');

// ---- shared pieces ----

const ApiError = z
	.object({
		error: z.object({
			code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
			message: z.string().meta({ description: 'Human-readable, in the caller’s language where translated' }),
			details: z.unknown().optional().meta({
				description:
					'400: [{field, message}] (customer rows add `row`); 409 version_conflict: {current}; gate_not_met: {unmet, conditions [{key, en, zh}]}; conflict: e.g. {determinedLevel}; insufficient_stock: {available, requested}; 429: {retryAfterSeconds}'
			})
		})
	})
	.meta({ id: 'ApiError', description: 'The one error envelope of every API error' });
const { FieldError } = S;

const errorResponse = (id: string, description: string, code: ErrorCode, details?: unknown, headers?: ZodOpenApiResponseObject['headers']): ZodOpenApiResponseObject => ({
	id,
	description,
	headers,
	content: { 'application/json': { schema: ApiError, example: { error: { code, message: description, ...(details ? { details } : {}) } } } }
});
const ERRORS = {
	400: errorResponse('InvalidInput', 'Invalid input; `details` lists each bad field (FieldError)', 'invalid_input', [{ field: 'title', message: 'required' }]),
	401: errorResponse('Unauthorized', 'No or bad credentials', 'unauthorized'),
	403: errorResponse('Forbidden', 'Not allowed for this user or token', 'forbidden'),
	404: errorResponse('NotFound', 'No such resource', 'not_found'),
	409: errorResponse('Conflict', 'Version conflict, gate not met or another conflict (see the operation)', 'version_conflict', { current: {} }),
	413: errorResponse('TooLarge', 'The request body is too large', 'too_large'),
	415: errorResponse('UnsupportedMediaType', 'Unsupported content', 'unsupported_media_type'),
	429: errorResponse(
		'RateLimited',
		'Rate limited; retry after the given seconds',
		'rate_limited',
		{ retryAfterSeconds: 30 },
		z.object({ 'Retry-After': z.string().meta({ description: 'Seconds to wait' }) })
	),
	503: errorResponse('Unavailable', 'The server or its database is not available', 'unavailable')
} as const;

const obj = (description: string) => z.looseObject({}).meta({ description });
const { withIncident } = S;
const idParam = (what: string) => z.string().meta({ description: `${what} id` });
/** Path parameters by name, as in docs/api.md. */
const PARAMS: Record<string, z.ZodType> = {
	id: idParam('Incident'),
	cid: idParam('Customer'),
	eid: idParam('Evidence file'),
	sid: idParam('Solution'),
	fid: idParam('Follow-up task'),
	iid: idParam('Improvement'),
	rid: idParam('Resource'),
	pid: idParam('Compensation policy'),
	ecid: idParam('Emergency contact'),
	uid: idParam('User'),
	tid: idParam('Integration token'),
	wid: idParam('Webhook'),
	did: idParam('Webhook delivery'),
	seat: z.enum(['leader', ...S.GROUPS]).meta({ description: 'Seat: `leader` or a group' }),
	version: z
		.string()
		.regex(/^[1-9]\d*$/)
		.meta({ description: 'Version of the published response notice: 1, 2, …' }),
	group: z.enum(S.GROUPS),
	item: z.string().regex(/^\d+$/).meta({ description: 'Duty number within the group’s checklist' }),
	kind: z.enum([...S.ARCHIVE_KINDS, 'bundle']).meta({ description: 'Archive document, or `bundle` for all seven' })
};
const text = (...types: string[]) => Object.fromEntries(types.map((t) => [t, { schema: z.string() }]));
const file = (description: string, ...types: string[]) => ({ description, content: Object.fromEntries(types.map((t) => [t, { schema: z.string().meta({ contentMediaType: t }) }])) });
const { ResponseGroup, Measure, Solution, Policy, EmergencyContact, Evidence } = S;
const Satisfaction = S.SatisfactionChanged;

// ---- the path table: every endpoint, one entry each ----

const I = '/api/v1/incidents/{id}';
const C = `${I}/customers/{cid}`;
export const ROUTES: Record<`${Method} /${string}`, Op> = {
	'GET /healthz': { tag: 'System', access: anyone, summary: 'Liveness', res: z.object({ ok: z.literal(true) }) },
	'GET /readyz': { tag: 'System', access: anyone, summary: 'Readiness (the database answers)', res: z.object({ ok: z.boolean(), database: z.string() }), more: [503] },
	'GET /api/v1/openapi.json': { tag: 'System', access: anyone, summary: 'This OpenAPI 3.1 document', res: obj('OpenAPI 3.1 document') },
	'GET /api/v1/time': { tag: 'Realtime', access: anyone, summary: 'Server time, for clock correction', res: z.object({ now: z.string().meta({ format: 'date-time' }) }) },

	'POST /api/v1/auth/token': {
		tag: 'Accounts',
		access: anyone,
		summary: 'Exchange e-mail and password for a bearer token',
		body: S.TokenRequest,
		status: 201,
		res: z.object({ token: z.string(), expiresAt: z.string().nullable() })
	},
	'DELETE /api/v1/auth/token': {
		tag: 'Accounts',
		access: { ...people, condition: 'the bearer token of this request only (a browser session signs out at /logout)' },
		summary: 'Revoke the bearer token of this request (its sockets are cut)',
		status: 204,
		res: null
	},
	'GET /api/v1/me': {
		tag: 'Accounts',
		access: readers,
		summary: 'The current user (or display)',
		res: z.union([User.pick({ id: true, email: true, name: true, roles: true, groups: true }).extend({ kind: z.literal('user') }), z.object({ kind: z.literal('display'), label: z.string() })])
	},
	'GET /api/v1/me/tasks': {
		tag: 'Accounts',
		access: people,
		summary: 'My open work across incidents: seats, contacts, duties, commitments',
		description: 'Seats are listed only for incidents in a live phase (initiation, containment, resolution).',
		res: S.Tasks
	},
	'GET /api/v1/users': { tag: 'Accounts', access: allow('manage_users'), summary: 'List users (admin)', res: listOf(User) },
	'POST /api/v1/users': { tag: 'Accounts', access: allow('manage_users'), summary: 'Create a user (admin)', body: S.CreateUserRequest, status: 201, res: User, conflict: 'conflict (e-mail taken)' },
	'PATCH /api/v1/users/{uid}': {
		tag: 'Accounts',
		access: allow('manage_users'),
		summary: 'Change a user’s name, roles, groups or disabled flag (admin)',
		description:
			'A change of roles, groups or disabled disconnects all of the user’s sockets at once (they reconnect with the new identity; a disabled user is refused). Disabling revokes every session and token of the user.',
		body: S.PatchUserRequest,
		res: User,
		conflict: 'conflict (it would leave no active admin)'
	},

	'POST /api/v1/display-tokens': {
		tag: 'Display',
		access: allow('create_display_token'),
		summary: 'Create a wall-display token (admin or lead)',
		body: S.DisplayTokenRequest,
		status: 201,
		res: z.object({ id: z.string(), token: z.string(), url: z.string() })
	},
	'GET /api/v1/display-tokens': {
		tag: 'Display',
		access: allow('create_display_token'),
		summary: 'List wall-display links with label, creator, created and last seen (admin or lead; no secrets)',
		res: listOf(S.DisplayToken)
	},
	'DELETE /api/v1/display-tokens/{dtid}': {
		tag: 'Display',
		access: allow('create_display_token'),
		summary: 'Revoke a wall-display link: 401 from its next request, its sockets cut at once (admin or lead)',
		res: S.DisplayToken
	},
	'POST /api/v1/display-session': {
		tag: 'Display',
		access: anyone,
		summary: 'Trade a display token for an httpOnly display cookie',
		body: S.DisplaySessionRequest,
		res: z.object({ ok: z.literal(true), label: z.string() })
	},

	'GET /api/v1/incidents': { tag: 'Incidents', access: readers, summary: 'List incidents (all but closed unless `phase` is given)', query: S.ListIncidentsQuery, res: listOf(Incident) },
	'POST /api/v1/incidents': {
		tag: 'Incidents',
		access: allow('declare'),
		summary: 'Declare an incident; the level follows from the inputs',
		description: '`identifiedAt` more than 5 minutes ahead of the server’s clock is a 400 naming it and its value (`code: "future"`).',
		body: S.DeclareIncidentRequest,
		status: 201,
		res: Incident
	},
	[`GET ${I}`]: { tag: 'Incidents', access: readers, summary: 'Get an incident', res: Incident },
	[`PATCH ${I}`]: {
		tag: 'Incidents',
		access: allow('update'),
		summary: 'Change an incident (with its current version); inputs may escalate the level',
		description: 'A new `identifiedAt` more than 5 minutes ahead of the server’s clock is a 400 naming it and its value (`code: "future"`).',
		body: S.PatchIncidentRequest,
		res: Incident,
		conflict: 'version_conflict with details.current'
	},
	[`POST ${I}/level`]: {
		tag: 'Incidents',
		access: allow('set_level', 'lower_level'),
		summary: 'Set the level by hand, with a reason',
		body: S.SetLevelRequest,
		res: Incident,
		conflict: 'conflict with details.determinedLevel (lowering below the inputs without override)'
	},
	[`POST ${I}/phase`]: {
		tag: 'Incidents',
		access: allow('set_phase', 'override_gate'),
		summary: 'Move to the next phase (a lead may override an unmet gate)',
		body: S.PhaseRequest,
		res: Incident,
		conflict: 'gate_not_met with details.unmet (strings in the caller’s language) and details.conditions [{key, en, zh}]: every unmet condition of the gate'
	},
	[`GET ${I}/phase`]: {
		tag: 'Incidents',
		access: readers,
		summary: 'The phase, the next one and the checklist of its gate (what the move still waits for)',
		res: S.PhaseStatus
	},
	[`GET ${I}/events`]: { tag: 'Incidents', access: readers, summary: 'The event log after a seq, in seq order', query: S.EventsQuery, res: listOf(IncidentEventSchema) },
	'GET /api/v1/search': {
		tag: 'Incidents',
		access: people,
		summary: 'Search incidents, closed ones included, newest first; paged (`limit`, `offset`) with `total`',
		description: '`total` counts every match; `limit` defaults to 50 (the page size before paging), at most 200. 搜索事件（包括已归档事件），按识别时间倒序；分页，`total` 为全部匹配数。',
		query: S.SearchQuery,
		res: pageOf(Incident)
	},

	'GET /api/v1/customers/template.csv': {
		tag: 'Customers',
		access: people,
		summary: 'The customer CSV template: the Chinese column titles (客户问题信息表), UTF-8 with a BOM for Excel',
		res: file('CSV header row: 姓名, 联系电话, 邮箱, …', 'text/csv')
	},
	[`GET ${I}/customers`]: {
		tag: 'Customers',
		access: people,
		summary: 'List affected customers: all by position, or a page (`limit`, `offset`) sorted by `urgency`; with the total and the counts by status',
		query: S.ListCustomersQuery,
		res: S.CustomerList
	},
	[`POST ${I}/customers`]: {
		tag: 'Customers',
		access: allow('update'),
		summary: 'Add affected customers: a JSON array or a CSV file, up to 10,000 rows',
		description:
			'Any invalid row → 400 with details [{row, field, message}] and nothing inserted, unless `validRowsOnly=true`. A CSV body is at most WARROOM_CSV_LIMIT_BYTES (default 8 MB) → 413 `too_large` with details {limitBytes, maxRows} (at once for a larger Content-Length, while streaming for a chunked body); reading stops at the 10,001st row → 413 with details {maxRows}. One encoding per file (UTF-8 throughout, BOM allowed, or GB18030/GBK throughout): a file mixing them → 400 with details [{row, line, field: "(csv)", code: "mixed_encoding"}].',
		query: S.AddCustomersQuery,
		body: { required: true, content: { 'application/json': { schema: z.array(S.CustomerInput).max(S.MAX_CUSTOMERS_PER_REQUEST) }, ...text('text/csv') } },
		status: 201,
		res: S.CustomersAdded
	},
	[`GET ${C}`]: { tag: 'Customers', access: people, summary: 'A customer with their contact history', res: S.CustomerDetail },
	[`POST ${C}/contacts`]: {
		tag: 'Customers',
		access: allow('update'),
		summary: 'Record a contact attempt (the first reach meets the deadline; a failed attempt leaves it running)',
		body: S.ContactRequest,
		status: 201,
		res: S.ContactRecorded
	},
	[`POST ${C}/unreachable`]: {
		tag: 'Customers',
		access: allow('decide_unreachable'),
		summary: 'Decide that the customer cannot be reached, with a reason (after enough failed attempts on enough channels)',
		body: S.UnreachableRequest,
		res: withIncident(Customer),
		conflict: 'gate_not_met with details.unmet and details.conditions (too_few_attempts, too_few_channels); conflict when already reached or decided'
	},
	[`POST ${C}/contacts/{contactId}/close`]: {
		tag: 'Customers',
		access: allow('close_commitment'),
		summary: 'Close a contact’s open commitment with a note (its author or a lead); event commitment.closed',
		description: 'A later contact that reaches the customer closes their open commitments by itself. 409 when the contact made no commitment or it is already closed.',
		body: S.CloseCommitmentRequest,
		res: S.CommitmentClosed
	},
	[`POST ${C}/reveal`]: { tag: 'Customers', access: personalData, summary: 'The customer unmasked (leads and customer service; audited)', res: Customer },
	[`POST ${C}/authorization`]: {
		tag: 'Customers',
		access: allow('update'),
		summary: 'Record the customer’s authorisation to keep evidence',
		body: S.AuthorizationRequest,
		res: withIncident(Customer)
	},
	[`GET ${C}/evidence`]: { tag: 'Customers', access: people, summary: 'List a customer’s evidence files', res: listOf(Evidence) },
	[`POST ${C}/evidence`]: {
		tag: 'Customers',
		access: allow('update'),
		summary: 'Upload an evidence file (JPEG, PNG or PDF, ≤ 20 MB) as the raw body',
		query: z.object({ fileName: z.string().optional() }),
		body: { required: true, ...file('The file', ...EVIDENCE_TYPES) },
		status: 201,
		res: Evidence,
		conflict: 'authorization_required',
		more: [415]
	},
	[`GET ${C}/evidence/{eid}`]: {
		tag: 'Customers',
		access: personalData,
		summary: 'Download an evidence file (attachment named by its detected type; audited)',
		res: file('The file', ...EVIDENCE_TYPES),
		conflict: 'conflict (the incident is closed and read-only)'
	},

	[`GET ${I}/response`]: { tag: 'Response', access: readers, summary: 'The response group: seats, duties, notice', res: ResponseGroup },
	[`PUT ${I}/response/seats/{seat}`]: {
		tag: 'Response',
		access: allow('assign_seat'),
		summary: 'Fill or empty a seat',
		description:
			'Only a user who may acknowledge the seat may hold it: a viewer, a disabled account or a user outside the seat’s group is a 400 naming `userId` and its value (`code: "cannot_hold_seat"`).',
		body: S.AssignSeatRequest,
		res: ResponseGroup
	},
	[`POST ${I}/response/seats/{seat}/acknowledge`]: {
		tag: 'Response',
		access: allow('acknowledge_seat'),
		summary: 'The seat holder confirms (“I’m on it”)',
		res: ResponseGroup
	},
	[`POST ${I}/response/notice`]: {
		tag: 'Response',
		access: allow('publish_notice'),
		summary: 'Publish the next version of the response notice (《应急响应通知》)',
		description:
			'Freezes the notice as it stands (code, level, leader, seats with holders, contact deadline, times in WARROOM_TIMEZONE) as version 1, 2, …; appends `response.notice_published`, which webhooks subscribed to it announce. Answers the response group with `published` (the new version).',
		status: 201,
		res: S.ResponseGroup.extend({ published: S.PublishedNotice })
	},
	[`POST ${I}/response/notice/{version}/read`]: {
		tag: 'Response',
		access: allow('read_notice'),
		summary: 'A seat holder marks a published version of the notice as read',
		res: ResponseGroup
	},
	[`PUT ${I}/response/duties/{group}/{item}`]: {
		tag: 'Response',
		access: allow('tick_duty'),
		summary: 'Tick or untick a duty of the group’s checklist',
		body: S.DutyCheckRequest,
		res: ResponseGroup
	},

	[`GET ${I}/measures`]: { tag: 'Measures', access: readers, summary: 'List temporary measures', res: listOf(Measure) },
	[`POST ${I}/measures`]: {
		tag: 'Measures',
		access: allow('update'),
		summary: 'Take a temporary measure (may draw stock)',
		body: S.MeasureRequest,
		status: 201,
		res: Measure,
		conflict: 'insufficient_stock with details {available, requested}'
	},

	[`GET ${I}/cause`]: { tag: 'Resolution', access: readers, summary: 'The cause analysis', res: Cause },
	[`PUT ${I}/cause`]: {
		tag: 'Resolution',
		access: allow('analyse_cause'),
		summary: 'Save the cause analysis (with its version)',
		body: S.CauseRequest,
		res: withIncident(Cause),
		conflict: 'version_conflict with details.current'
	},
	[`GET ${I}/solutions`]: { tag: 'Resolution', access: readers, summary: 'List solutions', res: listOf(Solution) },
	[`POST ${I}/solutions`]: { tag: 'Resolution', access: allow('update'), summary: 'Propose a solution (pending approval)', body: S.SolutionRequest, status: 201, res: Solution },
	[`POST ${I}/solutions/{sid}/approve`]: {
		tag: 'Resolution',
		access: allow('approve_solution'),
		summary: 'Approve (or reject) a solution: the approver the level requires',
		body: { required: false, content: { 'application/json': { schema: S.ApproveRequest } } },
		res: Solution,
		conflict: 'conflict (already decided)'
	},
	[`POST ${I}/solutions/{sid}/progress`]: {
		tag: 'Resolution',
		access: allow('update'),
		summary: 'Report progress on an approved solution',
		body: S.ProgressRequest,
		res: Solution,
		conflict: 'conflict (not approved)'
	},
	[`POST ${I}/solutions/{sid}/quality-check`]: {
		tag: 'Resolution',
		access: allow('quality_check'),
		summary: 'Quality check of a done solution',
		body: S.QualityCheckRequest,
		res: Solution,
		conflict: 'conflict (not done, or already passed)'
	},

	[`POST ${C}/survey`]: {
		tag: 'Follow-up',
		access: allow('update'),
		summary: 'Record a satisfaction survey (from the resolution phase on)',
		body: S.SurveyRequest,
		status: 201,
		res: Satisfaction,
		conflict: 'conflict (too early)'
	},
	[`POST ${C}/confirmation`]: {
		tag: 'Follow-up',
		access: allow('update'),
		summary: 'Record the resolution confirmation (问题解决确认单)',
		body: S.ConfirmationRequest,
		status: 201,
		res: Satisfaction
	},
	[`POST ${C}/confirmation-waiver`]: {
		tag: 'Follow-up',
		access: allow('waive_confirmation'),
		summary: 'Record why a reached customer gives no confirmation of the fix (the follow-up gate accepts it)',
		body: S.ConfirmationWaiverRequest,
		status: 201,
		res: Satisfaction,
		conflict: 'conflict (the customer has not been reached)'
	},
	[`GET ${I}/satisfaction`]: {
		tag: 'Follow-up',
		access: readers,
		summary: 'Satisfaction rate, confirmations and re-follow-up tasks',
		res: S.Satisfaction
	},
	[`POST ${I}/follow-ups/{fid}/done`]: { tag: 'Follow-up', access: allow('update'), summary: 'Complete a re-follow-up task', body: S.FollowUpDoneRequest, res: Satisfaction },

	[`GET ${I}/postmortem`]: { tag: 'Review', access: readers, summary: 'The 5W1H post-mortem (When from the event log)', res: Postmortem },
	[`PUT ${I}/postmortem`]: {
		tag: 'Review',
		access: allow('update'),
		summary: 'Save the post-mortem fields you changed, with its version',
		body: S.PostmortemRequest,
		res: withIncident(Postmortem),
		conflict: 'version_conflict with details.current'
	},
	[`GET ${I}/improvements`]: { tag: 'Review', access: readers, summary: 'An incident’s improvement measures', res: listOf(Improvement) },
	[`POST ${I}/improvements`]: { tag: 'Review', access: allow('update'), summary: 'Add an improvement measure', body: S.ImprovementRequest, status: 201, res: withIncident(Improvement) },
	'GET /api/v1/improvements': {
		tag: 'Review',
		access: people,
		summary: 'Improvement measures across incidents, unfinished first then by due time; paged with `total` and `counts`',
		description:
			'`total` counts every measure the filters match; `counts` gives the measures by status and the overdue ones across all incidents, whatever the filters (the numbers of the dashboard and the monthly report). `limit` defaults to 1,000, the most the list returned before it was paged. 跨事件的改进措施：未完成的在前，按截止时间排序；分页，`total` 为符合条件的总数，`counts` 为各状态及逾期数量。',
		query: S.ImprovementsQuery,
		res: S.ImprovementsPage
	},
	'PATCH /api/v1/improvements/{iid}': { tag: 'Review', access: allow('update'), summary: 'Set an improvement’s status (also after close)', body: S.ImprovementPatch, res: Improvement },

	[`GET ${I}/documents`]: {
		tag: 'Archive',
		access: people,
		summary: 'The seven archive documents (after close)',
		res: S.ArchiveList,
		conflict: 'conflict (not closed yet)'
	},
	[`GET ${I}/documents/{kind}`]: {
		tag: 'Archive',
		access: people,
		summary: 'One archive document, or the bundle, as Markdown or HTML',
		query: S.ArchiveDocumentQuery,
		res: { description: 'The document', content: text('text/markdown', 'text/html') },
		conflict: 'conflict (not closed yet)'
	},

	'GET /api/v1/resources': { tag: 'Resources', access: readers, summary: 'List backup resources', query: S.ResourcesQuery, res: listOf(Resource) },
	'POST /api/v1/resources': { tag: 'Resources', access: allow('manage_resources'), summary: 'Add a resource (admin)', body: S.ResourceRequest, status: 201, res: Resource },
	'GET /api/v1/resources/{rid}': { tag: 'Resources', access: readers, summary: 'Get a resource', res: Resource },
	'PATCH /api/v1/resources/{rid}': {
		tag: 'Resources',
		access: allow('manage_resources'),
		summary: 'Change a resource (admin; not its stock)',
		body: S.ResourcePatchRequest,
		res: Resource,
		conflict: 'version_conflict with details.current'
	},
	'POST /api/v1/resources/{rid}/adjust': {
		tag: 'Resources',
		access: allow('adjust_stock'),
		summary: 'Adjust stock by a delta, with a reason',
		body: S.ResourceAdjustRequest,
		res: Resource,
		conflict: 'insufficient_stock with details {available, requested}'
	},
	'GET /api/v1/compensation-policies': { tag: 'Resources', access: people, summary: 'List compensation policies', query: S.PoliciesQuery, res: listOf(Policy) },
	'POST /api/v1/compensation-policies': { tag: 'Resources', access: allow('manage_resources'), summary: 'Add a compensation policy (admin)', body: S.PolicyRequest, status: 201, res: Policy },
	'PATCH /api/v1/compensation-policies/{pid}': { tag: 'Resources', access: allow('manage_resources'), summary: 'Change a compensation policy (admin)', body: S.PolicyPatchRequest, res: Policy },
	'GET /api/v1/emergency-contacts': { tag: 'Resources', access: people, summary: 'The emergency contact list', res: listOf(EmergencyContact) },
	'POST /api/v1/emergency-contacts': {
		tag: 'Resources',
		access: allow('manage_resources'),
		summary: 'Add an emergency contact (admin)',
		body: S.ContactEntryRequest,
		status: 201,
		res: EmergencyContact
	},
	'PATCH /api/v1/emergency-contacts/{ecid}': {
		tag: 'Resources',
		access: allow('manage_resources'),
		summary: 'Change an emergency contact (admin)',
		body: S.ContactEntryPatchRequest,
		res: EmergencyContact
	},
	'DELETE /api/v1/emergency-contacts/{ecid}': { tag: 'Resources', access: allow('manage_resources'), summary: 'Delete an emergency contact (admin)', status: 204, res: null },

	'GET /api/v1/integration-tokens': {
		tag: 'Integrations',
		access: allow('manage_users'),
		summary: 'List integration tokens with when each was last used (admin; no secrets)',
		res: listOf(S.IntegrationToken)
	},
	'POST /api/v1/integration-tokens': {
		tag: 'Integrations',
		access: allow('manage_users'),
		summary: 'Create a named integration token acting with a role (admin); the secret is in this answer only',
		body: S.IntegrationTokenRequest,
		status: 201,
		res: S.IntegrationToken.extend({ token: z.string().meta({ description: 'The secret, shown in this answer only' }) })
	},
	'DELETE /api/v1/integration-tokens/{tid}': {
		tag: 'Integrations',
		access: allow('manage_users'),
		summary: 'Revoke an integration token: 401 from its next request, its sockets cut at once (admin)',
		res: S.IntegrationToken
	},
	'POST /api/v1/inbound/alerts': {
		tag: 'Integrations',
		access: allow('declare'),
		summary: 'An alert from another system: 201 declares; the same system + externalId again (retries, repeats) updates that incident, 200',
		body: S.InboundAlertRequest,
		status: 201,
		res: Incident
	},
	'GET /api/v1/webhooks': { tag: 'Integrations', access: allow('manage_webhooks'), summary: 'List outbound webhooks (admin)', res: listOf(S.Webhook) },
	'POST /api/v1/webhooks': {
		tag: 'Integrations',
		access: allow('manage_webhooks'),
		summary: 'Create an outbound webhook (admin); the secret is never returned',
		description:
			'A `url` whose host is a literal loopback, private, link-local, unique-local or other non-public address is refused (400 naming `url`) unless the server sets `WARROOM_WEBHOOK_ALLOW_PRIVATE=true`; a host name is checked on the addresses it resolves to at each delivery (a refused delivery fails at once with `destination_refused`). 内网地址默认拒绝。',
		body: S.CreateWebhookRequest,
		status: 201,
		res: S.Webhook
	},
	'GET /api/v1/webhooks/{wid}': { tag: 'Integrations', access: allow('manage_webhooks'), summary: 'Get a webhook (admin)', res: S.Webhook },
	'PATCH /api/v1/webhooks/{wid}': {
		tag: 'Integrations',
		access: allow('manage_webhooks'),
		summary: 'Change a webhook (admin); `secret: null` removes the secret',
		description: 'A new `url` is checked as on create: a literal non-public address is refused (400 naming `url`) unless `WARROOM_WEBHOOK_ALLOW_PRIVATE=true`. 内网地址默认拒绝。',
		body: S.PatchWebhookRequest,
		res: S.Webhook
	},
	'DELETE /api/v1/webhooks/{wid}': { tag: 'Integrations', access: allow('manage_webhooks'), summary: 'Delete a webhook and its delivery log (admin)', status: 204, res: null },
	'GET /api/v1/webhooks/{wid}/deliveries': {
		tag: 'Integrations',
		access: allow('manage_webhooks'),
		summary: 'Deliveries with every attempt: status, latency, response excerpt (admin); newest first, paged with `total`',
		description: '`total` counts every delivery of the webhook (of `status`, when given). 推送记录，最新在前；分页，`total` 为总数。',
		query: S.WebhookDeliveriesQuery,
		res: pageOf(S.WebhookDelivery)
	},
	'POST /api/v1/webhooks/{wid}/test': {
		tag: 'Integrations',
		access: allow('manage_webhooks'),
		summary: 'Send a test message now, through the same queue (admin)',
		status: 201,
		res: S.WebhookDelivery
	},
	'POST /api/v1/webhooks/{wid}/deliveries/{did}/redeliver': {
		tag: 'Integrations',
		access: allow('manage_webhooks'),
		summary: 'Queue the same payload again as a new delivery (admin)',
		status: 201,
		res: S.WebhookDelivery
	},

	'GET /api/v1/metrics': {
		tag: 'Metrics',
		access: readers,
		summary: 'Metrics by month or quarter (JSON, or CSV with Accept: text/csv or format=csv)',
		query: S.MetricsQuery.extend({ format: z.enum(['csv']).optional() }),
		res: { description: 'Metrics', content: { 'application/json': { schema: S.Metrics }, ...text('text/csv') } }
	}
};

// ---- the realtime (socket.io) contract ----

const REALTIME = {
	path: '/socket.io',
	auth: 'Connect with `auth: {token}` (bearer or display token) or the browser session cookie; otherwise `connect_error` "unauthorized". A browser Origin other than the app’s is refused. Each message names who may send it in `access` (as `x-warroom-access` on operations); others get an error ack with code `forbidden`. Logging out, revoking a token, or an admin changing the account’s roles, groups or disabled flag disconnects its sockets at once; a message over 256 KB disconnects that socket.',
	clientToServer: {
		subscribe: {
			access: readers,
			payload: z.toJSONSchema(SubscribePayload),
			ack: '{ok: true, lastSeq?} | {ok: false, error: {code, message}}',
			description: '{incidentId, after?}: every event with seq > after, in order, then live ones; {scope: "dashboard"}: events of all open incidents and new declarations'
		},
		unsubscribe: { access: readers, payload: z.toJSONSchema(SubscribePayload), ack: '{ok}', description: 'Stop receiving an incident’s (or the dashboard’s) events' },
		'review.editing': {
			access: allow('update'),
			payload: z.toJSONSchema(ReviewEditingPayload),
			ack: '{ok} | {ok: false, error: {code: not_subscribed|forbidden|invalid_input}}',
			description: 'Review meeting: the post-mortem field this tab edits (null = stopped) and its unsaved text; repeat every 15 s'
		}
	},
	serverToClient: {
		event: { payload: { $ref: '#/components/schemas/Event' }, description: 'An incident event (personal data removed for displays)' },
		time: { payload: { type: 'object', properties: { now: { type: 'string', format: 'date-time' } } }, description: 'On connect, for clock correction' },
		presence: { payload: '{scope: "incident"|"warroom", incidentId?, users: [{id, name, connections}], displays}', description: 'Who is on the incident or in the war room now' },
		'review.editing': { payload: '{incidentId, socketId, user: {id, name}, field, text?, at}', description: 'Someone else is (no longer) editing a post-mortem field; forget editors silent for 40 s' },
		'resource.updated': { payload: { $ref: '#/components/schemas/Resource' }, description: 'A backup resource changed (dashboard and display subscribers)' }
	}
};

const DESCRIPTION = `Warroom: realtime command dashboard for after-sales service emergencies. Human-readable contract: docs/api.md; browsable reference: /api-docs.

JSON bodies, camelCase fields, ISO-8601 UTC times, opaque string ids. Every error is the ApiError envelope. No rejected request changes anything.

**Realtime** (socket.io on the same origin, path \`/socket.io\`; full contract in \`x-realtime\`): connect with \`auth: {token}\` or the session cookie; client → server \`subscribe\` {incidentId, after?} | {scope: "dashboard"}, \`unsubscribe\`, \`review.editing\`; server → client \`event\` (the Event schema, in seq order), \`time\` {now}, \`presence\`, \`review.editing\`, \`resource.updated\`.`;

// ---- building the document ----

const ok = (res: Op['res']): ZodOpenApiResponseObject => {
	if (res === null) return { description: 'No content' };
	if (typeof res === 'string') return { description: res, content: { 'application/json': { schema: obj(res) } } };
	if (res instanceof z.ZodType) return { description: 'OK', content: { 'application/json': { schema: res } } };
	return res;
};

function operation(method: Method, path: string, op: Op): ZodOpenApiOperationObject {
	const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
	const body = op.body instanceof z.ZodType ? { required: true, content: { 'application/json': { schema: op.body } } } : op.body;
	const codes = [
		...(body || op.query ? [400] : []),
		...(op.access.anonymous ? [] : [401, 403]),
		...(names.length ? [404] : []),
		...(op.conflict ? [409] : []),
		...(body ? [413] : []),
		...(op.more ?? []),
		429
	] as (keyof typeof ERRORS)[];
	return {
		operationId: `${method.toLowerCase()}${path
			.replace(/^\/api\/v1/, '')
			.replace(/\{(\w+)\}/g, 'By-$1')
			.replace(/[^a-zA-Z0-9]+(.)/g, (_, c: string) => c.toUpperCase())}`,
		tags: [op.tag],
		summary: op.summary,
		// the same summary in Chinese, shown on /api-docs when the UI is in Chinese
		'x-summary-zh': SUMMARY_ZH[`${method} ${path}`],
		description: [op.description, op.conflict && `409: ${op.conflict}.`].filter(Boolean).join(' ') || undefined,
		...(op.access.anonymous ? { security: [] } : {}),
		requestParams: {
			...(names.length ? { path: z.object(Object.fromEntries(names.map((n) => [n, PARAMS[n] ?? z.string()]))) } : {}),
			...(op.query ? { query: op.query } : {})
		},
		requestBody: body,
		responses: { [op.status ?? 200]: ok(op.res), ...Object.fromEntries(codes.map((c) => [c, ERRORS[c]])) },
		'x-warroom-access': op.access
	};
}

function build() {
	const paths: ZodOpenApiPathsObject = {};
	for (const [key, op] of Object.entries(ROUTES)) {
		const [method, path] = key.split(' ') as [Method, string];
		(paths[path] ??= {})[method.toLowerCase() as Lowercase<Method>] = operation(method, path, op);
	}
	return createDocument(
		{
			openapi: '3.1.0',
			info: { title: 'Warroom API', version: '1.0.0', description: DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
			servers: [{ url: '/' }],
			tags: Object.entries(TAGS).map(([name, description]) => ({ name, description, 'x-description-zh': TAG_ZH[name] })),
			security: [{ bearerAuth: [] }, { sessionCookie: [] }],
			paths,
			components: {
				schemas: { FieldError },
				securitySchemes: {
					bearerAuth: { type: 'http', scheme: 'bearer', description: 'A token from POST /api/v1/auth/token, or a display token (read-only, no personal data)' },
					sessionCookie: { type: 'apiKey', in: 'cookie', name: 'warroom_session', description: 'The web app’s session; writes also need a same-origin Origin header' },
					displayCookie: { type: 'apiKey', in: 'cookie', name: 'warroom_display', description: 'A wall screen’s cookie from POST /api/v1/display-session; GET only' }
				}
			},
			'x-realtime': REALTIME
		},
		{
			override: ({ jsonSchema, io }) => {
				// Responses are open: the contract allows new fields, so output objects do not forbid extra properties.
				if (io === 'output' && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
				// z.number().int() states the safe-integer range; it says nothing to a reader.
				if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
				if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
			}
		}
	);
}

let cached: ReturnType<typeof build> | undefined;
/** The document, built once per process. */
export const openApiDocument = () => (cached ??= build());
