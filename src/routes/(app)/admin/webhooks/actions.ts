// Form actions shared by the webhook list and a webhook's deliveries page.
import type { RequestEvent } from '@sveltejs/kit';
import { redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/principal';

async function target(event: RequestEvent) {
	const p = requireUser(event.locals.principal, 'manage_webhooks');
	const form = await event.request.formData();
	return { user: p.user, id: event.params.wid ?? String(form.get('id') ?? ''), form, app: event.locals.app };
}

export const webhookActions = {
	toggle: async (event: RequestEvent) => {
		const { id, form, app } = await target(event);
		await app.webhooks.patch(id, { enabled: form.get('enabled') === 'true' });
	},
	remove: async (event: RequestEvent) => {
		const { id, app } = await target(event);
		await app.webhooks.remove(id);
		if (event.params.wid) redirect(303, '/admin/webhooks');
	},
	test: async (event: RequestEvent) => {
		const { id, user, app } = await target(event);
		return { tested: await app.webhookWorker.sendNew((lease) => app.webhooks.enqueueTest(user, id, lease)) };
	},
	redeliver: async (event: RequestEvent) => {
		const { id, form, app } = await target(event);
		return { tested: await app.webhookWorker.sendNew((lease) => app.webhooks.redeliver(id, String(form.get('delivery') ?? ''), lease)) };
	}
};
