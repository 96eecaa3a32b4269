// The shape of the server code (STYLE.md: the data flows one way). Services depend on the unit of
// work, the incident view and the command module, never on each other in a circle: a cycle is
// how hidden coupling ("incidents calls review calls incidents") creeps back. Type-only imports
// count too — a type cycle is the same coupling, only erased at run time.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const SRC_LIB = path.resolve(import.meta.dirname, '../../src/lib');
const SERVER = path.join(SRC_LIB, 'server');
const SERVICES = path.join(SERVER, 'services');

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return sourceFiles(full);
		return /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
	});
}

/** Every module specifier a file imports or re-exports (static, dynamic and `import type`). */
export function specifiers(source: string): string[] {
	const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
	const found: string[] = [];
	for (const m of code.matchAll(/(?:^|[\s;}])(?:import|export)\s+(?:type\s+)?(?:[\s\S]*?\sfrom\s+)?['"]([^'"]+)['"]/g)) found.push(m[1]);
	for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]);
	return found;
}

/** The file a specifier names, when it is one of `files` (relative paths and `$lib/…`). */
function resolve(from: string, spec: string, files: Set<string>): string | undefined {
	let base: string;
	if (spec.startsWith('$lib/')) base = path.join(SRC_LIB, spec.slice('$lib/'.length));
	else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
	else return undefined;
	for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')]) if (files.has(candidate)) return candidate;
	return undefined;
}

function importGraph(files: string[]): Map<string, string[]> {
	const set = new Set(files);
	return new Map(
		files.map((f) => [
			f,
			specifiers(fs.readFileSync(f, 'utf8'))
				.map((s) => resolve(f, s, set))
				.filter((x): x is string => !!x)
		])
	);
}

/** The cycles of a graph, each as the path that closes it (a → b → a), found by depth-first search. */
export function cycles(graph: Map<string, string[]>): string[][] {
	const found: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (node: string) => {
		state.set(node, 'open');
		stack.push(node);
		for (const next of graph.get(node) ?? []) {
			if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
			else if (!state.has(next)) visit(next);
		}
		stack.pop();
		state.set(node, 'done');
	};
	for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
	return found;
}

const show = (cycle: string[]) => cycle.map((f) => path.relative(SERVER, f)).join(' → ');

describe('server architecture', () => {
	it('finds a cycle when there is one (the check can fail)', () => {
		const graph = new Map([
			['incidents', ['review', 'timeline']],
			['review', ['incidents']],
			['timeline', []]
		]);
		expect(cycles(graph)).toEqual([['incidents', 'review', 'incidents']]);
		expect(
			cycles(
				new Map([
					['a', ['b']],
					['b', []]
				])
			)
		).toEqual([]);
		expect(specifiers(`import type { A } from './a';\nimport { b,\n c } from "../b";\nexport * from './c';\n// import { d } from './d';\nconst e = await import('./e');`)).toEqual([
			'./a',
			'../b',
			'./c',
			'./e'
		]);
	});

	it('has no import cycle among the services', () => {
		const found = cycles(importGraph(sourceFiles(SERVICES)));
		expect(found.map(show)).toEqual([]);
	});

	it('has no import cycle anywhere in src/lib/server', () => {
		const found = cycles(importGraph(sourceFiles(SERVER)));
		expect(found.map(show)).toEqual([]);
	});

	it('lets only the realtime modules reach the socket.io server', () => {
		const offenders = sourceFiles(SERVER).filter((f) => !f.startsWith(path.join(SERVER, 'realtime')) && /\bgetIo\s*\(/.test(fs.readFileSync(f, 'utf8')));
		expect(offenders.map((f) => path.relative(SERVER, f))).toEqual([]);
	});

	it('publishes incident events only from the after-commit subscribers declared in app.ts', () => {
		const offenders = sourceFiles(SERVER).filter((f) => f !== path.join(SERVER, 'app.ts') && /\bpublisher\.publish\(/.test(fs.readFileSync(f, 'utf8')));
		expect(offenders.map((f) => path.relative(SERVER, f))).toEqual([]);
	});
});
