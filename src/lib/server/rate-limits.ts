// Rate limits (429 with Retry-After): the API per credential (or per address when anonymous), and
// token creation. In memory, per instance — with N instances the effective limit is up to N times
// higher; put a shared limiter in the reverse proxy when that matters.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from './config';
import { ServiceError } from './errors';

export class RateLimits {
	private apiLimiter: RateLimiterMemory;
	private tokenLimiter: RateLimiterMemory;

	constructor(config: Pick<Config, 'apiRateLimit' | 'tokenRateLimit'>) {
		this.apiLimiter = new RateLimiterMemory({ points: config.apiRateLimit, duration: 60 });
		this.tokenLimiter = new RateLimiterMemory({ points: config.tokenRateLimit, duration: 3600 });
	}

	private static async take(limiter: RateLimiterMemory, key: string, what: string): Promise<void> {
		try {
			await limiter.consume(key);
		} catch (res) {
			if (!(res instanceof RateLimiterRes)) throw res;
			const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
			throw new ServiceError('rate_limited', `Too many ${what}; retry in ${seconds} s`, { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
		}
	}

	api(key: string): Promise<void> {
		return RateLimits.take(this.apiLimiter, key, 'requests');
	}

	token(key: string): Promise<void> {
		return RateLimits.take(this.tokenLimiter, key, 'tokens created');
	}
}
