import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import type { Server as HttpServer } from 'node:http';
import { attachSocketServer } from './src/lib/server/realtime/attach.js';

/** socket.io on the same HTTP server and port as SvelteKit in `vite dev` and `vite preview`. */
function warroomSocket(): Plugin {
	return {
		name: 'warroom-socket',
		configureServer(server) {
			if (server.httpServer) attachSocketServer(server.httpServer as HttpServer);
		},
		configurePreviewServer(server) {
			attachSocketServer(server.httpServer as HttpServer);
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), warroomSocket()],
	server: { port: 3000 },
	preview: { port: 3000 },
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60000,
					hookTimeout: 120000,
					fileParallelism: false,
					globalSetup: ['tests/integration/global-setup.ts']
				}
			}
		]
	}
});
