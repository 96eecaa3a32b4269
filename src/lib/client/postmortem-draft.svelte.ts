// My open edit of an incident's post-mortem in the live review meeting: the fields as I have
// them, merged field by field with saves by others (fields I did not touch follow theirs, a
// field we both changed is mine to decide), saved against the version I caught up with — the
// server's 409 stays the authority. It also tells the others which field I am in and what I
// have typed (through the socket manager), so the panel only lays the fields out.
import { api, ApiError } from '$lib/client/api';
import { EDITING_HEARTBEAT_MS, type SocketManager } from '$lib/client/socket-manager.svelte';
import type { PostmortemJson } from '$lib/api/schemas';
import { changedFields, flatten, rebase, toRequest, type Flat } from '$lib/review/fields';

type Editing = Pick<SocketManager, 'sendEditing'>;
type Save = (incidentId: string, body: Record<string, unknown>) => Promise<PostmortemJson>;

// the draft's fields are the GET shape flattened and rebuilt (review/fields.ts); the server validates them
const putPostmortem: Save = (incidentId, body) => api.incidents.postmortem.save(incidentId, body as Parameters<typeof api.incidents.postmortem.save>[1]);

export class PostmortemDraft {
	/** The latest saved post-mortem this tab knows. */
	pm: PostmortemJson | null = $state(null);
	/** My open edit (null: not editing). */
	draft: Flat | null = $state(null);
	/** The version my next save is against. */
	base = $state(0);
	/** Fields both I and someone else changed, with their saved value. */
	conflicts: Record<string, string> = $state({});
	error = $state('');
	readonly saved = $derived(this.pm ? flatten(this.pm) : {});
	readonly editing = $derived(this.draft !== null);
	/** The fields as they were when I last caught up. */
	private start: Flat = {};
	/** The version the conflicting save was; saved against once every conflict is decided. */
	private latestVersion = 0;
	private focused: string | null = null;
	private heartbeat: ReturnType<typeof setInterval> | undefined;
	private typingTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private incidentId: () => string,
		private editingChannel: () => Editing | null = () => null,
		private put: Save = putPostmortem
	) {}

	/** A newer saved post-mortem (loaded, or announced by an event): an open edit catches up with it. */
	receive(latest: PostmortemJson) {
		this.pm = latest;
		if (this.draft) this.catchUp(latest);
	}

	edit() {
		if (!this.pm) return;
		this.draft = flatten(this.pm);
		this.start = flatten(this.pm);
		this.base = this.pm.version;
		this.conflicts = {};
	}

	/** Someone saved: take their fields into my edit; keep mine; mark fields we both changed. */
	catchUp(latest: PostmortemJson) {
		if (!this.draft) return;
		const theirs = flatten(latest);
		const r = rebase(this.draft, this.start, theirs);
		this.draft = r.draft;
		this.start = r.start;
		this.conflicts = Object.fromEntries(r.conflicts.map((k) => [k, theirs[k]]));
		// the newer version is mine to save against only once nothing is left to decide
		if (r.conflicts.length === 0) this.base = latest.version;
		else this.latestVersion = latest.version;
	}

	/** Decides a field we both changed: keep theirs or mine. */
	resolve(key: string, keep: 'mine' | 'theirs') {
		if (!this.draft) return;
		if (keep === 'theirs') this.draft[key] = this.conflicts[key];
		this.start[key] = this.conflicts[key];
		const { [key]: _decided, ...rest } = this.conflicts;
		this.conflicts = rest;
		if (Object.keys(rest).length === 0) this.base = this.latestVersion;
	}

	/** Leaves the edit (cancel, or after a save) and tells the others I am no longer in a field. */
	stop() {
		this.draft = null;
		this.conflicts = {};
		if (this.focused) this.editingChannel()?.sendEditing(this.incidentId(), null);
		this.focused = null;
		clearInterval(this.heartbeat);
		clearTimeout(this.typingTimer);
	}

	/** Saves the fields I changed; a save by someone else at the same moment is merged, and saved again when nothing conflicts. */
	async save(retried = false): Promise<void> {
		if (!this.draft) return;
		this.error = '';
		try {
			this.pm = await this.put(this.incidentId(), toRequest(this.base, changedFields(this.draft, this.start)));
			this.stop();
		} catch (e) {
			if (e instanceof ApiError && e.code === 'version_conflict') {
				this.catchUp((e.details as { current: PostmortemJson }).current);
				if (Object.keys(this.conflicts).length === 0 && !retried) return this.save(true);
			} else this.error = e instanceof Error ? e.message : String(e);
		}
	}

	/** I entered a field: the others see it, and keep seeing it while I stay (heartbeat). */
	focus(key: string) {
		this.focused = key;
		this.announce(key);
		clearInterval(this.heartbeat);
		this.heartbeat = setInterval(() => this.focused && this.announce(this.focused), EDITING_HEARTBEAT_MS);
	}

	/** I typed: the others see the text shortly after. */
	input(key: string) {
		clearTimeout(this.typingTimer);
		this.typingTimer = setTimeout(() => this.announce(key), 120);
	}

	blur(key: string) {
		if (this.focused !== key) return;
		this.focused = null;
		clearInterval(this.heartbeat);
		clearTimeout(this.typingTimer);
		this.editingChannel()?.sendEditing(this.incidentId(), null);
	}

	/** The panel goes away: stop announcing. */
	dispose() {
		clearInterval(this.heartbeat);
		clearTimeout(this.typingTimer);
		if (this.focused) this.editingChannel()?.sendEditing(this.incidentId(), null);
	}

	private announce(key: string) {
		this.editingChannel()?.sendEditing(this.incidentId(), key, this.draft?.[key]);
	}
}
