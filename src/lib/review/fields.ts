// The post-mortem as flat fields ("what", "why.rootCause", "when.first_contact"…), and the merge
// of a draft onto a newer saved version: fields nobody else touched follow the latest save,
// fields I changed stay mine, and a field both sides changed differently is a conflict to decide
// explicitly — never a silent overwrite. Pure; used by the review panel and the presenter view.
import type { PostmortemJson } from '$lib/api/schemas';

export type Flat = Record<string, string>;

export const TEXT_FIELDS = ['what', 'why.rootCause', 'why.directCause', 'who', 'where', 'how.wentWell', 'how.wentBadly', 'improvementPoints'] as const;

export function flatten(pm: PostmortemJson): Flat {
	const flat: Flat = {
		what: pm.what,
		'why.rootCause': pm.why.rootCause,
		'why.directCause': pm.why.directCause,
		who: pm.who,
		where: pm.where,
		'how.wentWell': pm.how.wentWell,
		'how.wentBadly': pm.how.wentBadly,
		improvementPoints: pm.improvementPoints
	};
	for (const w of pm.when) flat[`when.${w.key}`] = w.annotation;
	return flat;
}

/** The PUT body for the fields given (nested as api.md has it). */
export function toRequest(version: number, fields: Flat): Record<string, unknown> {
	const body: Record<string, unknown> = { version };
	const when: { key: string; annotation: string }[] = [];
	for (const [key, value] of Object.entries(fields)) {
		const [head, tail] = key.split('.', 2);
		if (head === 'when') when.push({ key: tail, annotation: value });
		else if (tail) body[head] = { ...((body[head] as object) ?? {}), [tail]: value };
		else body[head] = value;
	}
	if (when.length) body.when = when;
	return body;
}

/** Fields of `draft` that differ from where the edit started. */
export function changedFields(draft: Flat, start: Flat): Flat {
	return Object.fromEntries(Object.entries(draft).filter(([k, v]) => v !== (start[k] ?? '')));
}

export interface Rebased {
	draft: Flat;
	start: Flat;
	/** Fields changed both here and in `latest`, to different values. */
	conflicts: string[];
}

/** Moves an edit started from `start` onto `latest`. */
export function rebase(draft: Flat, start: Flat, latest: Flat): Rebased {
	const next = { draft: { ...draft }, start: { ...start }, conflicts: [] as string[] };
	for (const key of new Set([...Object.keys(latest), ...Object.keys(draft)])) {
		const mine = draft[key] ?? '';
		const base = start[key] ?? '';
		const theirs = latest[key] ?? '';
		if (mine === base) next.draft[key] = next.start[key] = theirs;
		else if (theirs === base || theirs === mine) next.start[key] = theirs === mine ? theirs : base;
		else next.conflicts.push(key);
	}
	return next;
}
