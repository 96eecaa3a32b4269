// `npm run backup`: a consistent backup of the embedded database and its key (see scripts/backup.ts).
import { runTypeScript } from './run-ts.js';

runTypeScript('backup.ts');
