// `npm run cluster -- --instances=3 [--port=3000]`: N Warroom instances on one PostgreSQL
// (DATABASE_URL) behind one port, for trying scale-out and fault tolerance on one machine.
// Instance i listens on port+1+i; a small TCP proxy on `port` spreads connections round-robin
// and skips instances that are down. A crashed instance is started again (`--no-restart` to
// leave it down). Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildIfNeeded, root } from './build-if-needed.js';
import { startTcpProxy } from './lib/tcp-proxy.js';

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const instances = Number(arg('instances', '2'));
const port = Number(arg('port', process.env.PORT || '3000'));
const restart = !process.argv.includes('--no-restart');
if (!process.env.DATABASE_URL) {
	process.stderr.write(
		'npm run cluster needs DATABASE_URL: several instances share one PostgreSQL (the embedded database belongs to one process).\n' +
			'  DATABASE_URL=postgres://user@host:5432/warroom npm run cluster -- --instances=3\n'
	);
	process.exit(2);
}
if (!Number.isInteger(instances) || instances < 1 || instances > 32) {
	process.stderr.write('--instances must be a whole number from 1 to 32\n');
	process.exit(2);
}
buildIfNeeded();

const ports = Array.from({ length: instances }, (_, i) => port + 1 + i);
const children = new Map();
let stopping = false;

function startInstance(p) {
	// The TCP proxy keeps the browser's Host header, so each instance sees the proxy's address as its own origin.
	const env = { ...process.env, PORT: String(p), HOST: '127.0.0.1', NODE_ENV: 'production' };
	const child = spawn(process.execPath, [path.join(root, 'src', 'server.js')], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
	children.set(p, child);
	child.on('exit', (code, signal) => {
		children.delete(p);
		if (stopping) return;
		process.stdout.write(`instance on :${p} exited (${signal ?? code})${restart ? '; starting it again' : ''}\n`);
		if (restart) setTimeout(() => startInstance(p), 1000);
	});
}

ports.forEach(startInstance);
const proxy = await startTcpProxy({ port, host: process.env.HOST || '0.0.0.0', backends: () => ports.filter((p) => children.has(p)) });
process.stdout.write(`Warroom cluster: ${instances} instance(s) on ports ${ports.join(', ')}, behind http://localhost:${proxy.port}\n`);

async function stop() {
	if (stopping) return;
	stopping = true;
	await proxy.close();
	await Promise.all([...children.values()].map((c) => new Promise((r) => (c.once('exit', r), c.kill('SIGTERM')))));
	process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
