// chart.js wrapped once as an attachment: `<canvas {@attach chart(() => config)}>`. The chart is
// created when the canvas mounts, updated in place (no re-creation, no flicker) when the config's
// reactive inputs change, and destroyed with the canvas. `dark` gives the wall display's variant.
import { Chart, BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import type { Attachment } from 'svelte/attachments';

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

/**
 * Series that are not levels (categories, times, rates): neutral colours that stay distinguishable
 * on white and on the dark wall display and never reuse a level's red, orange or green.
 */
export const PALETTE = ['#2563eb', '#7c3aed', '#0891b2', '#64748b', '#c026d3', '#1e3a8a'];
/** Levels only, the same as everywhere else in the interface (--l1, --l2, --l3 in app.css). */
export const LEVEL_COLORS = { 1: '#c0262d', 2: '#b45309', 3: '#2f7d32' } as const;

/** Line options that draw the segment into the running (incomplete) period dashed; `running` is its index, or -1. */
export const dashedRunning = (running: number) => ({
	segment: { borderDash: (ctx: { p1DataIndex: number }) => (running >= 0 && ctx.p1DataIndex === running ? [6, 5] : undefined) }
});

function themed(config: ChartConfiguration, dark: boolean): ChartConfiguration {
	const ink = dark ? '#e5e7eb' : '#374151';
	const grid = dark ? 'rgba(255,255,255,0.12)' : 'rgba(0,0,0,0.08)';
	const scales = Object.fromEntries(
		Object.entries(config.options?.scales ?? { x: {}, y: {} }).map(([k, s]) => [k, { ...s, ticks: { color: ink, ...(s as { ticks?: object }).ticks }, grid: { color: grid } }])
	);
	return {
		...config,
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: { duration: 250 },
			interaction: { mode: 'index', intersect: false },
			...config.options,
			scales,
			plugins: { ...config.options?.plugins, legend: { labels: { color: ink, boxWidth: 12 }, ...config.options?.plugins?.legend } }
		}
	} as ChartConfiguration;
}

export function chart(config: () => ChartConfiguration, dark = false): Attachment<HTMLCanvasElement> {
	return (canvas) => {
		let instance: Chart | null = null;
		$effect(() => {
			const next = themed(config(), dark);
			if (!instance) {
				instance = new Chart(canvas, next);
				return;
			}
			instance.data = next.data;
			instance.options = next.options ?? {};
			instance.update();
		});
		return () => instance?.destroy();
	};
}
