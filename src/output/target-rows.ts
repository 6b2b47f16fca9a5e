/** targets.csv of a run: each target's simulated value beside its accepted range, and whether it hit. */
import type { Model } from '../model/model.js';
import { isHit } from '../model/targets.js';
import { formatValue } from './format.js';

/** `target,simulated,low,high,hit`; simulated and hit are empty when the run ended before the target's date. */
export function* targetRows(model: Model, values: readonly number[]): Generator<string[]> {
  yield ['target', 'simulated', 'low', 'high', 'hit'];
  for (const [i, target] of (model.targets ?? []).entries()) {
    const value = values[i];
    yield [target.id, formatValue(value), formatValue(target.low), formatValue(target.high), Number.isNaN(value) ? '' : String(isHit(target, value))];
  }
}
