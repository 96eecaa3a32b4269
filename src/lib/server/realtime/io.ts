// The socket.io server's types: the message maps shared with the browser ($lib/realtime/events)
// plus what only the server knows (who a socket is, what instances ask each other). attach.js
// creates the one Server; everything on the server side reaches it typed through getIo().
import type { Namespace, Server, Socket } from 'socket.io';
import type { ClientToServer, PresenceJson, ServerToClient } from '$lib/realtime/events';
import type { Principal } from '../auth/principal';

/** One instance's answer to "who is in this room" (presence with several instances). */
export type PresenceSummary = Omit<PresenceJson, 'scope' | 'incidentId'>;

/** Server-side emits between instances (through the cluster adapter). */
export interface InterServer {
	'warroom:presence-summary': (room: string, displayRoom: string, reply: (who: PresenceSummary) => void) => void;
}

/** Set by the handshake (principal) and by the review-meeting relay (fields being edited, by incident). */
export interface SocketData {
	principal: Principal;
	/** By incident id: the field this tab edits and its text so far, replayed to a tab that joins late. */
	editing?: Record<string, { field: string; text?: string; at: string }>;
}

export type WarroomServer = Server<ClientToServer, ServerToClient, InterServer, SocketData>;
export type WarroomSocket = Socket<ClientToServer, ServerToClient, InterServer, SocketData>;
export type WarroomNamespace = Namespace<ClientToServer, ServerToClient, InterServer, SocketData>;

/** The attached socket.io server (undefined before attach, e.g. in unit tests); attach.js declares it with these types. */
export { getIo } from './attach.js';
