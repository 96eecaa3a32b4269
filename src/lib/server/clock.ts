/** The server owns time; services take the clock as a dependency so tests can move it. */
export interface Clock {
	now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
