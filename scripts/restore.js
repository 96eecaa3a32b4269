// `npm run restore -- <backup>`: brings a backup of the embedded database back (see scripts/restore.ts).
import { runTypeScript } from './run-ts.js';

runTypeScript('restore.ts');
