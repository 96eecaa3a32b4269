export const SESSION_COOKIE = 'warroom_session';
export const DISPLAY_COOKIE = 'warroom_display';
export const LANG_COOKIE = 'warroom_lang';
