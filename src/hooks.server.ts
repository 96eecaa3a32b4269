import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { createApp, type App } from '$lib/server/app';
import { SESSION_COOKIE, LANG_COOKIE, DISPLAY_COOKIE } from '$lib/server/auth/cookies';
import { apiError } from '$lib/server/http';
import { NUL_MESSAGE } from '$lib/server/text-input';
import { ServiceError } from '$lib/server/errors';
import { logger } from '$lib/server/logger.js';

let app: App | undefined;
let hasUsers = false;

export const init: ServerInit = async () => {
	app = await createApp();
};

const withApp: Handle = async ({ event, resolve }) => {
	if (!app) return apiError(503, 'unavailable', 'The server is starting');
	event.locals.app = app;
	return resolve(event);
};

/** Identity from the server side only: bearer token header, else the session cookie. */
const identify: Handle = async ({ event, resolve }) => {
	const { accounts } = event.locals.app;
	const header = event.request.headers.get('authorization');
	event.locals.principal = null;
	if (header) {
		const m = /^Bearer\s+(\S+)$/i.exec(header);
		event.locals.principal = m ? await accounts.resolve(m[1], ['bearer', 'display']) : null;
		if (!event.locals.principal && event.url.pathname.startsWith('/api/')) {
			// a wrong token counts against the address's API limit: guessing tokens is limited like any other call
			return (await overApiLimit(event, `ip:${event.getClientAddress()}`)) ?? apiError(401, 'unauthorized', 'The bearer token is invalid, expired or revoked');
		}
	} else {
		const session = event.cookies.get(SESSION_COOKIE);
		if (session) event.locals.principal = await accounts.resolve(session, ['session']);
		// A wall screen's cookie gives read-only access (no personal data), and only to reads.
		const display = event.cookies.get(DISPLAY_COOKIE);
		if (!event.locals.principal && display && event.request.method === 'GET') event.locals.principal = await accounts.resolve(display, ['display']);
	}
	return resolve(event);
};

/** Takes one point of the API rate limit for `key`: null, or the 429 (with Retry-After) to answer. */
async function overApiLimit(event: RequestEvent, key: string): Promise<Response | null> {
	try {
		await event.locals.app.limits.api(key);
		return null;
	} catch (err) {
		if (err instanceof ServiceError) return apiError(err.status, err.code, err.message, undefined, err.headers);
		throw err;
	}
}

/** API rate limit per credential (or per address without one): 429 with Retry-After. */
const rateLimit: Handle = async ({ event, resolve }) => {
	if (!event.url.pathname.startsWith('/api/')) return resolve(event);
	return (await overApiLimit(event, event.locals.principal?.credentialId ?? `ip:${event.getClientAddress()}`)) ?? resolve(event);
};

/** The first run offers a setup page until an account exists (a backup may be taken before that). */
const firstRun: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (!hasUsers && event.route.id && !path.startsWith('/api/') && !path.startsWith('/internal/') && !['/setup', '/healthz', '/readyz', '/display'].includes(path)) {
		hasUsers = (await event.locals.app.accounts.countUsers()) > 0;
		if (!hasUsers) return new Response(null, { status: 303, headers: { location: '/setup' } });
	}
	return resolve(event);
};

const language: Handle = async ({ event, resolve }) => {
	const chosen = event.cookies.get(LANG_COOKIE);
	const accept = event.request.headers.get('accept-language') ?? '';
	event.locals.lang = chosen === 'zh-CN' || chosen === 'zh' ? 'zh' : chosen === 'en' ? 'en' : /^\s*zh/i.test(accept) ? 'zh' : 'en';
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang === 'zh' ? 'zh-CN' : 'en')
	});
};

/**
 * NUL characters cannot be stored (PostgreSQL text) and have no business in a URL or a form:
 * refused with 400 before any handler sees them. JSON bodies are checked where they are parsed.
 */
const rejectNul: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	const inUrl = /%00/.test(url.pathname + url.search);
	const type = (request.headers.get('content-type') ?? '').toLowerCase();
	const page = !url.pathname.startsWith('/api/');
	// urlencoded forms carry NUL as %00, multipart ones as the raw byte
	// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
	const nulIn = page && type.startsWith('application/x-www-form-urlencoded') ? /%00/ : page && type.startsWith('multipart/form-data') ? /\u0000/ : null;
	const inForm = !!nulIn && nulIn.test(await request.clone().text());
	if (!inUrl && !inForm) return resolve(event);
	if (url.pathname.startsWith('/api/')) return apiError(400, 'invalid_input', `Invalid input: ${NUL_MESSAGE}`, [{ field: inUrl ? '(query)' : '(body)', message: NUL_MESSAGE }]);
	return new Response(`Bad request: input ${NUL_MESSAGE}`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
};

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Cross-site request forgery: a browser form (or a cookie-authenticated call) from another
 * origin is refused. Bearer-token clients carry no ambient credentials and are not affected.
 */
const csrf: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return resolve(event);
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	const cookieAuth = !request.headers.get('authorization') && !!event.cookies.get(SESSION_COOKIE);
	const isForm = FORM_TYPES.includes(type);
	const isApi = url.pathname.startsWith('/api/');
	if ((isForm && !isApi) || cookieAuth) {
		const origin = request.headers.get('origin');
		const allowed = [url.origin, event.locals.app?.config.origin].filter(Boolean);
		if (!origin || !allowed.includes(origin)) {
			return apiError(403, 'forbidden', 'Cross-site request refused (the Origin header does not match this site)');
		}
	}
	return resolve(event);
};

/** For HTML that SvelteKit did not render (archive documents): no script at all, inline styles only. */
const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Response headers for every page and API answer (OWASP ASVS 5.0, V3.4): pages carry SvelteKit's CSP
 * (svelte.config.js), other HTML a script-free one; HSTS only when the request came over https
 * (directly, or per ORIGIN / PROTOCOL_HEADER behind a proxy), so plain-http installs are not locked out.
 */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	if (!h.has('x-content-type-options')) h.set('X-Content-Type-Options', 'nosniff');
	h.set('Referrer-Policy', 'same-origin');
	h.set('X-Frame-Options', 'DENY');
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	h.set('Cross-Origin-Resource-Policy', 'same-origin');
	h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
	if (event.url.protocol === 'https:') h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	if ((h.get('content-type') ?? '').includes('text/html') && !h.has('content-security-policy')) h.set('Content-Security-Policy', DOCUMENT_CSP);
	// API answers may hold personal data: never stored by a browser or proxy, unless the route says otherwise
	if (event.url.pathname.startsWith('/api/') && !h.has('cache-control')) h.set('Cache-Control', 'no-store');
	return response;
};

export const handle = sequence(securityHeaders, rejectNul, withApp, csrf, identify, rateLimit, firstRun, language);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) logger.error({ err: error, path: event.url.pathname }, 'unhandled error');
	return { message: status === 404 ? 'Not found' : 'Internal error', code: status === 404 ? 'not_found' : 'internal' };
};
