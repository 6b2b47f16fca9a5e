/**
 * The one-row summary of a run: totals, the fill rate, the conservation residual, and per-node
 * milestones (first shortfall, first detection). A cell is undefined (empty in CSV) where the
 * milestone never happened.
 */
import type { World } from '../engine/simulation.js';
import type { Munition } from '../model/model.js';

export type RunSummary = Record<string, number | undefined>;

export function summarizeRun(world: World, munitions: Munition[], balance: { residual: number }[]): RunSummary {
  let produced = 0, consumed = 0, demand = 0;
  // Components (propellant, fuzes) are inputs, not shells: they stay out of the shell totals. A
  // front drawing only components is left out; demand a front met from components is not shell demand.
  const isShell = (m: number) => munitions[m].kind === 'shell';
  for (const f of world.factories) if (isShell(f.spec.munition)) produced += f.producedTotal;
  for (const c of world.consumers) {
    if (!c.spec.munitions.some(isShell)) continue;
    let shells = 0, components = 0;
    for (const m of c.spec.munitions) {
      if (isShell(m)) shells += c.consumedByMunition[m];
      else components += c.consumedByMunition[m];
    }
    consumed += shells;
    demand += c.demandTotal - components;
  }
  const summary: RunSummary = {
    produced_total: produced,
    consumed_total: consumed,
    demand_total: demand,
    shortfall_total: demand - consumed,
    fill_rate: demand > 0 ? consumed / demand : 1,
    balance_error: Math.max(0, ...balance.map((b) => Math.abs(b.residual))),
  };
  for (const c of world.consumers) summary[`first_shortfall_day.${c.spec.id}`] = c.firstShortfallDay;
  for (const r of world.routes) {
    summary[`first_detection_day.${r.spec.id}`] = r.firstDetectionDay;
    summary[`delivered_before_detection.${r.spec.id}`] = r.deliveredBeforeDetection;
  }
  for (const s of world.stockpiles) summary[`final_stock.${s.id}`] = s.level;
  return summary;
}
