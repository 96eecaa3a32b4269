import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { api, readJson } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';

const SetLevelRequest = z.strictObject({
	level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
	reason: z.string().trim().min(1, 'a reason is required').max(1000),
	override: z.boolean().optional()
});

export const POST: RequestHandler = api(async ({ request, locals, params }) => {
	const p = requireUser(locals.principal, 'set_level');
	const body = await readJson(request, SetLevelRequest);
	return json(await locals.app.incidents.setLevel(p.user, params.id, body, locals.lang));
});
