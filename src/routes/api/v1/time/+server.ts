import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => json({ now: locals.app.clock.now().toISOString() }, { headers: { 'cache-control': 'no-store' } });
