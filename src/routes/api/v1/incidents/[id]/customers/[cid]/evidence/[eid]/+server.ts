import type { RequestHandler } from './$types';
import { api } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { downloadName } from '$lib/domain/evidence';

/** Downloads one evidence file (customer-service members and leads; audited), never rendered inline, named by its detected type. */
export const GET: RequestHandler = api(async ({ locals, params }) => {
	const p = requireUser(locals.principal, 'read_personal_data');
	const { meta, data } = await locals.app.evidence.download(p.user, params.id, params.cid, params.eid, locals.lang);
	const name = downloadName(meta.fileName, meta.contentType, meta.id);
	const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return new Response(data as unknown as BodyInit, {
		headers: {
			'content-type': meta.contentType,
			'content-length': String(meta.size),
			'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
});
