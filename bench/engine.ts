/**
 * Engine figures: simulated days per second and simjs events per second for every shipped model,
 * one thread, no files written (the event loop alone, after the day tables are built).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../src/assembly/simulate.js';
import { loadModel } from '../src/assembly/load-model.js';
import { resolveScenario } from '../src/model/scenario.js';

export interface EngineFigure {
  model: string;
  days: number;
  runs: number;
  msPerRun: number;
  daysPerSecond: number;
  eventsPerRun: number;
  eventsPerSecond: number;
  setupMs: number;
}

/** Runs each model for about `seconds` after a warm-up, and reports its throughput. */
export function benchEngine(modelsDir: string, seconds = 2): EngineFigure[] {
  return readdirSync(modelsDir).filter((f) => f.endsWith('.yaml')).sort().map((file) => {
    const setupStart = performance.now();
    const scenario = resolveScenario(loadModel(join(modelsDir, file)));
    const setupMs = performance.now() - setupStart;
    for (let seed = 0; seed < 20; seed++) simulate(scenario, seed); // warm-up for the JIT
    let runs = 0;
    let events = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) events += simulate(scenario, 1000 + runs++).events;
    const elapsed = (performance.now() - start) / 1000;
    return {
      model: file, days: scenario.days, runs, msPerRun: (elapsed * 1000) / runs,
      daysPerSecond: (runs * scenario.days) / elapsed, eventsPerRun: events / runs, eventsPerSecond: events / elapsed, setupMs,
    };
  });
}
