// Level colours on the charts are the interface's level colours (app.css --l1/--l2/--l3), and the
// palette for every other series (categories, times, rates) never reuses them.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import { LEVEL_COLORS, PALETTE, dashedRunning } from '$lib/client/chart.svelte';

const css = fs.readFileSync('src/app.css', 'utf8');
const cssVar = (name: string) => new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(css)?.[1].toLowerCase();
/** Hue in degrees of a #rrggbb colour. */
function hue(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
	const max = Math.max(r, g, b);
	const d = max - Math.min(r, g, b);
	if (d === 0) return 0;
	const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
	return (h * 60 + 360) % 360;
}
const saturated = (hex: string) => {
	const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
	return Math.max(r, g, b) - Math.min(r, g, b) > 60;
};

describe('chart colours', () => {
	it('level 1 red, level 2 orange, level 3 green: the same as the rest of the interface', () => {
		expect(LEVEL_COLORS).toEqual({ 1: cssVar('l1'), 2: cssVar('l2'), 3: cssVar('l3') });
	});
	it('the neutral palette has no red, orange, yellow or green', () => {
		for (const c of PALETTE) {
			expect(Object.values(LEVEL_COLORS)).not.toContain(c);
			// saturated colours must sit in blue–violet–magenta (cyan included), far from the level hues
			if (saturated(c)) expect(hue(c), c).toBeGreaterThanOrEqual(180);
			if (saturated(c)) expect(hue(c), c).toBeLessThanOrEqual(320);
		}
	});
	it('only the segment into the running period is dashed', () => {
		const dash = dashedRunning(4).segment.borderDash;
		expect(dash({ p1DataIndex: 4 })).toEqual([6, 5]);
		expect(dash({ p1DataIndex: 3 })).toBeUndefined();
		expect(dashedRunning(-1).segment.borderDash({ p1DataIndex: 0 })).toBeUndefined();
	});
});
