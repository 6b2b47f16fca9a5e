/**
 * docs/sweep.md, "From a notebook": the snippet imports only what the public API exports, and the
 * same calls (parseModel → planDesign → runSweep → readSweep) on a small in-memory model give the
 * documented shape, with figures worked out by hand.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as munisim from '../../src/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const docs = readFileSync(join(ROOT, 'docs/sweep.md'), 'utf8');
const section = docs.slice(docs.indexOf('## From a notebook'), docs.indexOf('\n## ', docs.indexOf('## From a notebook') + 1));
const snippet = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

// A depot of 1000 shells and a front drawing `demand` a day for 10 days, no randomness:
// demand 50 → 500 consumed, no shortfall; demand 150 → 1500 wanted, 1000 consumed, 500 short.
const text = `name: snippet
start: 2024-01-01
days: 10
seed: 4
parameters:
  demand: { value: 50, min: 0, max: 200 }
munitions: [{ id: shell }]
stockpiles: [{ id: depot, initial: { shell: 1000 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [shell], demand: demand }]
`;

describe('docs/sweep.md, From a notebook', () => {
  const work = mkdtempSync(join(tmpdir(), 'munisim-snippet-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('imports only names the public API exports', () => {
    const imports = [...snippet.matchAll(/import \{([^}]*)\} from '([^']+)'/g)];
    expect(imports.map((m) => m[2])).toEqual(['munisim']);
    const names = imports.flatMap((m) => m[1].split(',').map((name) => name.trim()).filter(Boolean));
    expect(names).toEqual(['loadModel', 'parseModel', 'planDesign', 'readSweep', 'runSweep']);
    for (const name of names) expect(typeof (munisim as Record<string, unknown>)[name], name).toBe('function');
    // The other names the section points at exist too.
    for (const name of ['summarizeSample', 'InlineEvaluator', 'WorkerPoolEvaluator', 'connectRedisEvaluator']) {
      expect(section).toContain(name);
      expect(typeof (munisim as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('runs a sweep of a model edited in memory and reads it back by name', async () => {
    const model = munisim.parseModel(text, 'edited.yaml'); // no such file: the sweep must not read it
    const design = munisim.planDesign(model, { vary: ['demand=50,150'], kind: 'grid', seed: model.seed });
    const result = await munisim.runSweep({ model, design, replications: 3, dir: join(work, 'demand'), jobs: 1 });
    expect(result).toMatchObject({ dir: join(work, 'demand'), status: 'complete', points: 2, total: 6, done: 6, failed: 0 });

    const sweep = await munisim.readSweep(result.dir);
    expect(sweep.points.map((p) => p.parameters)).toEqual([{ demand: 50 }, { demand: 150 }]);
    expect(sweep.points.map((p) => [p.replications, p.failed])).toEqual([[3, 0], [3, 0]]);
    const same = (value: number) => ({ n: 3, mean: value, sd: 0, ciHalfWidth95: 0, min: value, max: value });
    expect(sweep.points[0].kpis.consumed_total).toEqual(same(500));
    expect(sweep.points[0].kpis.shortfall_total).toEqual(same(0));
    expect(sweep.points[1].kpis.consumed_total).toEqual(same(1000));
    expect(sweep.points[1].kpis.shortfall_total).toEqual(same(500));
    // summarizeSample gives the same summary for values held in memory.
    expect(munisim.summarizeSample([1000, 1000, 1000])).toEqual(same(1000));
  });
});
