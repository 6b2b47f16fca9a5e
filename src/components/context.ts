/** What every component of a run can see: the scenario's day tables, the stockpiles, the seed. */
import type { Stockpile } from './stockpile.js';

export interface RunContext {
  tables: Float64Array[];
  stockpiles: Stockpile[];
  seed: number;
  days: number;
  /** Day index of simulated time `time` (the day that contains it, clamped to the horizon). */
  dayAt(time: number): number;
}
