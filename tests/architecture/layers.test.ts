/**
 * Layers only look down: every import in src/ (static, re-export, type-only and dynamic) goes to
 * the same layer or a lower one, and no chain of imports comes back to where it started. Imports are
 * read by TypeScript's own pre-processor, so comments and strings cannot fool the check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/**
 * The allowed directions, lowest first: a file may import its own layer and the layers above it in
 * this list. Paths are relative to src/ (a folder, or a single file).
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['base', 'project-root.ts'], // domain-free helpers every layer shares: numbers for people, atomic writes
  ['model'], // schema, loader, parameters, expressions, errors and warnings as data
  ['engine', 'components'], // the simulation and what it simulates
  ['output'], // records, CSV, manifests, output folders
  ['assembly'], // a Model from a file, a world of components from a Model, a run (issue 8)
  ['sample'], // samplers: rows of parameter values (grid, LHS, Sobol)
  ['analysis'], // arrays in, arrays out: statistics and sensitivity indices
  ['experiments'], // designs run on evaluators: sweeps, sensitivity studies
  ['report'], // charts, HTML/Markdown reports, and the folders that hold them
  ['cli'], // arguments → library calls → text and exit codes
  ['index.ts'], // the public API
];

/**
 * Imports that break the rule today and are being removed. Exact pairs only: any other upward import
 * or cycle fails. (Issue 8's engine → output imports are gone: the engine imports no component.)
 */
const PENDING_ISSUE_8: readonly string[] = [];

export type Graph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `./x.js` → `x.ts` (what NodeNext resolution means for our sources), relative to src/. */
function resolveImport(from: string, specifier: string, files: Set<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined; // packages and node: built-ins
  const target = relative(SRC, resolve(dirname(join(SRC, from)), specifier));
  for (const candidate of [target, target.replace(/\.js$/, '.ts'), target.replace(/\.mjs$/, '.mts')]) {
    if (files.has(candidate)) return candidate;
  }
  throw new Error(`${from}: import "${specifier}" names no file in src/`);
}

/** Every file of src/ with the src/ files it imports. */
export function importGraph(): Graph {
  const files = new Set(sourceFiles(SRC).map((path) => relative(SRC, path)));
  const graph: Graph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(SRC, file), 'utf8'), true, true);
    const targets = info.importedFiles.map((f) => resolveImport(file, f.fileName, files)).filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The index in LAYERS of a file, by its longest matching entry. */
export function layerOf(file: string, layers = LAYERS): number {
  let best = -1;
  let bestLength = -1;
  layers.forEach((entries, index) => {
    for (const entry of entries) {
      if ((file === entry || file.startsWith(`${entry}/`)) && entry.length > bestLength) {
        best = index;
        bestLength = entry.length;
      }
    }
  });
  if (best < 0) throw new Error(`${file} belongs to no layer: add its folder to LAYERS in tests/architecture/layers.test.ts`);
  return best;
}

/** `a -> b` for every import that goes to a higher layer. */
export function upwardImports(graph: Graph, layers = LAYERS): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      if (layerOf(target, layers) > layerOf(file, layers)) found.push(`${file} -> ${target}`);
    }
  }
  return found.sort();
}

/** Every import cycle, as `a -> b -> a` (Tarjan's strongly connected components). */
export function importCycles(graph: Graph): string[] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push([...component.sort(), component[0]].join(' -> '));
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles.sort();
}

/** The graph without the pending pairs, so that they hide neither each other nor new problems. */
function withoutPending(graph: Graph): Graph {
  const pending = new Set(PENDING_ISSUE_8);
  return new Map([...graph].map(([file, targets]) => [file, targets.filter((t) => !pending.has(`${file} -> ${t}`))]));
}

describe('the checker', () => {
  const toy = (edges: [string, string][]): Graph => {
    const graph: Graph = new Map();
    for (const [a, b] of edges) {
      graph.set(a, [...(graph.get(a) ?? []), b]);
      if (!graph.has(b)) graph.set(b, []);
    }
    return graph;
  };

  it('finds an upward import and accepts downward and sideways ones', () => {
    const graph = toy([['report/charts.ts', 'analysis/sobol-indices.ts'], ['output/csv.ts', 'report/charts.ts'], ['engine/simulation.ts', 'components/route.ts']]);
    expect(upwardImports(graph)).toEqual(['output/csv.ts -> report/charts.ts']);
  });

  it('finds a cycle across three files and a file importing itself', () => {
    const graph = toy([['model/a.ts', 'model/b.ts'], ['model/b.ts', 'model/c.ts'], ['model/c.ts', 'model/a.ts'], ['model/d.ts', 'model/d.ts'], ['model/e.ts', 'model/a.ts']]);
    expect(importCycles(graph)).toEqual(['model/a.ts -> model/b.ts -> model/c.ts -> model/a.ts', 'model/d.ts -> model/d.ts']);
  });

  it('places a file by its longest matching entry and refuses an unknown folder', () => {
    expect(layerOf('project-root.ts')).toBe(0);
    expect(layerOf('experiments/evaluators/worker.ts')).toBe(7);
    expect(() => layerOf('misc/x.ts')).toThrow(/belongs to no layer/);
  });
});

describe('src/ layering', () => {
  const graph = importGraph();

  it('reads the imports of every source file, dynamic ones too', () => {
    expect(graph.size).toBeGreaterThan(50);
    // cli/evaluator-option.ts loads the Redis evaluator with import(): it must still be seen.
    expect(graph.get('cli/evaluator-option.ts')).toContain('experiments/evaluators/redis-queue.ts');
  });

  it('has no upward import', () => {
    const upward = upwardImports(withoutPending(graph));
    expect(upward, `each of these imports a higher layer (allowed, lowest first: ${LAYERS.map((l) => l.join('+')).join(' < ')})`).toEqual([]);
  });

  // Within a layer imports may go either way; these folders must still not look at each other.
  it.each([
    ['engine', 'components'], // the engine knows simjs, the clock, streams and meters, never what it simulates
    ['engine', 'assembly'],
    ['engine', 'output'],
    ['components', 'assembly'],
  ])('nothing in %s/ imports %s/', (from, to) => {
    const imports = [...graph].flatMap(([file, targets]) => (file.startsWith(`${from}/`) ? targets.filter((t) => t.startsWith(`${to}/`)).map((t) => `${file} -> ${t}`) : []));
    expect(imports).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(withoutPending(graph)), 'files that import each other, directly or through others').toEqual([]);
  });
});
