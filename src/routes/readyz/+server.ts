import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const ok = await locals.app.database.ping();
	return json({ ok, database: locals.app.database.driver }, { status: ok ? 200 : 503 });
};
