import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { unauthorized } from '$lib/server/errors';

export const GET = api(({ locals }) => {
	const p = locals.principal;
	if (!p) throw unauthorized();
	return json(p.kind === 'user' ? { kind: 'user', ...p.user } : { kind: 'display', label: p.label });
});
