import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { readLimited } from '$lib/server/services/evidence';

export const GET: RequestHandler = api(async ({ locals, params }) => {
	const p = requireUser(locals.principal, 'read');
	return json({ items: await locals.app.evidence.list(p.user, params.id, params.cid) });
});

/** The raw file as the body (`?fileName=`); its type is decided by its content. */
export const POST: RequestHandler = api(async ({ request, url, locals, params }) => {
	const p = requireUser(locals.principal, 'update');
	const bytes = await readLimited(request);
	const type = request.headers.get('content-type')?.split(';')[0].trim() || null;
	const r = await locals.app.evidence.add(p.user, params.id, params.cid, bytes, type, url.searchParams.get('fileName'), locals.lang);
	return json({ ...r.evidence, incident: r.incident }, { status: 201 });
});
