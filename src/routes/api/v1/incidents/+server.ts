import { json } from '@sveltejs/kit';
import { api, readJson, readQuery } from '$lib/server/http';
import { DeclareIncidentRequest, ListIncidentsQuery } from '$lib/api/schemas';
import { requirePermission, requireUser } from '$lib/server/auth/principal';

export const GET = api(async ({ locals, url }) => {
	requirePermission(locals.principal, 'read');
	const query = readQuery(url, ListIncidentsQuery);
	return json({ items: await locals.app.incidents.list(query, locals.lang) });
});

export const POST = api(async ({ request, locals }) => {
	const p = requireUser(locals.principal, 'declare');
	const body = await readJson(request, DeclareIncidentRequest);
	const incident = await locals.app.incidents.declare(p.user, body);
	return json(incident, { status: 201, headers: { location: `/api/v1/incidents/${incident.id}` } });
});
