// Page loads and form actions: SvelteKit answers 500 for any error it does not know, so a
// ServiceError thrown there (a role check's 403, a 404, a 409) is turned into its own status.
import { error } from '@sveltejs/kit';
import { ServiceError } from './errors';

/** Wraps a load function or form action so a ServiceError answers with its status and message. */
export function guarded<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
	return async (...args: A) => {
		try {
			return await fn(...args);
		} catch (err) {
			if (err instanceof ServiceError) error(err.status, { message: err.message, code: err.code });
			throw err;
		}
	};
}

/** Every action of a form-actions object, guarded. */
export function guardedActions<T extends Record<string, (...args: never[]) => unknown>>(actions: T): T {
	return Object.fromEntries(Object.entries(actions).map(([name, fn]) => [name, guarded(fn as (...args: unknown[]) => unknown)])) as unknown as T;
}
