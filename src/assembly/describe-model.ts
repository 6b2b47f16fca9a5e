/** How `validate` shows a model's supply chain: one line per component that moves shells, as its kind describes it. */
import { kindNamed, ORDER } from '../components/registry.js';
import type { Model } from '../model/model.js';

/** The supply chain as arrows (factory ⇒ stockpile, stockpile → stockpile by route, stockpile ⇒ front), indented under `flows`. */
export function describeFlows(model: Model): string[] {
  const lines = ORDER.columns.flatMap((section) => model[section].flatMap((spec) => kindNamed(spec.kind).describe?.(spec, model) ?? []));
  return lines.length ? ['  flows', ...lines.map((line) => `    ${line}`)] : [];
}

/** The quantities computed in the run from its state (issue 8 §2), one line each: where, and what they read. */
export function describeRunReadings(model: Model): string[] {
  const lines = model.quantities.flatMap((field) => {
    if (field.quantity.kind !== 'expression' || !field.quantity.state) return [];
    const reads = [...new Set(field.quantity.state.map((call) => `${call.name}(${call.ids.map((id) => `"${id}"`).join(', ')}${call.days ? ', …' : ''})`))];
    return [`${field.path} reads ${reads.join(', ')}`];
  });
  return lines.length ? ['  reads the run', ...lines.map((line) => `    ${line}`)] : [];
}
