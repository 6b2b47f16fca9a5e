/** How `validate` shows a model's supply chain: one line per component that moves shells, as its kind describes it. */
import { kindNamed, ORDER } from '../components/registry.js';
import type { Model } from '../model/model.js';

/** The supply chain as arrows (factory ⇒ stockpile, stockpile → stockpile by route, stockpile ⇒ front), indented under `flows`. */
export function describeFlows(model: Model): string[] {
  const lines = ORDER.columns.flatMap((section) => model[section].flatMap((spec) => kindNamed(spec.kind).describe?.(spec, model) ?? []));
  return lines.length ? ['  flows', ...lines.map((line) => `    ${line}`)] : [];
}
