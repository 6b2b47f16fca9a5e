/**
 * Scale: the CPU cost of one component-day on generated chain models (bench/chains.ts) as the model
 * grows (10, 100, 1,000 chains over 365 days) and as the horizon grows (10 chains over 365, 1,000 and
 * 10,000 days), in this process, models visited in turn each round; and the time to load a model of
 * 1,000 components and tabulate its scenario. Beside them, the latency of a dependent load from
 * memory as the working set grows: every day visits every component, so once a model's objects no
 * longer fit in the caches, each component-day waits on memory, and the table shows where that is.
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
  const shapes = ([[10, 365], [100, 365], [300, 365], [large, 365], [10, 1000], [10, longest]] as [number, number][])
    .filter(([chains, days], i, all) => chains <= large && all.findIndex(([c, d]) => c === chains && d === days) === i);
  const cases: Case[] = shapes.map(([chains, days]) => {
    const file = writeChainsModel(dir, { chains, days });
    const { seconds, value: scenario } = wallTimed(() => resolveScenario(loadModel(file)));
    const components = componentsOf(scenario.model);
    if (components !== chainComponents(chains)) throw new Error(`${file}: ${components} components, expected ${chainComponents(chains)}`);
    simulate(scenario, 0, { record: false }); // warm-up for the JIT
    return { label: `${chains} chains × ${count(days)} days`, chains, days, scenario, components, setupSeconds: seconds, costs: [] };
  });
  const batchSeconds = settings.quick ? 0.15 : 0.3;
  let seed = 1;
  const roundCount = Math.max(settings.rounds, 5); // cheap, and in-process CPU figures are noisier than they look
  for (let round = 0; round < roundCount; round++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + round) % cases.length];
      let runs = 0;
      const { cpu } = cpuTimed(() => {
        const start = performance.now();
        do { simulate(c.scenario, seed++, { record: false }); runs++; } while (performance.now() - start < batchSeconds * 1000);
      });
      c.costs.push((1e9 * cpu) / runs / (c.components * c.days));
    }
  }
  const cost = (chains: number, days: number) => median(cases.find((c) => c.chains === chains && c.days === days)!.costs);
  table(`CPU ns per component-day (one run's CPU / (components × days); summaries only), median of ${roundCount} rounds, models in turn; components = 1 munition + 5 per chain`,
    ['model', 'components', 'ns per component-day', 'ms per run', 'rounds', 'load + scenario s'],
    cases.map((c) => {
      const ns = median(c.costs);
      return [c.label, count(c.components), fixed(ns, 1), fixed((ns * c.components * c.days) / 1e6, 1), rounds(c.costs, 1), fixed(c.setupSeconds, 2)];
    }));
  if (large < wanted) console.log(`(${wanted} chains would be ${count(chainComponents(wanted))} components; LIMITS.components allows ${count(LIMITS.components)}, so ${large} chains)`);
  const bySize = cost(large, 365) / cost(10, 365);
  const byDays = cost(10, longest) / cost(10, 365);
  const v1 = goal('scale', `cost per component-day, ${large} / 10 chains (365 days)`, `${fixed(bySize)}×`, 'within 1.3×', bySize <= 1.3);
  const v2 = goal('scale', `cost per component-day, ${count(longest)} / 365 days (10 chains)`, `${fixed(byDays)}×`, 'within 1.2×', byDays <= 1.2);
  console.log(`model size: ${large} chains cost ${fixed(bySize)}× per component-day what 10 chains cost (goal within 1.3×) ${v1}`);
  console.log(`horizon: ${count(longest)} days cost ${fixed(byDays)}× per component-day what 365 days cost (goal within 1.2×) ${v2}`);
  memoryLatencyTable(settings);

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

/**
 * Nanoseconds per load of a pointer chase (each load's address comes from the previous load, one
 * per 64-byte line, in a random cycle) over working sets of 0.5 to 64 MB: the machine's cache sizes
 * as a model of that many bytes of objects meets them.
 */
export function memoryLatency(megabytes: number, loads: number): number {
  const lines = Math.floor((megabytes * 1048576) / 64);
  const slots = new Int32Array(lines * 16); // 16 int32 per line
  const order = Array.from({ length: lines }, (_, i) => i);
  let state = 12345;
  for (let i = lines - 1; i > 0; i--) { // Fisher–Yates with a fixed LCG: the same cycle every run
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (let i = 0; i < lines; i++) slots[order[i] * 16] = order[(i + 1) % lines] * 16;
  let at = 0;
  for (let i = 0; i < lines; i++) at = slots[at]; // one lap to warm the caches and the TLB
  const start = process.hrtime.bigint();
  for (let i = 0; i < loads; i++) at = slots[at];
  const ns = Number(process.hrtime.bigint() - start) / loads;
  if (at < 0) throw new Error('unreachable'); // keeps the chase from being optimised away
  return ns;
}

function memoryLatencyTable(settings: BenchSettings): void {
  const sizes = [0.5, 2, 4, 8, 16, 32, 64];
  const loads = settings.quick ? 2e6 : 1e7;
  table('memory: ns per dependent load over a working set (pointer chase, one load per 64-byte line); a model\'s objects meet the same caches',
    ['working set MB', 'ns per load'], sizes.map((mb) => [String(mb), fixed(memoryLatency(mb, loads), 1)]));
}
