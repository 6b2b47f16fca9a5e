/**
 * The one-row summary of a run: shell totals, the fill rate, the conservation residual, then each
 * component's milestones (first shortfall, first detection, final stock …) as its kind declares
 * them. A cell is undefined (empty in CSV) where the milestone never happened.
 */
import type { Component } from '../components/contract.js';
import type { Munition } from '../model/model.js';

export type RunSummary = Record<string, number | undefined>;

/**
 * `components` in summary order (src/components/registry.ts ORDER.summary); munitions of
 * `kind: component` stay out of the shell totals. Each stockpile's final stock is given whole
 * (`final_stock`, a milestone) and, at the end, split into serviceable and unserviceable for the
 * stockpiles in `finalStock` (those that can hold unserviceable shells).
 */
export function summarizeRun(
  components: readonly Component[], munitions: readonly Munition[], balance: readonly { residual: number }[],
  finalStock: readonly { stockpile: string; serviceable: number; unserviceable: number }[],
): RunSummary {
  let produced = 0, consumed = 0, demand = 0;
  const isShell = (m: number) => munitions[m].kind === 'shell';
  for (const c of components) {
    const totals = c.shellTotals?.(isShell);
    if (!totals) continue;
    if (totals.produced !== undefined) produced += totals.produced;
    if (totals.consumed !== undefined) consumed += totals.consumed;
    if (totals.demand !== undefined) demand += totals.demand;
  }
  const summary: RunSummary = {
    produced_total: produced,
    consumed_total: consumed,
    demand_total: demand,
    shortfall_total: demand - consumed,
    fill_rate: demand > 0 ? consumed / demand : 1,
    balance_error: largestResidual(balance),
  };
  for (const c of components) for (const [name, value] of c.milestones?.() ?? []) summary[`${name}.${c.id}`] = value;
  // Columns added later come after all of the above, so summary.csv's earlier columns keep their place.
  for (const c of components) for (const [name, value, suffix] of c.kpis?.() ?? []) summary[`${name}.${c.id}${suffix === undefined ? '' : `.${suffix}`}`] = value;
  for (const s of finalStock) {
    summary[`final_stock_serviceable.${s.stockpile}`] = s.serviceable;
    summary[`final_stock_unserviceable.${s.stockpile}`] = s.unserviceable;
  }
  return summary;
}

/** The largest |residual| of the balance, 0 for none. */
function largestResidual(balance: readonly { residual: number }[]): number {
  let largest = 0;
  for (let m = 0; m < balance.length; m++) largest = Math.max(largest, Math.abs(balance[m].residual));
  return largest;
}
