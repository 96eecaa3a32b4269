// The signed-in person's tasks in the browser: one copy per tab, read by the nav badge and the
// My tasks page, so the badge's count is always the list's length. Fetched when a reader starts,
// on navigation, and again shortly after an event that may change someone's work.
import { api } from './api';
import { getSocketManager } from './socket-manager.svelte';
import type { TasksJson } from '$lib/api/schemas';

/** Events after which a task may have appeared or gone (a seat, a customer, a deadline, a commitment, a phase). */
const RELEVANT = /^(customer|response|deadline|incident|commitment)\./;

export class MyTasks {
	tasks: TasksJson | null = $state(null);
	private readers = 0;
	private stop: (() => void) | undefined;
	private pending: ReturnType<typeof setTimeout> | undefined;

	/** Starts live updates while at least one component reads; returns its stop. */
	use(): () => void {
		if (this.readers++ === 0) {
			this.stop = getSocketManager().subscribeDashboard((e) => {
				if (!RELEVANT.test(e.type)) return;
				clearTimeout(this.pending);
				this.pending = setTimeout(() => void this.refresh(), 250);
			});
		}
		return () => {
			if (--this.readers === 0) {
				this.stop?.();
				clearTimeout(this.pending);
			}
		};
	}

	async refresh(): Promise<void> {
		try {
			this.tasks = await api.me.tasks();
		} catch {
			// offline or signed out: keep the last list; the next event or navigation asks again
		}
	}
}

let shared: MyTasks | undefined;
/** The tab's tasks, created on first use in the browser (never on the server: it holds one person's work). */
export function getMyTasks(): MyTasks {
	shared ??= new MyTasks();
	return shared;
}
