/**
 * Generated chain models for the scale bench: N independent supply chains, each a factory feeding a
 * home depot, a route of two vehicles to a forward depot, and a front drawing from it. Every chain
 * breaks down, ships and fires at random, and its constants differ a little from its neighbours'
 * (drawn from a seeded generator, so the same options give the same file).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS } from '../src/model/schema.js';

export interface ChainsOptions {
  chains: number;
  days: number;
  /** Seeds the per-chain constants (not the runs). Default 1. */
  variety?: number;
}

/** Components of a model of `chains` chains, counted as LIMITS.components counts them: one munition and five per chain. */
export function chainComponents(chains: number): number {
  return 1 + 5 * chains;
}

/** The most chains a model may have under LIMITS.components. */
export function mostChains(): number {
  return Math.floor((LIMITS.components - 1) / 5);
}

/** The YAML text of a model of `chains` chains over `days` days. */
export function chainsModel({ chains, days, variety = 1 }: ChainsOptions): string {
  const draw = uniformStream(variety);
  const between = (low: number, high: number) => Math.round(low + (high - low) * draw());
  const stockpiles: string[] = [];
  const factories: string[] = [];
  const routes: string[] = [];
  const consumers: string[] = [];
  for (let i = 0; i < chains; i++) {
    stockpiles.push(
      `  - { id: home-${i}, initial: { shell: ${between(150, 250) * 1000} } }`,
      `  - { id: forward-${i}, initial: { shell: ${between(15, 25) * 1000} }, capacity: 8000000 }`,
    );
    factories.push(`  - { id: plant-${i}, munition: shell, to: home-${i}, rate: "output * min(1, 0.5 + t / 180)", lot_days: 1, `
      + `breakdown: { mtbf_days: ${between(50, 70)}, mttr_days: ${between(3, 5)} }, defect_rate: 0.1 }`);
    routes.push(`  - { id: route-${i}, from: home-${i}, to: forward-${i}, munitions: [shell], every_days: ${between(8, 10)}, vehicles: 2, `
      + `shipment: ${between(50, 70) * 1000}, transit_days: { dist: triangular, min: 1, mode: 2, max: 4 }, loss_probability: 0.01 }`);
    consumers.push(`  - { id: front-${i}, draws_from: [forward-${i}], munitions: [shell], demand: "demand * (t < 120 ? 1 : 1.5)", demand_cv: 0.2 }`);
  }
  return [
    `# ${chains} generated chains: factory → depot → route → depot → front (bench/chains.ts)`,
    `name: chains-${chains}x${days}`,
    'start: 2023-09-01',
    `days: ${days}`,
    'seed: 1',
    'parameters:',
    '  output: { value: 5500, min: 3000, max: 9000, unit: shells/day }',
    '  demand: { value: 5000, min: 1000, max: 40000, unit: shells/day }',
    'munitions:',
    '  - { id: shell }',
    'stockpiles:', ...stockpiles,
    'factories:', ...factories,
    'routes:', ...routes,
    'consumers:', ...consumers,
    '',
  ].join('\n');
}

/** Writes {@link chainsModel} to `dir/chains-<N>x<days>.yaml` and returns the path. */
export function writeChainsModel(dir: string, options: ChainsOptions): string {
  const path = join(dir, `chains-${options.chains}x${options.days}.yaml`);
  writeFileSync(path, chainsModel(options));
  return path;
}

/** A small seeded generator of uniforms in [0, 1) (mulberry32): the models' variety, not the runs' randomness. */
function uniformStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
