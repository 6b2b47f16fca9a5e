/**
 * A copy of a model's text with each calibrated parameter narrowed to what calibration left: `value`
 * the NROY median, `min`/`max` the NROY range. Edited through yaml's document API, so comments, key
 * order and flow style stay as the author wrote them.
 */
import { parseDocument } from 'yaml';
import { UserError } from '../model/errors.js';
import type { Model } from '../model/model.js';
import type { PosteriorRow } from './calibration.js';

/** Six significant digits: enough for any figure a model cites, short enough to read. */
function tidy(x: number): number {
  return Number(x.toPrecision(6));
}

/**
 * The model text with the posterior's parameters rewritten; parameters without NROY points are left as they are.
 * @throws UserError if the model has no text (built in memory without one)
 */
export function calibratedModelText(model: Model, posterior: readonly PosteriorRow[]): string {
  if (model.text === undefined) throw new UserError({ path: 'model', message: 'the model has no text to rewrite', hint: 'load or parse it from text' });
  const doc = parseDocument(model.text);
  for (const row of posterior) {
    if (Number.isNaN(row.q50)) continue;
    const integer = model.parameters.find((p) => p.name === row.parameter)?.integer === true;
    const round = integer ? Math.round : tidy;
    const min = integer ? Math.ceil(row.nroyMin) : tidy(row.nroyMin);
    const max = integer ? Math.floor(row.nroyMax) : tidy(row.nroyMax);
    const value = Math.min(max, Math.max(min, round(row.q50)));
    doc.setIn(['parameters', row.parameter, 'value'], value);
    doc.setIn(['parameters', row.parameter, 'min'], min);
    doc.setIn(['parameters', row.parameter, 'max'], max);
  }
  return doc.toString({ lineWidth: 0 });
}
