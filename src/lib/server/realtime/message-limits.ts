// Rate limits for the messages a socket sends (subscribe, unsubscribe, review.editing): a token
// bucket per socket and a larger one per address (an office behind one NAT shares it). A message
// over either limit is refused — answered `rate_limited` when it asked for an answer, otherwise
// dropped — and a socket that keeps sending after being refused is cut; every other socket goes on.
// In memory, per instance, like the HTTP limits. Time comes from an injected monotonic clock.

export interface BucketSettings {
	/** Messages per second refilled. */
	rate: number;
	/** Messages that may come at once. */
	burst: number;
}

export interface MessageLimitSettings {
	perSocket: BucketSettings;
	perAddress: BucketSettings;
}

/** A token bucket: `burst` tokens, refilled at `rate` per second. */
export class TokenBucket {
	private tokens: number;
	private at: number;

	constructor(
		private settings: BucketSettings,
		private now: () => number
	) {
		this.tokens = settings.burst;
		this.at = now();
	}

	/** Takes a token if there is one. */
	take(): boolean {
		const t = this.now();
		this.tokens = Math.min(this.settings.burst, this.tokens + ((t - this.at) / 1000) * this.settings.rate);
		this.at = t;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}

/** What becomes of one message: handled, refused, or refused and the socket cut. */
export type Verdict = 'ok' | 'limited' | 'cut';

export interface MessageGate {
	admit(): Verdict;
	/** The socket is gone: its address's bucket is forgotten with its last socket. */
	close(): void;
}

export class MessageLimits {
	private addresses = new Map<string, { bucket: TokenBucket; sockets: number }>();

	constructor(
		private settings: MessageLimitSettings,
		private now: () => number = () => performance.now()
	) {}

	/** The gate for one new socket from `address`. */
	open(address: string): MessageGate {
		let shared = this.addresses.get(address);
		if (!shared) this.addresses.set(address, (shared = { bucket: new TokenBucket(this.settings.perAddress, this.now), sockets: 0 }));
		shared.sockets++;
		const own = new TokenBucket(this.settings.perSocket, this.now);
		// refusals are allowed at the socket's own pace; one that keeps sending at twice that is cut
		const patience = new TokenBucket(this.settings.perSocket, this.now);
		let closed = false;
		return {
			admit: () => {
				if (own.take() && shared.bucket.take()) return 'ok';
				return patience.take() ? 'limited' : 'cut';
			},
			close: () => {
				if (closed) return;
				closed = true;
				if (--shared.sockets === 0) this.addresses.delete(address);
			}
		};
	}

	/** Addresses with a socket now (for tests: nothing is kept for a socket that left). */
	get size(): number {
		return this.addresses.size;
	}
}

/**
 * The address a socket came from, as SvelteKit's adapter-node reads it for HTTP requests: the
 * ADDRESS_HEADER (with XFF_DEPTH for X-Forwarded-For) behind a proxy, else the peer's address.
 */
export function socketAddress(handshake: { address: string; headers: Record<string, string | string[] | undefined> }, addressHeader?: string, xffDepth = 1): string {
	if (!addressHeader) return handshake.address;
	const raw = handshake.headers[addressHeader.toLowerCase()];
	const value = (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).trim();
	if (!value) return handshake.address;
	if (addressHeader.toLowerCase() !== 'x-forwarded-for') return value;
	const list = value.split(',').map((a) => a.trim());
	return list[Math.max(0, list.length - xffDepth)] || handshake.address;
}
