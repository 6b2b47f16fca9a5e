import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chainComponents, chainsModel, writeChainsModel } from '../../bench/chains.js';
import { loadModel } from '../../src/assembly/load-model.js';
import { simulate } from '../../src/assembly/simulate.js';
import { resolveScenario } from '../../src/model/scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'munisim-chains-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generated chain models (bench/chains.ts)', () => {
  it('a model of 3 chains loads with 1 munition and 5 components per chain', () => {
    const model = loadModel(writeChainsModel(dir, { chains: 3, days: 60 }));
    expect(model.munitions.map((m) => m.id)).toEqual(['shell']);
    expect(model.stockpiles.map((s) => s.id)).toEqual(['home-0', 'forward-0', 'home-1', 'forward-1', 'home-2', 'forward-2']);
    expect(model.factories.map((f) => f.id)).toEqual(['plant-0', 'plant-1', 'plant-2']);
    expect(model.routes.map((r) => r.id)).toEqual(['route-0', 'route-1', 'route-2']);
    expect(model.consumers.map((c) => c.id)).toEqual(['front-0', 'front-1', 'front-2']);
    expect(chainComponents(3)).toBe(1 + 6 + 3 + 3 + 3);
    expect(model.days).toBe(60);
  });

  it('runs conserve stock (simulate throws if not) and draw random numbers (seeds differ)', () => {
    const scenario = resolveScenario(loadModel(writeChainsModel(dir, { chains: 3, days: 200 })));
    const [a, b] = [1, 2].map((seed) => simulate(scenario, seed));
    for (const run of [a, b]) {
      expect(run.balance).toHaveLength(1);
      expect(Math.abs(run.balance[0].residual)).toBeLessThan(1e-6);
      expect(run.summary.produced_total).toBeGreaterThan(0);
      expect(run.summary.consumed_total).toBeGreaterThan(0);
    }
    expect(a.summary.produced_total).not.toBe(b.summary.produced_total);
  });

  it('the same options give the same file; another variety other constants', () => {
    expect(chainsModel({ chains: 4, days: 365 })).toBe(chainsModel({ chains: 4, days: 365 }));
    expect(chainsModel({ chains: 4, days: 365, variety: 2 })).not.toBe(chainsModel({ chains: 4, days: 365 }));
  });
});
