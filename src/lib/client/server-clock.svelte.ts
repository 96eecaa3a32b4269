// A ticking, server-corrected "now" for countdowns: one interval per tab, shared by every component.
import { getSocketManager } from './socket-manager.svelte';

class ServerClock {
	now = $state(Date.now());
	private timer: ReturnType<typeof setInterval> | undefined;
	private users = 0;

	/** Starts ticking while at least one component uses it; returns the release. */
	use(): () => void {
		if (this.users++ === 0) {
			const tick = () => (this.now = getSocketManager().now());
			tick();
			this.timer = setInterval(tick, 1000);
		}
		return () => {
			if (--this.users === 0) clearInterval(this.timer);
		};
	}
}

export const serverClock = new ServerClock();
