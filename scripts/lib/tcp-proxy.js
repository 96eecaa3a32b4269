// A small layer-4 (TCP) round-robin proxy: one port in front of several Warroom instances, for
// trying and testing scale-out on one machine (`npm run cluster`). Each TCP connection goes to
// the next instance that accepts it, so websockets pass through untouched and no sticky session
// is needed (the browser client uses the websocket transport first). A production set-up uses
// a real reverse proxy instead (README: "Several instances").
import net from 'node:net';

/**
 * @param {{ port: number, host?: string, backends: () => number[], backendHost?: string }} opts
 * @returns {Promise<{ server: net.Server, port: number, drop: () => void, close: () => Promise<void> }>}
 */
export function startTcpProxy(opts) {
	const backendHost = opts.backendHost ?? '127.0.0.1';
	let next = 0;
	const open = new Set();
	const server = net.createServer((client) => {
		open.add(client);
		client.on('close', () => open.delete(client));
		client.on('error', () => client.destroy());
		client.pause();
		const ports = opts.backends();
		let tries = 0;
		const attempt = () => {
			if (ports.length === 0 || tries >= ports.length) return client.destroy();
			const port = ports[next++ % ports.length];
			tries++;
			const upstream = net.connect(port, backendHost);
			let connected = false;
			upstream.once('error', () => {
				if (!connected) return attempt(); // refused (an instance is down): the next one
				client.destroy();
			});
			upstream.once('connect', () => {
				connected = true;
				open.add(upstream);
				upstream.on('close', () => {
					open.delete(upstream);
					client.destroy();
				});
				upstream.on('error', () => upstream.destroy());
				client.on('close', () => upstream.destroy());
				client.pipe(upstream);
				upstream.pipe(client);
				client.resume();
			});
		};
		attempt();
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
			const address = /** @type {net.AddressInfo} */ (server.address());
			resolve({
				server,
				port: address.port,
				/** Cuts every connection through the proxy now (a network drop, as the peers see it). */
				drop: () => {
					for (const s of open) s.destroy();
				},
				close: () =>
					new Promise((done) => {
						for (const s of open) s.destroy();
						server.close(() => done(undefined));
					})
			});
		});
	});
}
