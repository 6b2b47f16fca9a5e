/**
 * Replications to a precision: the sequential procedure for a relative precision γ of Law,
 * *Simulation Modeling and Analysis* (5th ed., 2015), §9.4.1. A design point first gets n₀ runs;
 * after each batch, for every chosen KPI, δ(n) = t_{n−1, 0.975} · s / √n (the 95 % confidence
 * half-width of its mean, as aggregate.csv writes it) is compared with |x̄(n)|: the point is done
 * when δ(n) / |x̄(n)| ≤ γ' = γ / (1 + γ) for every chosen KPI (so the actual relative error is at
 * most γ), or when it has the maximum number of runs. Each decision reads only that point's runs,
 * as written to summary.csv, so the runs of every point are the same whatever the evaluator, its
 * threads, or where a session was interrupted.
 */
import { UserError, type Issue } from '../model/errors.js';
import { knownNamesHint } from '../model/suggest.js';
import type { Warning } from '../model/warnings.js';
import { formatValue } from '../output/format.js';
import { RunningStats, type SampleSummary } from '../analysis/statistics.js';
import type { RunOutcome } from './evaluators/evaluator.js';

/** The KPI a precision applies to when none is named. */
export const DEFAULT_PRECISION_KPI = 'fill_rate';
/** The most runs a point gets when no maximum is given (sim-tools' replication budget). */
export const DEFAULT_MAX_REPLICATIONS = 1000;

/** The stopping rule of a sweep with a precision, as recorded in its manifest (layout and identity). */
export interface PrecisionRule {
  /** γ: the relative precision asked for, 0 < γ < 1. */
  relative: number;
  /** The KPIs whose means must all reach it. */
  kpis: string[];
  /** Runs added to a point per round after the initial ones (the initial number of replications). */
  batch: number;
  /** The most runs a point gets; it stops there, flagged precision_met false, if it has not reached γ. */
  max_replications: number;
}

/** What the rule reads of an experiment's layout (aggregate.ts's SweepLayout). */
export interface PrecisionLayout {
  kpis: readonly string[];
  /** Runs per point; with a precision, the initial runs. */
  replications: number;
  precision?: PrecisionRule;
}

/** What a caller asks for (the library's options). */
export interface PrecisionRequest {
  precision: number;
  /** The KPIs whose means must reach it; default fill_rate. */
  precisionKpis?: readonly string[];
  /** The most runs a point gets; default 1000 (or the initial replications if more). */
  maxReplications?: number;
}

/**
 * The rule of a request, or undefined without a precision. The batch is the initial number of
 * replications (at least 2: a confidence interval needs two runs).
 * @throws UserError for γ outside (0, 1), fewer than 2 initial replications, or a maximum below them
 */
export function precisionRule(request: Partial<PrecisionRequest>, replications: number): PrecisionRule | undefined {
  if (request.precision === undefined) {
    const stray = request.maxReplications !== undefined ? 'maxReplications' : request.precisionKpis !== undefined ? 'precisionKpis' : undefined;
    if (stray) throw new UserError({ path: stray, message: 'applies only to replications to a precision', hint: 'add `precision`, e.g. 0.05, or drop it' });
    return undefined;
  }
  const issues: Issue[] = [];
  const { precision } = request;
  if (!(typeof precision === 'number' && precision > 0 && precision < 1)) {
    issues.push({ path: 'precision', code: 'out_of_range', message: `expected a relative precision between 0 and 1 (0.05 for ±5 % of the mean), got ${precision}` });
  }
  if (replications < 2) {
    issues.push({ path: 'replications', code: 'out_of_range', message: `is ${replications}, but replications to a precision start with at least 2 runs per point (a confidence interval needs two)`, hint: 'use `replications` 2 or more (10 is usual)' });
  }
  const max = request.maxReplications ?? Math.max(DEFAULT_MAX_REPLICATIONS, replications);
  if (!Number.isInteger(max) || max < replications) {
    issues.push({ path: 'maxReplications', code: 'out_of_range', message: `expected a whole number ≥ the initial ${replications} replications, got ${max}` });
  }
  const kpis = [...new Set(request.precisionKpis && request.precisionKpis.length > 0 ? request.precisionKpis : [DEFAULT_PRECISION_KPI])];
  if (issues.length > 0) throw new UserError(issues);
  return { relative: precision!, kpis, batch: replications, max_replications: max };
}

/** @throws UserError naming each KPI of the rule that the model does not have, with the nearest known one */
export function checkPrecisionKpis(rule: PrecisionRule, kpis: readonly string[]): void {
  const known = kpis.filter((kpi) => !kpi.startsWith('target.'));
  const issues: Issue[] = rule.kpis.flatMap((kpi, i): Issue[] => (kpis.includes(kpi) ? [] : [{
    path: `precisionKpis[${i}]`, input: kpi, code: 'unknown_name', message: `unknown KPI "${kpi}" for the precision`,
    hint: knownNamesHint(kpi, known, 'KPIs (summary.csv columns)'),
  }]));
  if (issues.length > 0) throw new UserError(issues);
}

/**
 * Whether one KPI's mean is within the relative precision: n ≥ 2 runs with a value and
 * t_{n−1,0.975}·s/√n ≤ γ/(1+γ)·|x̄|. With x̄ = 0 a relative precision is undefined: it counts as
 * reached only when every value is the same (s = 0).
 */
