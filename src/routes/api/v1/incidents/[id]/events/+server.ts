import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readQuery } from '$lib/server/http';
import { EventsQuery } from '$lib/api/schemas';
import { requirePermission } from '$lib/server/auth/principal';
import { redactForDisplay } from '$lib/realtime/events';

export const GET: RequestHandler = api(async ({ locals, params, url }) => {
	const p = requirePermission(locals.principal, 'read');
	const { after } = readQuery(url, EventsQuery);
	const items = await locals.app.incidents.events(params.id, after);
	return json({ items: p.kind === 'display' ? items.map(redactForDisplay) : items });
});
