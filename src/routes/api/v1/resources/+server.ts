import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson, readQuery } from '$lib/server/http';
import { requirePermission, requireUser } from '$lib/server/auth/principal';
import { ResourceRequest, ResourcesQuery } from '$lib/api/schemas';

/** Backup resources with stock; display screens may read them (stock alarms, no personal data). */
export const GET: RequestHandler = api(async ({ url, locals }) => {
	requirePermission(locals.principal, 'read');
	return json({ items: await locals.app.resources.list(readQuery(url, ResourcesQuery)) });
});

export const POST: RequestHandler = api(async ({ request, locals }) => {
	requireUser(locals.principal, 'manage_resources');
	return json(await locals.app.resources.create(await readJson(request, ResourceRequest)), { status: 201 });
});
