import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { CreateUserRequest, DisplayTokenRequest, PatchUserRequest } from '$lib/api/schemas';
import { requireUser } from '$lib/server/auth/principal';
import { issuesToDetails } from '$lib/server/http';
import { ServiceError } from '$lib/server/errors';
import { guarded, guardedActions } from '$lib/server/pages';

export const load = guarded(async ({ locals }) => {
	const p = requireUser(locals.principal, 'manage_users');
	const [users, displayLinks] = await Promise.all([locals.app.accounts.listUsers(), locals.app.accounts.listDisplayTokens()]);
	return { users, displayLinks, me: p.user.id, now: Date.now() };
}) satisfies PageServerLoad;

/** Applies an admin's change to one account; field errors and the last-admin 409 come back to the row. */
async function changeUser(locals: App.Locals, id: string, values: Record<string, unknown>) {
	requireUser(locals.principal, 'manage_users');
	const parsed = PatchUserRequest.safeParse(values);
	if (!parsed.success) return fail(400, { edit: { id, errors: issuesToDetails(parsed.error.issues) } });
	try {
		const user = await locals.app.accounts.updateUser(id, parsed.data);
		return { edited: { id: user.id } };
	} catch (err) {
		if (err instanceof ServiceError)
			return fail(err.status, { edit: { id, errors: Array.isArray(err.details) ? (err.details as { field: string; message: string }[]) : [{ field: '', message: err.message, code: err.code }] } });
		throw err;
	}
}

export const actions = guardedActions({
	create: async ({ request, locals }) => {
		requireUser(locals.principal, 'manage_users');
		const form = await request.formData();
		const values = {
			email: String(form.get('email') ?? ''),
			name: String(form.get('name') ?? ''),
			password: String(form.get('password') ?? ''),
			roles: form.getAll('roles').map(String),
			groups: form.getAll('groups').map(String)
		};
		const parsed = CreateUserRequest.safeParse(values);
		if (!parsed.success) return fail(400, { create: { ...values, password: '', errors: issuesToDetails(parsed.error.issues) } });
		try {
			const user = await locals.app.accounts.createUser(parsed.data);
			return { created: user.email };
		} catch (err) {
			if (err instanceof ServiceError)
				return fail(err.status, {
					create: { ...values, password: '', errors: Array.isArray(err.details) ? (err.details as { field: string; message: string }[]) : [{ field: '', message: err.message, code: err.code }] }
				});
			throw err;
		}
	},
	update: async ({ request, locals }) => {
		const form = await request.formData();
		return changeUser(locals, String(form.get('id') ?? ''), {
			name: String(form.get('name') ?? ''),
			roles: form.getAll('roles').map(String),
			groups: form.getAll('groups').map(String)
		});
	},
	disable: async ({ request, locals }) => {
		const form = await request.formData();
		return changeUser(locals, String(form.get('id') ?? ''), { disabled: form.get('disabled') === 'true' });
	},
	display: async ({ request, locals, url }) => {
		const p = requireUser(locals.principal, 'create_display_token');
		const parsed = DisplayTokenRequest.safeParse({ label: String((await request.formData()).get('label') ?? '') });
		if (!parsed.success) return fail(400, { displayError: issuesToDetails(parsed.error.issues)[0].message });
		const issued = await locals.app.accounts.issue('display', { label: parsed.data.label, createdBy: p.user.id });
		return { displayUrl: `${locals.app.config.origin ?? url.origin}/display#token=${issued.token}` };
	},
	revokeDisplay: async ({ request, locals }) => {
		requireUser(locals.principal, 'create_display_token');
		const id = String((await request.formData()).get('id') ?? '');
		try {
			await locals.app.accounts.revokeDisplayToken(id);
			return { revokedDisplay: id };
		} catch (err) {
			if (err instanceof ServiceError) return fail(err.status, { displayError: err.message });
			throw err;
		}
	}
}) satisfies Actions;
