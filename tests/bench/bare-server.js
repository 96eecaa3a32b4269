// Baseline: bare socket.io 4.8 on a plain HTTP server, no auth, no database. Every client joins
// one room; POST /emit broadcasts the request body to it as an `event`.
import http from 'node:http';
import { Server } from 'socket.io';
import { processStats, answerStats } from '../../src/lib/server/process-stats.js';

const port = Number(process.env.PORT);
const stats = processStats(() => io.engine.clientsCount);
const server = http.createServer((req, res) => {
	if (answerStats(req, res, stats)) return;
	if (req.method === 'POST' && req.url === '/emit') {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			io.to('room').emit('event', JSON.parse(body));
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
		return;
	}
	res.writeHead(200).end('ok');
});
const io = new Server(server, { serveClient: false });
io.on('connection', (socket) => socket.join('room'));
server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => process.exit(0));
