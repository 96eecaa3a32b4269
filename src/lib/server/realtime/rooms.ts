// Room names: one per incident and one for the dashboard, each with a twin for display screens
// (which only ever receive events with personal data removed).
export const rooms = {
	incident: (id: string, display = false) => (display ? `inc:${id}:d` : `inc:${id}`),
	dashboard: (display = false) => (display ? 'dash:d' : 'dash'),
	credential: (id: string) => `cred:${id}`,
	user: (id: string) => `user:${id}`
};
