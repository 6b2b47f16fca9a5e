/**
 * Targets measured inside the run, from the components' own metrics, so a summary-only run (a sweep's,
 * a calibration's) measures them as a recorded one does: each day, as it is recorded, a target adds its
 * nodes' flow to its window or keeps its level. A target is bound to its metrics when the world is built;
 * a node without the metric is refused then, with the target's file and line.
 */
import type { Component, Metric, Section } from '../components/contract.js';
import { SECTIONS } from '../components/registry.js';
import { UserError, type Issue } from '../model/errors.js';
import type { Model } from '../model/model.js';
import type { TargetSpec } from '../model/targets.js';

/** Measures a run's targets day by day. */
export class TargetTracker {
  private readonly sums: Float64Array;

  constructor(private readonly targets: readonly TargetSpec[], private readonly readers: (() => number)[], private readonly days: number) {
    this.sums = new Float64Array(targets.length);
  }

  /** Day `day` is over and its metrics still hold its readings. */
  record(day: number): void {
    const { targets, readers, sums } = this;
    for (let i = 0; i < targets.length; i++) {
      const w = targets[i].window;
      if (w.kind === 'by') { if (day <= w.day) sums[i] += readers[i](); }
      else if (w.kind === 'over') { if (day >= w.from && day <= w.to) sums[i] += readers[i](); }
      else if (day === w.day - 1) sums[i] = readers[i]();
    }
  }

  /** Each target's value, in model order; NaN when the run ended before the target's last day (a shorter `days`). */
  values(): number[] {
    return this.targets.map((t, i) => {
      const w = t.window;
      const last = w.kind === 'on' ? w.day - 1 : w.kind === 'by' ? w.day : w.to;
      if (last >= this.days) return Number.NaN;
      return w.kind === 'over' && w.stat === 'mean_per_day' ? this.sums[i] / (w.to - w.from + 1) : this.sums[i];
    });
  }
}

/**
 * Binds each target to the metrics of its nodes in `world`.
 * @throws UserError naming each target whose node lacks the metric, counts no such munition, or
 *   whose window does not fit the metric (a level summed, a flow read on a date)
 */
export function bindTargets(model: Model, world: Record<Section, Component[]>, days: number): TargetTracker | undefined {
  const targets = model.targets ?? [];
  if (targets.length === 0) return undefined;
  const components = new Map<string, { component: Component; noun: string }>();
  for (const section of SECTIONS) if (section.columns) for (const c of world[section.name]) components.set(c.id, { component: c, noun: section.noun });
  const issues: Issue[] = [];
  const readers = targets.map((target) => {
    const problem = (field: string, message: string, hint?: string) => {
      issues.push({ file: model.file, path: `${target.path}.${field}`, line: target.line, column: target.column, message, hint });
      return () => Number.NaN;
    };
    const parts: (() => number)[] = [];
    for (const id of target.of) {
      const found = components.get(id);
      if (!found) return problem('of', `unknown node "${id}"`);
      const metrics = found.component.metrics?.() ?? [];
      const metric = metrics.find((m) => m.name === target.metric);
      if (!metric) {
        return problem('metric', `${id} (a ${found.noun}) has no metric "${target.metric}"`, `its metrics: ${metrics.map((m) => m.name).join(', ') || 'none'}`);
      }
      const level = metric.kind === 'level';
      if (level && target.window.kind !== 'on') {
        return problem('metric', `${target.metric} of ${id} is a level (a state on a day), so it cannot be summed ${target.window.kind === 'by' ? 'by a date' : 'over a window'}`, 'read a level on a date: on: YYYY-MM-DD');
      }
      if (!level && target.window.kind === 'on') {
        return problem('metric', `${target.metric} of ${id} is a flow (an amount per day), so it has no value on a date`, 'sum a flow by a date (by: YYYY-MM-DD) or over a window (over: [FROM, TO] with stat)');
      }
      const reader = readerOf(metric, target.munition);
      if (!reader) {
        const munition = model.munitions[target.munition!].id;
        const counted = metric.munitions?.map((m) => model.munitions[m].id).join(', ');
        return problem('munition', counted ? `${id} does not carry ${munition}; its ${target.metric} counts ${counted}` : `${target.metric} of ${id} is not counted per munition, got munition: ${munition}`, 'leave munition out to count every munition');
      }
      parts.push(reader);
    }
    if (parts.length === 1) return parts[0];
    return () => { let sum = 0; for (let k = 0; k < parts.length; k++) sum += parts[k](); return sum; };
  });
  if (issues.length > 0) throw new UserError(issues);
  return new TargetTracker(targets, readers, days);
}

/** The metric's day reading, of all its munitions or of one; undefined if it does not count `munition`. */
function readerOf(metric: Metric, munition: number | undefined): (() => number) | undefined {
  const { read } = metric;
  if (typeof read === 'function') return munition === undefined ? read : undefined;
  if (munition !== undefined) {
    if (!metric.munitions?.includes(munition)) return undefined;
    return () => read[munition];
  }
  const slots = [...(metric.munitions ?? [0])];
  if (slots.length === 1) { const slot = slots[0]; return () => read[slot]; }
  return () => { let sum = 0; for (let k = 0; k < slots.length; k++) sum += read[slots[k]]; return sum; };
}
