// One error type for use cases; routes and socket handlers turn it into the API envelope.
export type ErrorCode =
	| 'invalid_input'
	| 'unauthorized'
	| 'forbidden'
	| 'not_found'
	| 'version_conflict'
	| 'gate_not_met'
	| 'conflict'
	| 'insufficient_stock'
	| 'authorization_required'
	| 'unsupported_media_type'
	| 'too_large'
	| 'rate_limited'
	| 'unavailable';

export const ERROR_STATUS: Record<ErrorCode, number> = {
	invalid_input: 400,
	unauthorized: 401,
	forbidden: 403,
	not_found: 404,
	version_conflict: 409,
	gate_not_met: 409,
	conflict: 409,
	insufficient_stock: 409,
	authorization_required: 409,
	unsupported_media_type: 415,
	too_large: 413,
	rate_limited: 429,
	unavailable: 503
};

export class ServiceError extends Error {
	readonly status: number;
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly details?: unknown,
		readonly headers?: Record<string, string>
	) {
		super(message);
		this.status = ERROR_STATUS[code];
	}
}

export const notFound = (what: string) => new ServiceError('not_found', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new ServiceError('forbidden', message);
export const unauthorized = (message = 'Sign in or send a valid bearer token') => new ServiceError('unauthorized', message);
