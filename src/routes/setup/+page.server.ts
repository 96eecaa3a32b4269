import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SetupRequest } from '$lib/api/schemas';
import { issuesToDetails } from '$lib/server/http';
import { startSession } from '$lib/server/auth/session';

export const load: PageServerLoad = async ({ locals }) => {
	if ((await locals.app.accounts.countUsers()) > 0) redirect(303, '/login');
	return {};
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const form = await request.formData();
		const values = { email: String(form.get('email') ?? ''), name: String(form.get('name') ?? ''), password: String(form.get('password') ?? '') };
		const parsed = SetupRequest.safeParse(values);
		if (!parsed.success) return fail(400, { ...values, password: '', errors: issuesToDetails(parsed.error.issues) });
		const user = await locals.app.accounts.createFirstAdmin(parsed.data);
		if (!user) redirect(303, '/login');
		await startSession(locals.app, cookies, user.id, url.protocol === 'https:');
		redirect(303, '/');
	}
};
