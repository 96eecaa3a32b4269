// Full-width punctuation next to Chinese in source strings: converts half-width ( ) : , ; that
// touch a Han character inside string literals into （）：，；, and `80 %` into `80%`
// (src/lib/i18n/punctuation.ts). Review the diff by eye afterwards.
//   node --import tsx scripts/fullwidth.ts [--check] <files…>
import fs from 'node:fs';
import { fullWidth } from '../src/lib/i18n/punctuation';

const HAN = /\p{Script=Han}/u;
/** Single-line string literals: '…', "…", `…` (a template literal's ${…} parts are left as they are by fullWidth unless they touch Chinese). */
const LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

export function convertSource(source: string): string {
	return source
		.split('\n')
		.map((line) => (HAN.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line) ? line.replace(LITERAL, (lit) => (HAN.test(lit) ? fullWidth(lit) : lit)) : line))
		.join('\n');
}

const args = process.argv.slice(2);
const check = args.includes('--check');
let changed = 0;
for (const file of args.filter((a) => a !== '--check')) {
	const before = fs.readFileSync(file, 'utf8');
	const after = convertSource(before);
	if (after === before) continue;
	changed++;
	const a = before.split('\n');
	const b = after.split('\n');
	a.forEach((line, i) => line !== b[i] && console.log(`${file}:${i + 1}\n  - ${line.trim()}\n  + ${b[i].trim()}`));
	if (!check) fs.writeFileSync(file, after);
}
if (check && changed) process.exit(1);
