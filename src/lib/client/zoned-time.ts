// Every time the UI shows, in the server's zone (WARROOM_TIMEZONE, `timeZone` in every page's
// data from the root layout), never the browser's: a responder in Urumqi, a laptop left on UTC
// and the wall in Beijing must read the same deadline the same way. Read during rendering, so the
// server-rendered and the hydrated text agree.
import { page } from '$app/state';
import { formatInZone, zoneLabel, type TimeStyle } from '$lib/domain/local-time';
import type { Lang } from '$lib/i18n';

/** The server's zone, as the root layout gives it to every page. */
export function serverZone(): string {
	return (page.data as { timeZone?: string }).timeZone ?? 'UTC';
}

/** A time as the server's zone shows it (`2026-12-02 00:05`); a dash when there is none. */
export function shownTime(at: Date | string | number | null | undefined, style: TimeStyle = 'datetime'): string {
	return at === null || at === undefined || at === '' ? '—' : formatInZone(at, serverZone(), style);
}

/** The zone's name for a label or tooltip: 北京时间 / Beijing time, else its name and offset now. */
export function zoneName(lang: Lang, at: Date = new Date()): string {
	return zoneLabel(at, serverZone())[lang];
}
