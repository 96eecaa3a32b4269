import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { openApiDocument } from '$lib/server/openapi';

/** The OpenAPI 3.1 document (public: it describes the API, it gives no access). */
export const GET: RequestHandler = () => json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
