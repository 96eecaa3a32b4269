import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		// the scripts (demo, backup, restore) import the app's modules: type-check them with it
		typescript: {
			config: (config) => {
				config.include.push('../scripts/**/*.ts');
				return config;
			}
		},
		// Cross-site form protection is done in hooks.server.ts (csrf handle) so API clients with a
		// bearer token get the JSON error envelope rather than a bare 403.
		csrf: { trustedOrigins: ['*'] },
		// Content Security Policy for every page SvelteKit renders: its own inline bootstrap script gets a
		// per-response nonce ('auto': hashes for prerendered pages), nothing else runs. `style-src-attr`
		// allows the style="" attributes Svelte renders (bar widths); no inline <style> or script is
		// needed. `connect-src 'self'` covers the same-origin socket.io WebSocket (ws:/wss: on this host).
		// Other HTML (archive documents) gets a script-free policy in hooks.server.ts.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
