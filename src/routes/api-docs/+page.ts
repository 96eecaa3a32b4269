import type { PageLoad } from './$types';
import type { Json } from '$lib/client/openapi-view';

/** The page renders the very document the API serves. */
export const load: PageLoad = async ({ fetch }) => ({ doc: (await (await fetch('/api/v1/openapi.json')).json()) as Json });
