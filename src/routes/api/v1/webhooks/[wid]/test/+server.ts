import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';

/** Queues a test message and attempts it at once; answers with the delivery as it stands. */
export const POST: RequestHandler = api(async ({ locals, params }) => {
	const p = requireUser(locals.principal, 'manage_webhooks');
	const { webhooks, webhookWorker } = locals.app;
	return json(await webhookWorker.sendNew((lease) => webhooks.enqueueTest(p.user, params.wid, lease)), { status: 201 });
});
