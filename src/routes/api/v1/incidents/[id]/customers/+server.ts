import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readQuery } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { AddCustomersQuery, ListCustomersQuery } from '$lib/api/schemas';
import { ServiceError } from '$lib/server/errors';
import { readCustomerCsv } from '$lib/server/services/customer-import';

/** The body as rows: a JSON array, or CSV (UTF-8 or GBK as Excel writes it, up to WARROOM_CSV_LIMIT_BYTES). */
async function readRows(request: Request, csvLimitBytes: number): Promise<unknown[]> {
	const type = (request.headers.get('content-type') ?? '').toLowerCase();
	if (type.includes('text/csv') || type.includes('application/csv')) return readCustomerCsv(request, csvLimitBytes);
	if (!type.includes('application/json')) {
		throw new ServiceError('invalid_input', 'Send a JSON array of customers (application/json) or a CSV file (text/csv)', [{ row: 0, field: '(body)', message: 'unsupported content type' }]);
	}
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		throw new ServiceError('invalid_input', 'The body is not valid JSON', [{ row: 0, field: '(body)', message: 'malformed JSON' }]);
	}
	if (!Array.isArray(body)) throw new ServiceError('invalid_input', 'Send a JSON array of customers, e.g. [{"name": "…", "phone": "…"}]', [{ row: 0, field: '(body)', message: 'expected an array' }]);
	return body;
}

export const POST: RequestHandler = api(async ({ request, locals, params, url }) => {
	const p = requireUser(locals.principal, 'update');
	const { validRowsOnly } = readQuery(url, AddCustomersQuery);
	const rows = await readRows(request, locals.app.config.csvLimitBytes);
	const result = await locals.app.customers.add(p.user, params.id, rows, { validRowsOnly }, locals.lang);
	return json({ created: result.created, items: result.items, skipped: result.skipped, incident: result.incident }, { status: 201 });
});

export const GET: RequestHandler = api(async ({ locals, params, url }) => {
	requireUser(locals.principal, 'read');
	return json(await locals.app.customers.page(params.id, readQuery(url, ListCustomersQuery)));
});
