import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { TokenRequest } from '$lib/api/schemas';
import { ServiceError } from '$lib/server/errors';
import { startSession } from '$lib/server/auth/session';
import { safeNext } from '$lib/server/auth/safe-next';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.principal?.kind === 'user') redirect(303, '/');
	return {};
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const parsed = TokenRequest.safeParse({ email: form.get('email'), password: form.get('password') });
		if (!parsed.success) return fail(400, { email: String(form.get('email') ?? ''), error: 'failed' });
		try {
			const user = await locals.app.accounts.authenticate(parsed.data.email, parsed.data.password, getClientAddress());
			await startSession(locals.app, cookies, user.id, url.protocol === 'https:');
		} catch (err) {
			if (err instanceof ServiceError) {
				return fail(err.status, { email: parsed.data.email, error: err.code === 'rate_limited' ? 'limited' : 'failed' });
			}
			throw err;
		}
		redirect(303, safeNext(url.searchParams.get('next'), url.origin));
	}
};