export function relativePrecisionMet(summary: SampleSummary | undefined, relative: number): boolean {
  if (!summary || summary.n < 2) return false;
  if (summary.mean === 0) return summary.sd === 0;
  return summary.ciHalfWidth95 / Math.abs(summary.mean) <= relative / (1 + relative);
}

/** Whether every chosen KPI (indices into the summaries) is within the precision. */
export function pointPrecisionMet(summaries: readonly (SampleSummary | undefined)[], indices: readonly number[], relative: number): boolean {
  return indices.every((k) => relativePrecisionMet(summaries[k], relative));
}

/** Whether a point with `n` runs is at a point of decision: after the initial runs and each batch, or at the maximum. */
export function atDecision(layout: Pick<PrecisionLayout, 'replications'>, rule: PrecisionRule, n: number): boolean {
  return n >= layout.replications && n <= rule.max_replications && (n === rule.max_replications || (n - layout.replications) % rule.batch === 0);
}

/**
 * The number of runs a point needs in all, knowing `done` of them and (`met`) whether they reach the
 * precision: the initial count, the next decision after a torn batch, `done` when it stops there.
 */
export function neededRuns(initial: number, rule: PrecisionRule, done: number, met: () => boolean): number {
  if (done < initial) return initial;
  if (done >= rule.max_replications) return done;
  const since = done - initial;
  if (since % rule.batch !== 0) return Math.min(rule.max_replications, initial + Math.ceil(since / rule.batch) * rule.batch);
  return met() ? done : Math.min(rule.max_replications, done + rule.batch);
}

/**
 * How many runs each point needs, decided from its runs as they come in (in replication order per
 * point). Values are taken as summary.csv holds them (6 decimals), so a resumed sweep, which reads
 * them back from there, decides exactly as one that never stopped.
 */
export class PrecisionSchedule {
  private readonly open = new Map<number, RunningStats[]>();
  private readonly columns: number[];

  constructor(private readonly layout: PrecisionLayout, private readonly rule: PrecisionRule) {
    this.columns = rule.kpis.map((kpi) => layout.kpis.indexOf(kpi));
  }

  /** Adds runs of `point` from the evaluator, in replication order (a failed run adds no value). */
  observe(point: number, outcomes: readonly RunOutcome[]): void {
    for (const outcome of outcomes) {
      const values = outcome.values;
      if (values) this.push(point, (k) => (Number.isFinite(values[k]) ? Number(formatValue(values[k])) : Number.NaN));
    }
  }

  /** Adds a run of `point` as summary.csv holds it (its KPI cells, in layout order; empty, inf and -inf add no value). */
  observeCells(point: number, kpiCells: readonly string[]): void {
    this.push(point, (k) => (kpiCells[k] === '' || kpiCells[k] === undefined ? Number.NaN : Number(kpiCells[k])));
  }

  /** The runs `point` needs in all, `done` of them observed; forgets the point once it needs no more. */
  needed(point: number, done: number): number {
    const needed = neededRuns(this.layout.replications, this.rule, done, () => {
      const stats = this.stats(point);
      return stats.every((s) => relativePrecisionMet(s.n > 0 ? s.summary() : undefined, this.rule.relative));
    });
    if (needed === done) this.open.delete(point);
    return needed;
  }

  private push(point: number, value: (column: number) => number): void {
    const stats = this.stats(point);
    this.columns.forEach((column, i) => {
      const x = value(column);
      if (Number.isFinite(x)) stats[i].push(x);
    });
  }

  private stats(point: number): RunningStats[] {
    let stats = this.open.get(point);
    if (!stats) { stats = this.columns.map(() => new RunningStats()); this.open.set(point, stats); }
    return stats;
  }
}

/** The warning of a sweep whose points did not all reach the precision, or none. */
export function precisionWarnings(rule: PrecisionRule, notMet: number, points: number): Warning[] {
  if (notMet === 0) return [];
  const which = rule.kpis.length === 1 ? `the mean of ${rule.kpis[0]}` : `the means of ${rule.kpis.join(', ')}`;
  return [{
    code: 'precision_not_met',
    path: 'precision',
    message: `${notMet} of ${points} ${points === 1 ? 'point' : 'points'} did not reach the relative precision ${rule.relative} of ${which} within ${rule.max_replications} replications (precision_met is false in aggregate.csv): raise \`maxReplications\`, or ask for a looser \`precision\``,
  }];
}

/**
 * The runs that may follow run (point, replication) in summary.csv (the first run when `after` is
 * undefined): rows go point by point, replications 0, 1, 2, …; a point has `replications` runs, or
 * with a precision, a number at which the rule may stop it (see {@link atDecision}).
 */
export function nextRuns(layout: Pick<PrecisionLayout, 'replications' | 'precision'>, after: readonly [number, number] | undefined): [number, number][] {
  if (after === undefined) return [[0, 0]];
  const [point, replication] = after;
  const n = replication + 1;
  const { precision } = layout;
  if (!precision) return n < layout.replications ? [[point, n]] : [[point + 1, 0]];
  const next: [number, number][] = n < precision.max_replications ? [[point, n]] : [];
  if (atDecision(layout, precision, n)) next.push([point + 1, 0]);
  return next;
}
