// Presence: who is looking at an incident, and who is in the war room (the dashboard), now.
// Computed from the rooms themselves (fetchSockets also sees other instances' sockets once an
// adapter relays between them), so it cannot drift from the real connections.
import type { Namespace } from 'socket.io';
import type { Principal } from '../auth/principal';
import type { PresenceJson } from '$lib/realtime/events';
import { rooms } from './rooms';

async function whoIsIn(nsp: Namespace, room: string, displayRoom: string): Promise<Omit<PresenceJson, 'scope' | 'incidentId'>> {
	const [people, screens] = await Promise.all([nsp.in(room).fetchSockets(), nsp.in(displayRoom).fetchSockets()]);
	const users = new Map<string, { id: string; name: string; connections: number }>();
	for (const s of people) {
		const p = s.data.principal as Principal | undefined;
		if (p?.kind !== 'user') continue;
		const u = users.get(p.user.id) ?? { id: p.user.id, name: p.user.name, connections: 0 };
		u.connections++;
		users.set(p.user.id, u);
	}
	return { users: [...users.values()].sort((a, b) => a.name.localeCompare(b.name)), displays: screens.length };
}

export async function announceIncidentPresence(nsp: Namespace, incidentId: string): Promise<void> {
	const who = await whoIsIn(nsp, rooms.incident(incidentId), rooms.incident(incidentId, true));
	const msg: PresenceJson = { scope: 'incident', incidentId, ...who };
	nsp.to(rooms.incident(incidentId)).to(rooms.incident(incidentId, true)).emit('presence', msg);
}

export async function announceWarroomPresence(nsp: Namespace): Promise<void> {
	const who = await whoIsIn(nsp, rooms.dashboard(), rooms.dashboard(true));
	const msg: PresenceJson = { scope: 'warroom', ...who };
	nsp.to(rooms.dashboard()).to(rooms.dashboard(true)).emit('presence', msg);
}
