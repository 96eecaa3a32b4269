import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		// Cross-site form protection is done in hooks.server.ts (csrf handle) so API clients with a
		// bearer token get the JSON error envelope rather than a bare 403.
		csrf: { trustedOrigins: ['*'] }
	}
};

export default config;
