import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { displayAlarmSeconds: alarmSeconds, timeZone } = locals.app.config;
	if (!locals.principal) return { authorized: false as const, incidents: [], lowStock: [], metrics: null, alarmSeconds, timeZone };
	const [incidents, lowStock, metrics] = await Promise.all([
		locals.app.incidents.list({}, locals.lang),
		locals.app.resources.list({ low: true }),
		locals.app.metrics.compute({ granularity: 'month', months: 12 })
	]);
	return { authorized: true as const, incidents, lowStock, metrics, alarmSeconds, timeZone };
};
