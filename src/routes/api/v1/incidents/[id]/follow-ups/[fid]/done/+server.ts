import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';

const DoneRequest = z.strictObject({ note: z.string().trim().min(1, 'say what was done').max(2000) });

export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'update');
	const { note } = await readJson(request, DoneRequest);
	const r = await locals.app.followUp.complete(p.user, params.id, params.fid, note, locals.lang);
	return json({ satisfaction: r.satisfaction, incident: r.incident });
});
