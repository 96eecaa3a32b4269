// Server errors in the UI's language. The API answers `{ error: { code, message, details } }` with an
// English message (a few in the request's language); the UI shows a message of its own dictionary for
// the code, with the details that matter (fields, rows, unmet conditions, stock) rendered as text —
// never the server's English or JSON in the Chinese interface. tests/unit/error-messages.test.ts checks
// that every code the server throws has a message in both dictionaries.
import { get } from 'svelte/store';
import { _, locale } from 'svelte-i18n';
import { fullWidth } from '$lib/i18n/punctuation';

type Translate = (key: string, options?: { values?: Record<string, string | number>; default?: string }) => string;
export interface ErrorEnvelope {
	code: string;
	message?: string;
	details?: unknown;
}

const HAN = /\p{Script=Han}/u;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `customers.3.phone` → its label (`电话`), with the row when the path has one. */
function fieldLabel(t: Translate, field: string, row?: unknown): string {
	const parts = field.split('.');
	const name = [...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? field;
	const label = t(`errors.fields.${name}`, { default: name });
	const index = row ?? parts.find((p) => /^\d+$/.test(p));
	return index === undefined ? label : t('errors.row', { values: { row: Number(index) + (row === undefined ? 1 : 0), field: label } }).trim();
}

/** The message for an error envelope in `lang`, with `t` the dictionary of that language. */
export function describeError(error: ErrorEnvelope, lang: 'en' | 'zh', t: Translate): string {
	const { code, details } = error;
	const server = error.message ?? '';
	const generic = t(`errors.codes.${code}`, { default: t('errors.codes.error') });
	const d = isRecord(details) ? details : {};

	if (code === 'gate_not_met' && Array.isArray(d.conditions)) {
		const conditions = (d.conditions as { key: string; en: string; zh: string }[]).map((c) => (lang === 'zh' ? c.zh : c.en)).join(lang === 'zh' ? '；' : '; ');
		return t(server.startsWith('Cannot enter') ? 'errors.gate' : 'errors.unmet', { values: { conditions } });
	}
	if (code === 'conflict' && typeof d.determinedLevel === 'number') {
		const level = (n: number) => t(`errors.level.${n}`, { default: String(n) });
		return t('errors.needsOverride', { values: { determined: level(d.determinedLevel), requested: level(Number(d.requestedLevel ?? d.determinedLevel + 1)) } });
	}
	if (code === 'conflict' && typeof d.unreachableAt === 'string') return t('errors.alreadyUnreachable');
	if (code === 'conflict' && typeof d.firstContactAt === 'string') return t('errors.alreadyReached');
	if (code === 'conflict' && 'commitment' in d) return t('errors.commitmentClosed');
	if (code === 'conflict' && typeof d.phase === 'string' && !('next' in d)) return t('errors.archiveNotReady');
	if (code === 'insufficient_stock' && typeof d.available === 'number') {
		return t('errors.stock', { values: { available: d.available, requested: Number(d.requested ?? 0) } });
	}
	if (code === 'rate_limited' && typeof d.retryAfterSeconds === 'number') return t('errors.retryAfter', { values: { seconds: d.retryAfterSeconds } });
	if (Array.isArray(details) && details.length && details.every((x) => isRecord(x) && typeof x.field === 'string')) {
		const list = details as { field: string; row?: number; code?: unknown }[];
		// a field refused for a reason the dictionary knows (`future`, `cannot_hold_seat`): say the reason
		const reasons = list.map((x) => (typeof x.code === 'string' ? t(`errors.fieldCodes.${x.code}`, { default: '' }) : ''));
		if (code === 'invalid_input' && reasons.every(Boolean)) {
			return [...new Set(list.map((x, i) => `${fieldLabel(t, x.field, x.row)}${lang === 'zh' ? '：' : ': '}${reasons[i]}`))].join(lang === 'zh' ? '；' : '; ');
		}
		const fields = [...new Set(list.map((x) => fieldLabel(t, x.field, x.row)))];
		if (code === 'invalid_input') return t('errors.invalidFields', { values: { fields: fields.join(lang === 'zh' ? '、' : ', ') } });
		return lang === 'zh' ? `${generic}（${fields.join('、')}）` : server || generic;
	}
	// a message the server already wrote in the caller's language
	if (lang === 'zh') return server && HAN.test(server) ? fullWidth(server) : generic;
	return server || generic;
}

/** The same, in the language the UI shows now (svelte-i18n's locale); the server's message when no dictionary is loaded. */
export function localizedError(error: ErrorEnvelope): string {
	try {
		const lang = (get(locale) ?? 'en').startsWith('zh') ? 'zh' : 'en';
		const t = get(_) as unknown as Translate;
		return describeError(error, lang, t);
	} catch {
		return error.message ?? error.code;
	}
}

/** One problem of a form action (`{ field, message }` from the server, `code` when it was not a validation error). */
export function describeFieldError(e: { field: string; message: string; code?: string }, lang: 'en' | 'zh', t: Translate): string {
	const label = e.field ? fieldLabel(t, e.field) : '';
	if (e.message === 'already exists') return t('errors.exists', { values: { field: label } });
	if (e.message === 'last active admin') return t('errors.lastAdmin');
	const privateAddress = /^private address (\S+) /.exec(e.message);
	if (privateAddress) return t('errors.privateAddress', { values: { address: privateAddress[1] } });
	if (e.code && e.code !== 'invalid_input') return describeError({ code: e.code, message: e.message }, lang, t);
	if (lang === 'zh') return label ? t('errors.invalidField', { values: { field: label } }) : t('errors.codes.invalid_input');
	return label ? `${label}: ${e.message}` : e.message;
}

/**
 * A webhook attempt's error as the delivery log records it (English, from the server) in the UI's
 * language: a refused destination names the address and the setting; a timeout its limit. Other
 * network errors (ECONNREFUSED, a robot's own error code) are shown as recorded: they are codes.
 */
export function describeDeliveryError(error: string, t: Translate): string {
	const refused = /^destination_refused: (?:(\S+): )?private address (\S+) /.exec(error);
	if (refused) return t('errors.privateAddress', { values: { address: refused[1] ? `${refused[1]} (${refused[2]})` : refused[2] } });
	const timeout = /^no answer within (\d+) ms$/.exec(error);
	if (timeout) return t('webhooks.noAnswer', { values: { ms: Number(timeout[1]) } });
	return error;
}

/** The same, in the UI's language now. */
export function fieldError(e: { field: string; message: string; code?: string }): string {
	try {
		const lang = (get(locale) ?? 'en').startsWith('zh') ? 'zh' : 'en';
		return describeFieldError(e, lang, get(_) as unknown as Translate);
	} catch {
		return e.field ? `${e.field}: ${e.message}` : e.message;
	}
}
