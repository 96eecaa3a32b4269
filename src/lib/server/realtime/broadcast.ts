// Realtime messages that are not incident events, sent after commit from one place: resource
// updates to dashboards and wall displays, and cutting the sockets of revoked credentials.
// Incident events go through the publisher (exactly once, in seq order); presence is computed
// from the rooms by presence.ts when sockets come and go. Services never reach for the io
// themselves: they return what changed to the unit of work, whose subscribers call these.
import type { Server } from 'socket.io';
import type { ResourceJson } from '$lib/api/schemas';
import { getIo } from './attach.js';
import { rooms } from './rooms';

export class Broadcast {
	constructor(private io: () => Server | undefined = getIo) {}

	/** Dashboards and wall displays (resources carry no personal data) hear `resource.updated`. */
	resourcesUpdated(resources: ResourceJson[]): void {
		const io = this.io();
		if (!io) return;
		for (const resource of resources) io.to(rooms.dashboard()).to(rooms.dashboard(true)).emit('resource.updated', resource);
	}

	/** Cuts the sockets of revoked credentials (and all of a user's, when given): clients reconnect and are identified anew. */
	credentialsRevoked(credentialIds: string[], userId?: string): void {
		const io = this.io();
		if (!io) return;
		for (const id of credentialIds) io.in(rooms.credential(id)).disconnectSockets(true);
		if (userId) io.in(rooms.user(userId)).disconnectSockets(true);
	}
}
