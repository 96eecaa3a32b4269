import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';

/** A new delivery with the same payload, attempted at once (retried like any other if it fails). */
export const POST: RequestHandler = api(async ({ locals, params }) => {
	requireUser(locals.principal, 'manage_webhooks');
	const { webhooks, webhookWorker } = locals.app;
	return json(await webhookWorker.sendNew((lease) => webhooks.redeliver(params.wid, params.did, lease)), { status: 201 });
});
