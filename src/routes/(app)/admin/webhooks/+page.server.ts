import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { CreateWebhookRequest } from '$lib/api/schemas';
import { requireUser } from '$lib/server/auth/principal';
import { issuesToDetails } from '$lib/server/http';
import { webhookActions } from './actions';
import { guarded, guardedActions } from '$lib/server/pages';
import { ServiceError } from '$lib/server/errors';

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
		const refuse = (errors: { field: string; message: string }[]) => fail(400, { create: { ...values, secret: '', errors } });
		if (!parsed.success) return refuse(issuesToDetails(parsed.error.issues));
		try {
			return { created: (await locals.app.webhooks.create(p.user, parsed.data)).name };
		} catch (err) {
			// a refused destination (a private address) is the form's own error, shown beside the others
			if (err instanceof ServiceError && err.code === 'invalid_input' && Array.isArray(err.details)) return refuse(err.details);
			throw err;
		}
	},
	...webhookActions
}) satisfies Actions;
