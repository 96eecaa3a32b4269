import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { ContactEntryRequest } from '$lib/api/schemas';

/** The emergency contact list (应急联络清单): department heads, suppliers, third parties. Not for display screens. */
export const GET: RequestHandler = api(async ({ locals }) => {
	requireUser(locals.principal, 'read');
	return json({ items: await locals.app.resources.listContacts() });
});

export const POST: RequestHandler = api(async ({ request, locals }) => {
	requireUser(locals.principal, 'manage_resources');
	return json(await locals.app.resources.createContact(await readJson(request, ContactEntryRequest)), { status: 201 });
});
