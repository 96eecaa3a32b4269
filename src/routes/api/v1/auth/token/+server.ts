import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { TokenRequest } from '$lib/api/schemas';
import { forbidden, unauthorized } from '$lib/server/errors';

/** Exchanges e-mail and password for an expiring bearer token. */
export const POST = api(async ({ request, locals, getClientAddress }) => {
	const body = await readJson(request, TokenRequest);
	await locals.app.limits.token(`ip:${getClientAddress()}`);
	const user = await locals.app.accounts.authenticate(body.email, body.password, getClientAddress());
	const issued = await locals.app.accounts.issue('bearer', { userId: user.id });
	return json({ token: issued.token, expiresAt: issued.expiresAt?.toISOString() ?? null }, { status: 201 });
});

/** Revokes the bearer token that authenticates this request (its sockets are cut at once). */
export const DELETE = api(async ({ locals }) => {
	const p = locals.principal;
	if (!p) throw unauthorized('Send the bearer token to revoke');
	if (p.kind !== 'user' || p.via !== 'bearer') throw forbidden('Only a bearer token is revoked here; a browser session signs out at /logout');
	await locals.app.accounts.revoke(p.credentialId);
	return new Response(null, { status: 204 });
});
