/**
 * Load-time check of a model's targets against its components: a one-day run binds every target to
 * its nodes' metrics (run-targets.ts), so a node without the metric is refused when the file is read,
 * with the target's line, not in the middle of a sweep.
 */
import { UserError } from '../model/errors.js';
import type { Model } from '../model/model.js';
import { resolveScenario } from '../model/scenario.js';
import { simulate } from './simulate.js';

/**
 * @throws UserError listing the targets whose metric, window or munition does not fit their nodes;
 *   other problems of the probe run are left for a real run to report
 */
export function checkTargets(model: Model): void {
  if (!model.targets?.length) return;
  try {
    simulate(resolveScenario(model, { days: 1 }), model.seed, { record: false });
  } catch (error) {
    if (error instanceof UserError && error.issues.every((issue) => issue.path?.startsWith('targets'))) throw error;
  }
}
