// The timer side of durable background work (deadline alarms, webhook deliveries). The work itself
// is stored in the database and claimed there, so it survives restarts and is shared safely by
// several instances; timers only decide *when* to look: at the next due time this instance knows
// of, and at least every `pollMs` for work added by other instances.
import type { Clock } from '../clock';
import { logger } from '../logger.js';

export abstract class PollLoop {
	private timer: ReturnType<typeof setTimeout> | null = null;
	private running: Promise<void> | null = null;
	private again = false;
	private stopped = true;

	constructor(
		protected clock: Clock,
		private pollMs: number,
		private what: string
	) {}

	/** Does all the work due now. */
	abstract runDue(): Promise<unknown>;
	/** When the next known work is due (null: none known; poll anyway). */
	abstract nextDue(): Promise<Date | null>;

	start(): void {
		this.stopped = false;
		this.kick();
	}

	/** Stops the timers and waits for the cycle in flight. */
	async stop(): Promise<void> {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.interrupt();
		await this.running?.catch(() => {});
	}

	/** Cuts short work in flight when stopping (e.g. slow HTTP calls); nothing by default. */
	protected interrupt(): void {}

	/** Something changed: look again now (or right after the cycle in flight). */
	kick(): void {
		if (this.stopped) return;
		if (this.running) {
			this.again = true;
			return;
		}
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.running = this.cycle().finally(() => {
			this.running = null;
			if (this.again) {
				this.again = false;
				this.kick();
			}
		});
	}

	private async cycle(): Promise<void> {
		let delay = this.pollMs;
		try {
			await this.runDue();
			const next = await this.nextDue();
			if (next) delay = Math.min(this.pollMs, Math.max(0, next.getTime() - this.clock.now().getTime()));
		} catch (err) {
			logger.error({ err }, `${this.what} cycle failed; retrying`);
		}
		if (!this.stopped && !this.again) this.timer = setTimeout(() => this.kick(), delay);
	}
}
