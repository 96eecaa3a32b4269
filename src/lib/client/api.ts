// Browser calls to the public API (the same contract integrations use), with the error envelope unwrapped.
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details?: unknown
	) {
		super(message);
	}
}

/** `raw` sends a body as is (e.g. a CSV file) with its content type. */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown; raw?: { body: BodyInit; type: string } } = {}): Promise<T> {
	const headers: Record<string, string> = init.raw ? { 'content-type': init.raw.type } : init.body === undefined ? {} : { 'content-type': 'application/json' };
	const res = await fetch(`/api/v1${path}`, {
		method: init.method ?? 'GET',
		headers,
		body: init.raw ? init.raw.body : init.body === undefined ? undefined : JSON.stringify(init.body),
		credentials: 'same-origin'
	});
	if (res.status === 204) return undefined as T;
	const data = await res.json().catch(() => null);
	if (!res.ok) {
		const e = data?.error ?? {};
		throw new ApiError(res.status, e.code ?? 'error', e.message ?? res.statusText, e.details);
	}
	return data as T;
}
