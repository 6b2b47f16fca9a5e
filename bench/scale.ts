/**
 * Scale: the CPU cost of one component-day on generated chain models (bench/chains.ts) as the model
 * grows (10, 100, 1,000 chains over 365 days) and as the horizon grows (10 chains over 365, 1,000 and
 * 10,000 days), in this process, models visited in turn each round; and the time to load a model of
 * 1,000 components and tabulate its scenario.
 */
import { mkdirSync } from 'node:fs';
import { loadModel } from '../src/assembly/load-model.js';
import { simulate } from '../src/assembly/simulate.js';
import type { Model } from '../src/model/model.js';
import { resolveScenario, type Scenario } from '../src/model/scenario.js';
import { LIMITS } from '../src/model/schema.js';
import { chainComponents, mostChains, writeChainsModel } from './chains.js';
import { count, cpuTimed, fixed, freshPath, goal, median, rounds, table, type BenchSettings } from './lib.js';

/** Components as LIMITS.components counts them. */
function componentsOf(model: Model): number {
  return model.munitions.length + model.stockpiles.length + model.factories.length + model.routes.length + model.consumers.length;
}

interface Case { label: string; chains: number; days: number; scenario: Scenario; components: number; setupSeconds: number; costs: number[] }

function wallTimed<T>(work: () => T): { seconds: number; value: T } {
  const start = performance.now();
  const value = work();
  return { seconds: (performance.now() - start) / 1000, value };
}

export function benchScale(settings: BenchSettings): void {
  const dir = freshPath('chains');
  mkdirSync(dir);
  const wanted = settings.quick ? 300 : 1000;
  const large = Math.min(wanted, mostChains());
  const longest = settings.quick ? 3000 : 10_000;
  const shapes: [number, number][] = [[10, 365], [100, 365], [large, 365], [10, 1000], [10, longest]];
  const cases: Case[] = shapes.map(([chains, days]) => {
    const file = writeChainsModel(dir, { chains, days });
    const { seconds, value: scenario } = wallTimed(() => resolveScenario(loadModel(file)));
    const components = componentsOf(scenario.model);
    if (components !== chainComponents(chains)) throw new Error(`${file}: ${components} components, expected ${chainComponents(chains)}`);
    simulate(scenario, 0, { record: false }); // warm-up for the JIT
    return { label: `${chains} chains × ${count(days)} days`, chains, days, scenario, components, setupSeconds: seconds, costs: [] };
  });
  const unique = cases.filter((c, i) => cases.findIndex((d) => d.chains === c.chains && d.days === c.days) === i);
  const batchSeconds = settings.quick ? 0.15 : 0.3;
  let seed = 1;
  const roundCount = Math.max(settings.rounds, 5); // cheap, and in-process CPU figures are noisier than they look
  for (let round = 0; round < roundCount; round++) {
    for (let k = 0; k < unique.length; k++) {
      const c = unique[(k + round) % unique.length];
      let runs = 0;
      const { cpu } = cpuTimed(() => {
        const start = performance.now();
        do { simulate(c.scenario, seed++, { record: false }); runs++; } while (performance.now() - start < batchSeconds * 1000);
      });
      c.costs.push((1e9 * cpu) / runs / (c.components * c.days));
    }
  }
  const cost = (chains: number, days: number) => median(unique.find((c) => c.chains === chains && c.days === days)!.costs);
  table(`CPU ns per component-day (one run's CPU / (components × days); summaries only), median of ${roundCount} rounds, models in turn; components = 1 munition + 5 per chain`,
    ['model', 'components', 'ns per component-day', 'ms per run', 'rounds', 'load + scenario s'],
    cases.map((c) => {
      const ns = cost(c.chains, c.days);
      return [c.label, count(c.components), fixed(ns, 1), fixed((ns * c.components * c.days) / 1e6, 1), rounds(unique.find((u) => u.chains === c.chains && u.days === c.days)!.costs, 1), fixed(c.setupSeconds, 2)];
    }));
  if (large < wanted) console.log(`(${wanted} chains would be ${count(chainComponents(wanted))} components; LIMITS.components allows ${count(LIMITS.components)}, so ${large} chains)`);
  const bySize = cost(large, 365) / cost(10, 365);
  const byDays = cost(10, longest) / cost(10, 365);
  const v1 = goal('scale', `cost per component-day, ${large} / 10 chains (365 days)`, `${fixed(bySize)}×`, 'within 1.3×', bySize <= 1.3);
  const v2 = goal('scale', `cost per component-day, ${count(longest)} / 365 days (10 chains)`, `${fixed(byDays)}×`, 'within 1.2×', byDays <= 1.2);
  console.log(`model size: ${large} chains cost ${fixed(bySize)}× per component-day what 10 chains cost (goal within 1.3×) ${v1}`);
  console.log(`horizon: ${count(longest)} days cost ${fixed(byDays)}× per component-day what 365 days cost (goal within 1.2×) ${v2}`);

  // Load time of a model of about 1,000 components: 200 chains are 1,001.
  const chains = 200;
  const file = writeChainsModel(dir, { chains, days: 365 });
  const loads: number[] = [];
  const tables: number[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    const load = wallTimed(() => loadModel(file));
    const scenario = wallTimed(() => resolveScenario(load.value));
    loads.push(load.seconds);
    tables.push(scenario.seconds);
  }
  const total = median(loads.map((l, i) => l + tables[i]));
  const v3 = goal('scale', `load + scenario, ${count(chainComponents(chains))} components`, `${fixed(total, 3)} s`, '< 0.3 s', total < 0.3);
  table(`model load, ${count(chainComponents(chains))} components (${chains} chains × 365 days), wall seconds, ${settings.rounds} rounds in this process`,
    ['', 'median s', 'rounds'],
    [['loadModel (read, parse, validate)', fixed(median(loads), 3), rounds(loads, 3)], ['resolveScenario (day tables)', fixed(median(tables), 3), rounds(tables, 3)]]);
  console.log(`load + scenario: ${fixed(total, 3)} s (goal < 0.3 s) ${v3}`);
}
