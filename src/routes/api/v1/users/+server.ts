import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http';
import { CreateUserRequest } from '$lib/api/schemas';
import { requireUser } from '$lib/server/auth/principal';

export const GET = api(async ({ locals }) => {
	requireUser(locals.principal, 'manage_users');
	return json({ items: await locals.app.accounts.listUsers() });
});

export const POST = api(async ({ request, locals }) => {
	requireUser(locals.principal, 'manage_users');
	const body = await readJson(request, CreateUserRequest);
	return json(await locals.app.accounts.createUser(body), { status: 201 });
});
