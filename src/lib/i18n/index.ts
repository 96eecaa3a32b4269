// svelte-i18n with both dictionaries registered synchronously, so server rendering needs no await.
import { addMessages, init, locale, _ } from 'svelte-i18n';
import en from './en';
import zh from './zh-CN';

export type Lang = 'en' | 'zh';
export const LOCALE: Record<Lang, string> = { en: 'en', zh: 'zh-CN' };

let ready = false;
export function setupI18n(lang: Lang) {
	if (!ready) {
		addMessages('en', en);
		addMessages('zh-CN', zh);
		init({ fallbackLocale: 'en', initialLocale: LOCALE[lang] });
		ready = true;
	}
	locale.set(LOCALE[lang]);
}

export { _, locale };
