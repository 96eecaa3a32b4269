// One webhook POST over node:http(s), so that the destination check and the connection share
// one resolution: the socket's `lookup` is the guarded one (destination.ts). Global fetch cannot
// take a lookup without a separate HTTP client package. Redirects are not followed (a 3xx is
// an answer, and would otherwise lead past the check).
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, refusedLiteral, type Resolve } from './destination';

/** Enough of an answer for the robots' error codes and the log's excerpt; the rest is read and dropped. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface PostOptions {
	headers: Record<string, string>;
	body: string;
	signal: AbortSignal;
	/** Deliver to non-public addresses too (WARROOM_WEBHOOK_ALLOW_PRIVATE). */
	allowPrivate: boolean;
	/** The resolver behind the guard (tests); dns.lookup by default. */
	resolve?: Resolve;
}

/** POSTs `body` to `url`; resolves with the answer's status and text, rejects with DestinationRefused or the network error. */
export function post(url: string, options: PostOptions): Promise<{ status: number; text: string }> {
	const target = new URL(url);
	if (!options.allowPrivate) {
		const refused = refusedLiteral(target);
		if (refused) return Promise.reject(refused);
	}
	const client = target.protocol === 'https:' ? https : http;
	return new Promise((resolve, reject) => {
		const req = client.request(
			target,
			{
				method: 'POST',
				headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
				signal: options.signal,
				// a fresh connection per delivery: each one resolves (and is checked) again
				agent: false,
				lookup: options.allowPrivate ? undefined : guardedLookup(options.resolve)
			},
			(res) => {
				const chunks: Buffer[] = [];
				let size = 0;
				res.on('data', (chunk: Buffer) => {
					if (size >= MAX_ANSWER_BYTES) return;
					chunks.push(chunk);
					size += chunk.length;
				});
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8') }));
				res.on('error', reject);
				res.on('close', () => {
					if (!res.complete) reject(new Error('the connection closed before the answer was complete'));
				});
			}
		);
		req.on('error', reject);
		req.end(options.body);
	});
}
