/**
 * munisim's event rate against bare simjs on the same event pattern, in this process: quickstart
 * runs by `simulate` (summaries only, as sweeps run them) and the quickstart's pattern in plain simjs
 * (bench/bare-simjs.ts), in alternating batches; simjs events (its queue's count) per CPU second.
 */
import { loadModel } from '../src/assembly/load-model.js';
import { simulate } from '../src/assembly/simulate.js';
import { resolveScenario } from '../src/model/scenario.js';
import { bareRun } from './bare-simjs.js';
import { QUICKSTART, count, cpuTimed, fixed, goal, median, rounds, table, type BenchSettings } from './lib.js';

interface Batch { events: number; runs: number; cpu: number }

export function benchEvents(settings: BenchSettings): void {
  const scenario = resolveScenario(loadModel(QUICKSTART));
  const days = scenario.days;
  let seed = 0;
  const munisimBatch = (runs: number): Batch => {
    const { cpu, value } = cpuTimed(() => {
      let events = 0;
      for (let i = 0; i < runs; i++) events += simulate(scenario, seed++, { record: false }).events;
      return events;
    });
    return { events: value, runs, cpu };
  };
  const bareBatch = (runs: number): Batch => {
    const { cpu, value } = cpuTimed(() => {
      let events = 0;
      for (let i = 0; i < runs; i++) events += bareRun(days, seed++);
      return events;
    });
    return { events: value, runs, cpu };
  };
  // Warm both up for the JIT, then size each side's batch to about `seconds` of CPU.
  const seconds = settings.quick ? 0.2 : 0.5;
  const size = (batch: (runs: number) => Batch) => {
    batch(50);
    const probe = batch(100);
    return Math.max(20, Math.round((seconds * probe.runs) / Math.max(probe.cpu, 1e-3)));
  };
  const munisimRuns = size(munisimBatch);
  const bareRuns = size(bareBatch);
  const ours: Batch[] = [];
  const bare: Batch[] = [];
  const roundCount = Math.max(settings.rounds, 5);
  for (let round = 0; round < roundCount; round++) {
    // ABBA: neither side always goes first.
    if (round % 2 === 0) { ours.push(munisimBatch(munisimRuns)); bare.push(bareBatch(bareRuns)); }
    else { bare.push(bareBatch(bareRuns)); ours.push(munisimBatch(munisimRuns)); }
  }
  const rate = (b: Batch) => b.events / b.cpu;
  const perRun = (batches: Batch[]) => batches.reduce((s, b) => s + b.events, 0) / batches.reduce((s, b) => s + b.runs, 0);
  const ourRate = median(ours.map(rate));
  const bareRate = median(bare.map(rate));
  const share = ourRate / bareRate;
  const verdictWord = goal('events', 'munisim events per CPU second / bare simjs, quickstart pattern', `${fixed(100 * share, 0)} %`, '≥ 50 %', share >= 0.5);
  table(`simjs events per CPU second on the quickstart's pattern (${days} days), ${roundCount} alternating batches of ≈${seconds} s, this process`,
    ['', 'events/run', 'CPU ms/run', 'events per CPU s', 'batches (M events/s)'],
    [
      ['munisim simulate(), summaries only', fixed(perRun(ours), 1), fixed(1000 * median(ours.map((b) => b.cpu / b.runs)), 3), count(ourRate), rounds(ours.map((b) => rate(b) / 1e6), 3)],
      ['bare simjs (bench/bare-simjs.ts)', fixed(perRun(bare), 1), fixed(1000 * median(bare.map((b) => b.cpu / b.runs)), 3), count(bareRate), rounds(bare.map((b) => rate(b) / 1e6), 3)],
    ]);
  console.log(`munisim / bare simjs: ${fixed(100 * share, 1)} % of the engine's own event rate (goal ≥ 50 %) ${verdictWord}`);
}
