// The API's edges: one error envelope, JSON body parsing with zod, language from the request.
import { json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { ServiceError } from './errors';
import { logger } from './logger.js';
import { unstorableText } from './text-input';

export function apiError(status: number, code: string, message: string, details?: unknown, headers?: Record<string, string>): Response {
	return json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, { status, headers });
}

/** zod issues → [{field, message}] (field as a dotted path; row first for arrays of rows). */
export function issuesToDetails(issues: z.core.$ZodIssue[]) {
	return issues.map((i) => {
		const path = i.path.map(String);
		const unknownKeys = i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys : undefined;
		const field = unknownKeys?.length ? [...path, unknownKeys[0]].join('.') : path.join('.') || '(body)';
		return { field, message: i.message };
	});
}

export function invalid(issues: z.core.$ZodIssue[]): ServiceError {
	const details = issuesToDetails(issues);
	return new ServiceError('invalid_input', `Invalid input: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details);
}

let jsonLimitBytes = 5 * 1024 * 1024;
/** The largest JSON body (WARROOM_JSON_LIMIT_BYTES), set once at start-up. */
export function setJsonLimit(bytes: number): void {
	jsonLimitBytes = bytes;
}

/**
 * Reads a request body up to `limit` bytes, counted as it streams: a declared Content-Length above
 * the limit, or the first chunk past it, throws `tooLarge()` without reading the rest, so an
 * oversized upload is never buffered whole. The stream is released, not cancelled: cancelling it
 * destroys the connection before the 413 is written (the client sees a reset); src/server.js
 * discards whatever the client still sends after the answer.
 */
export async function readBodyLimited(request: Request, limit: number, tooLarge: () => ServiceError): Promise<Uint8Array> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > limit) throw tooLarge();
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > limit) throw tooLarge();
			chunks.push(value);
		}
	} finally {
		reader.releaseLock();
	}
	return Buffer.concat(chunks, size);
}

/** Reads a JSON body and validates it; every failure is a 400 that names the field; above the JSON limit, 413. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.toLowerCase().includes('application/json')) {
		throw new ServiceError('invalid_input', 'Send a JSON body with Content-Type: application/json', [{ field: '(body)', message: 'expected application/json' }]);
	}
	const tooLarge = () => new ServiceError('too_large', `The JSON body is larger than ${Math.round(jsonLimitBytes / 1024)} KB`);
	const text = new TextDecoder().decode(await readBodyLimited(request, jsonLimitBytes, tooLarge));
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw new ServiceError('invalid_input', 'The body is not valid JSON', [{ field: '(body)', message: 'malformed JSON' }]);
	}
	const bad = unstorableText(body);
	if (bad) throw new ServiceError('invalid_input', `Invalid input: ${bad.field}: ${bad.message}`, [bad]);
	const parsed = schema.safeParse(body);
	if (!parsed.success) throw invalid(parsed.error.issues);
	return parsed.data;
}

export function readQuery<S extends z.ZodType>(url: URL, schema: S): z.infer<S> {
	const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) throw invalid(parsed.error.issues);
	return parsed.data;
}

/** Wraps an API handler: ServiceError → envelope; anything unexpected is logged and answered 500 without detail. */
export function api<E extends RequestEvent>(handler: (event: E) => Promise<Response> | Response): (event: E) => Promise<Response> {
	return async (event) => {
		try {
			return await handler(event);
		} catch (err) {
			if (err instanceof ServiceError) return apiError(err.status, err.code, err.message, err.details, err.headers);
			if (err instanceof Error && err.message?.includes('Content-length of')) {
				return apiError(413, 'too_large', 'The request body is too large');
			}
			logger.error({ err, path: event.url.pathname, method: event.request.method }, 'unhandled API error');
			return apiError(500, 'internal', 'Something went wrong on the server; the change was not applied');
		}
	};
}

export function langOf(event: RequestEvent): 'en' | 'zh' {
	return event.locals.lang;
}
