// Presence: who is looking at an incident, and who is in the war room (the dashboard), now.
// Computed from the rooms themselves, so it cannot drift from the real connections. With
// several instances, each one answers for its own sockets (a compact summary through the
// socket.io adapter's server-side emit) and the asking instance adds them up.
//
// Announcements are coalesced per room: a restart storm of 2,000 reconnecting dashboards sends
// one presence message per room every PRESENCE_COALESCE_MS, not 2,000.
import type { PresenceSummary, WarroomNamespace as Namespace } from './io';
import type { PresenceJson } from '$lib/realtime/events';
import { rooms } from './rooms';
import { logger } from '../logger.js';

type Who = PresenceSummary;
const SUMMARY = 'warroom:presence-summary';
const PRESENCE_COALESCE_MS = 250;

let clustered = false;
/** Set once a cluster adapter is attached: presence then asks the other instances too. */
export function setClustered(nsp: Namespace) {
	clustered = true;
	nsp.on(SUMMARY, (room: string, displayRoom: string, reply: (who: Who) => void) => {
		if (typeof reply === 'function') reply(localWho(nsp, room, displayRoom));
	});
}

function localWho(nsp: Namespace, room: string, displayRoom: string): Who {
	const users = new Map<string, { id: string; name: string; connections: number }>();
	for (const id of nsp.adapter.rooms.get(room) ?? []) {
		const p = nsp.sockets.get(id)?.data.principal;
		if (p?.kind !== 'user') continue;
		const u = users.get(p.user.id) ?? { id: p.user.id, name: p.user.name, connections: 0 };
		u.connections++;
		users.set(p.user.id, u);
	}
	return { users: [...users.values()], displays: nsp.adapter.rooms.get(displayRoom)?.size ?? 0 };
}

async function whoIsIn(nsp: Namespace, room: string, displayRoom: string): Promise<Who> {
	const parts = [localWho(nsp, room, displayRoom)];
	if (clustered) {
		const others = await new Promise<Who[]>((resolve) => {
			// an instance that died recently is waited for until the adapter's timeout; use the answers there are
			nsp.serverSideEmit(SUMMARY, room, displayRoom, (err: Error | null, replies: Who[]) => {
				if (err) logger.debug({ err }, 'presence: not every instance answered');
				resolve(replies ?? []);
			});
		});
		parts.push(...others);
	}
	const users = new Map<string, { id: string; name: string; connections: number }>();
	let displays = 0;
	for (const part of parts) {
		displays += part.displays;
		for (const u of part.users) {
			const known = users.get(u.id);
			if (known) known.connections += u.connections;
			else users.set(u.id, { ...u });
		}
	}
	return { users: [...users.values()].sort((a, b) => a.name.localeCompare(b.name)), displays };
}

const pending = new Map<string, Promise<void>>();

/** Runs `announce` once for every burst of calls on the same key within PRESENCE_COALESCE_MS. */
function coalesce(key: string, announce: () => Promise<void>): Promise<void> {
	const queued = pending.get(key);
	if (queued) return queued;
	const run = new Promise<void>((resolve) => setTimeout(resolve, PRESENCE_COALESCE_MS)).then(() => {
		pending.delete(key);
		return announce();
	});
	pending.set(key, run);
	return run;
}

export function announceIncidentPresence(nsp: Namespace, incidentId: string): Promise<void> {
	return coalesce(`inc:${incidentId}`, async () => {
		const who = await whoIsIn(nsp, rooms.incident(incidentId), rooms.incident(incidentId, true));
		const msg: PresenceJson = { scope: 'incident', incidentId, ...who };
		nsp.to(rooms.incident(incidentId)).to(rooms.incident(incidentId, true)).emit('presence', msg);
	});
}

export function announceWarroomPresence(nsp: Namespace): Promise<void> {
	return coalesce('warroom', async () => {
		const who = await whoIsIn(nsp, rooms.dashboard(), rooms.dashboard(true));
		const msg: PresenceJson = { scope: 'warroom', ...who };
		nsp.to(rooms.dashboard()).to(rooms.dashboard(true)).emit('presence', msg);
	});
}
