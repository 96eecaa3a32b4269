import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { SESSION_COOKIE } from '$lib/server/auth/cookies';

export const POST: RequestHandler = async ({ locals, cookies }) => {
	const p = locals.principal;
	if (p?.kind === 'user' && p.via === 'session') await locals.app.accounts.revoke(p.credentialId);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	redirect(303, '/login');
};
