import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const p = locals.principal;
	return {
		lang: locals.lang,
		/** WARROOM_TIMEZONE: every time a page shows is in it (src/lib/client/zoned-time.ts). */
		timeZone: locals.app.config.timeZone,
		user: p?.kind === 'user' ? { id: p.user.id, name: p.user.name, roles: p.user.roles, groups: p.user.groups } : null
	};
};
