import type { RequestHandler } from './$types';
import { api, readQuery } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { ArchiveDocumentQuery } from '$lib/api/schemas';

const TYPES = { md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8' };

/** One archive document, or `bundle`: all seven in one file. `lang` overrides the caller's language. */
export const GET: RequestHandler = api(async ({ locals, params, url }) => {
	requireUser(locals.principal, 'read');
	const { format, lang } = readQuery(url, ArchiveDocumentQuery);
	const kind = params.kind === 'bundle' ? undefined : params.kind;
	const doc = await locals.app.archive.document(params.id, kind, format, lang ?? locals.lang);
	return new Response(doc.body, {
		headers: { 'content-type': TYPES[format], 'content-disposition': `inline; filename="${doc.fileName}"`, 'cache-control': 'private, no-cache' }
	});
});
