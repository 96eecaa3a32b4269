// `npm start`: builds when the build is missing or older than the sources, then serves.
import { buildIfNeeded, root } from './build-if-needed.js';

if (process.env.WARROOM_SKIP_BUILD !== '1') {
	try {
		buildIfNeeded();
	} catch (err) {
		process.stderr.write(`${err instanceof Error ? err.message : err}\n`);
		process.exit(1);
	}
}
process.chdir(root);
await import('../src/server.js');
