import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { DisplayTokenRequest } from '$lib/api/schemas';
import { requireUser } from '$lib/server/auth/principal';

/** Display links (admin or lead): label, created, by whom, last seen, revoked; never the secrets. */
export const GET: RequestHandler = api(async ({ locals }) => {
	requireUser(locals.principal, 'create_display_token');
	return json({ items: await locals.app.accounts.listDisplayTokens() });
});

/** A long-lived, read-only token for a wall screen; the URL carries it in the fragment, never sent to servers or logs. */
export const POST: RequestHandler = api(async ({ request, locals, url }) => {
	const p = requireUser(locals.principal, 'create_display_token');
	const body = await readJson(request, DisplayTokenRequest);
	const issued = await locals.app.accounts.issue('display', { label: body.label, createdBy: p.user.id });
	const origin = locals.app.config.origin ?? url.origin;
	return json({ id: issued.id, token: issued.token, url: `${origin}/display#token=${issued.token}` }, { status: 201 });
});
