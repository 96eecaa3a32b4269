// Lint and the import boundaries of STYLE.md ("the data flows one way"), run by `npm test`.
// A boundary is a `no-restricted-imports` rule on the folder that must not look elsewhere, so
// a violation names the file, the import and the reason.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/** Patterns shared by several boundaries. */
const SERVER = { group: ['$lib/server', '$lib/server/**', '**/server/**'], message: 'The server side is out of reach here (STYLE.md: data flows one way).' };
const DB = {
	group: ['$lib/server/db', '$lib/server/db/**', '**/server/db/**', 'drizzle-orm', 'drizzle-orm/**'],
	message: 'Only services and repositories touch the database; call a service through locals.app.'
};
const SOCKET_CLIENT = { group: ['socket.io-client'], message: 'Components read live state from src/lib/client (socket-manager and the *.svelte.ts classes).' };

export default ts.config(
	{
		ignores: ['build/', '.svelte-kit/', 'node_modules/', 'drizzle/', 'test-results/', 'playwright-report/', 'backups/', 'data/', 'static/', 'coverage/']
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { projectService: false, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_' }],
			'@typescript-eslint/no-explicit-any': 'error',
			'no-console': 'error',
			// socket handlers are shared by every connection and receive the socket as `this`
			'@typescript-eslint/no-this-alias': ['error', { allowedNames: ['socket'] }],
			// links are built with resolve() or are plain paths of this app; the rule misfires on ?query strings
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	// ── Boundaries ─────────────────────────────────────────────────────────────
	{
		files: ['src/lib/domain/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						SERVER,
						{ group: ['$lib/api', '$lib/api/**', '**/api/**'], message: 'The domain is pure: the API schemas depend on it, not the other way round.' },
						{ group: ['$app/**', '$env/**'], message: 'The domain is pure: no SvelteKit runtime or environment.' },
						{
							group: ['drizzle-orm', 'drizzle-orm/**', 'socket.io', 'socket.io/**', 'socket.io-client', 'postgres', 'pg', '@electric-sql/**'],
							message: 'The domain is pure: no database or socket library.'
						},
						{ group: ['node:*', 'fs', 'path', 'crypto', 'http'], message: 'The domain is pure: no I/O (time and randomness are parameters).' }
					]
				}
			]
		}
	},
	{
		files: ['src/routes/**'],
		rules: { 'no-restricted-imports': ['error', { patterns: [DB] }] }
	},
	{
		files: ['src/lib/components/**', 'src/routes/**/*.svelte'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [SOCKET_CLIENT, SERVER, DB] }],
			'no-restricted-globals': ['error', { name: 'fetch', message: 'Components call the API through $lib/client/api (typed client, one error envelope).' }],
			'no-restricted-properties': [
				'error',
				{ object: 'window', property: 'fetch', message: 'Components call the API through $lib/client/api.' },
				{ object: 'globalThis', property: 'fetch', message: 'Components call the API through $lib/client/api.' }
			]
		}
	},
	{
		files: ['src/lib/client/**', 'src/lib/realtime/**', 'src/lib/api/**', 'src/lib/i18n/**'],
		rules: { 'no-restricted-imports': ['error', { patterns: [SERVER] }] }
	},
	// scripts and tests print on purpose; tests poke at loosely typed JSON answers
	{
		files: ['scripts/**', 'tests/**'],
		rules: { 'no-console': 'off' }
	},
	{
		files: ['tests/**'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	}
);
