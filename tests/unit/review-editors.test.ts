// The presenter follows the field typed in last: a heartbeat (the same field and text, repeated
// while someone stays in a field) keeps an editor alive but must not make them "the one typing now".
import { describe, expect, it } from 'vitest';
import { mergeEditing, type ReviewEditor } from '$lib/client/socket-manager.svelte';
import type { ReviewEditingJson } from '$lib/realtime/events';

const msg = (socketId: string, field: string | null, text?: string): ReviewEditingJson => ({
	incidentId: 'i1',
	socketId,
	user: { id: socketId, name: socketId },
	field,
	...(text !== undefined ? { text } : {}),
	at: new Date(0).toISOString()
});
const latest = (eds: Record<string, ReviewEditor>) => Object.values(eds).sort((a, b) => b.changedAt - a.changedAt)[0]?.field;

describe('review editors', () => {
	it('a heartbeat from an earlier editor does not take the presenter away from the field typed in last', () => {
		let eds = mergeEditing({}, msg('a', 'what', '大促'), 1000);
		eds = mergeEditing(eds, msg('b', 'how.wentWell', '客服'), 2000);
		expect(latest(eds)).toBe('how.wentWell');
		eds = mergeEditing(eds, msg('a', 'what', '大促'), 16_000); // A's heartbeat
		expect(latest(eds)).toBe('how.wentWell');
		expect(eds.a.seenAt).toBe(16_000);
		eds = mergeEditing(eds, msg('a', 'what', '大促期间'), 17_000); // A types again
		expect(latest(eds)).toBe('what');
	});

	it('entering another field counts as a change, a bare focus keeps the text known for that field only', () => {
		let eds = mergeEditing({}, msg('a', 'what', 'x'), 1000);
		eds = mergeEditing(eds, msg('b', 'where', 'y'), 2000);
		eds = mergeEditing(eds, msg('a', 'who'), 3000);
		expect(latest(eds)).toBe('who');
		expect(eds.a.text).toBeUndefined();
		eds = mergeEditing(eds, msg('a', 'who'), 4000);
		expect(eds.a.changedAt).toBe(3000);
	});

	it('leaving a field drops the editor; silent editors expire', () => {
		let eds = mergeEditing({}, msg('a', 'what', 'x'), 1000);
		eds = mergeEditing(eds, msg('b', 'where', 'y'), 2000);
		expect(Object.keys(mergeEditing(eds, msg('a', null), 3000))).toEqual(['b']);
		expect(Object.keys(mergeEditing(eds, msg('c', 'who', 'z'), 41_500))).toEqual(['b', 'c']);
	});
});
