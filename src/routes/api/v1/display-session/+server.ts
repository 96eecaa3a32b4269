import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { DisplaySessionRequest } from '$lib/api/schemas';
import { DISPLAY_COOKIE } from '$lib/server/auth/cookies';
import { unauthorized } from '$lib/server/errors';

/** A wall screen trades its display token once for an httpOnly cookie, so the token leaves the address bar. */
export const POST = api(async ({ request, locals, cookies, url }) => {
	const { token } = await readJson(request, DisplaySessionRequest);
	const principal = await locals.app.accounts.resolve(token, ['display']);
	if (!principal) throw unauthorized('This display link is invalid or was revoked');
	cookies.set(DISPLAY_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: url.protocol === 'https:', maxAge: 60 * 60 * 24 * 365 });
	return json({ ok: true, label: principal.kind === 'display' ? principal.label : '' });
});
