import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { CreateWebhookRequest } from '$lib/api/schemas';
import { requireUser } from '$lib/server/auth/principal';
import { issuesToDetails } from '$lib/server/http';
import { webhookActions } from './actions';
import { guarded, guardedActions } from '$lib/server/pages';

export const load = guarded(async ({ locals }) => {
	requireUser(locals.principal, 'manage_webhooks');
	return { webhooks: await locals.app.webhooks.list() };
}) satisfies PageServerLoad;

export const actions = guardedActions({
	create: async ({ request, locals }) => {
		const p = requireUser(locals.principal, 'manage_webhooks');
		const form = await request.formData();
		const values = {
			name: String(form.get('name') ?? ''),
			url: String(form.get('url') ?? '').trim(),
			format: String(form.get('format') ?? ''),
			lang: String(form.get('lang') ?? 'both'),
			secret: String(form.get('secret') ?? ''),
			events: form.getAll('events').map(String)
		};
		const parsed = CreateWebhookRequest.safeParse(values);
		if (!parsed.success) return fail(400, { create: { ...values, secret: '', errors: issuesToDetails(parsed.error.issues) } });
		return { created: (await locals.app.webhooks.create(p.user, parsed.data)).name };
	},
	...webhookActions
}) satisfies Actions;
