import type { Cookies } from '@sveltejs/kit';
import type { App } from '../app';
import { SESSION_COOKIE } from './cookies';

/** Starts a browser session: an httpOnly, SameSite=Lax cookie holding a random secret (stored hashed). */
export async function startSession(app: App, cookies: Cookies, userId: string, secure: boolean) {
	const issued = await app.accounts.issue('session', { userId });
	cookies.set(SESSION_COOKIE, issued.token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: issued.expiresAt ?? undefined
	});
}
