// Applies timeline events to incidents held in the browser. Every incident event carries the
// incident as it stands after the change, so a newer version simply replaces the older one.
import type { IncidentJson } from '$lib/api/schemas';
import type { IncidentEvent } from '$lib/realtime/events';

export function snapshotOf(e: IncidentEvent): IncidentJson | undefined {
	const inc = e.data?.incident as IncidentJson | undefined;
	return inc && typeof inc === 'object' && inc.id === e.incidentId ? inc : undefined;
}

/** The list after the event: new incidents appear, newer versions replace older, closed ones leave. */
export function applyToList(list: IncidentJson[], e: IncidentEvent): IncidentJson[] {
	const snap = snapshotOf(e);
	if (!snap) return list;
	const i = list.findIndex((x) => x.id === snap.id);
	if (snap.phase === 'closed') return i >= 0 ? list.filter((x) => x.id !== snap.id) : list;
	if (i < 0) return sortIncidents([...list, snap]);
	if (list[i].version >= snap.version) return list;
	const next = list.slice();
	next[i] = snap;
	return sortIncidents(next);
}

export function sortIncidents(list: IncidentJson[]): IncidentJson[] {
	return list.slice().sort((a, b) => a.level - b.level || Date.parse(b.identifiedAt) - Date.parse(a.identifiedAt));
}
