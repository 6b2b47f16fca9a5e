/**
 * What an experiment's runs are: the model (by hash), the design, the replications and seeds, the
 * horizon and what each run keeps. Two experiments with the same identity produce the same files,
 * so a folder is resumed only by an experiment with the same identity — the one resume rule.
 */
import { createHash } from 'node:crypto';
import type { Model } from '../model/model.js';
import { versions } from '../output/manifest.js';
import { precisionRule, type PrecisionRequest, type PrecisionRule } from './precision.js';

/** What an experiment keeps of each run: its summary row only, or also its daily time series. */
export type KeepLevel = 'summary' | 'timeseries';

/** Rows of parameter values to run: a sweep's design, or a sensitivity sampler's rows. */
export interface ExperimentDesign {
  /** How the rows were made: grid, lhs, sobol (sweeps); oat, morris, saltelli (sensitivity samplers). */
  kind: string;
  /** Parameter names, in column order of `points`. */
  parameters: string[];
  factors: { name: string; low: number; high: number; levels?: number[] }[];
  /** One row of parameter values per design point. */
  points: number[][];
  samples?: number;
  seed: number;
}

/** Everything that determines an experiment's files; a folder is resumed only by an experiment with the same. */
export interface ExperimentIdentity {
  munisim: string;
  model_sha256: string;
  days: number;
  fixed: Record<string, number>;
  design: { kind: string; samples?: number; seed: number; factors: { name: string; low: number; high: number; levels?: number[] }[] };
  replications: number;
  seed: number;
  keep: KeepLevel;
  every: number;
  /** Per-run interval sums kept in series.csv (sensitivity studies): the time-series columns of each sum. */
  series?: string[][];
  /** Replications to a precision: the stopping rule (absent for a fixed number of replications). */
  precision?: PrecisionRule;
}

/** The sweep's name for it, kept for the manifest's `sweep` key and existing callers. */
export type SweepIdentity = ExperimentIdentity;

/** What the identity is computed from: the options of an experiment that decide its files. */
export interface IdentityInput extends Partial<PrecisionRequest> {
  /** The model, as loaded or parsed (it need not exist as a file: evaluators get the model itself). */
  model: Model;
  design: ExperimentDesign;
  /** Parameter values held fixed at every point. */
  fixed?: Record<string, number>;
  /** Runs per design point, an integer ≥ 1. */
  replications: number;
  /** Seed of replication 0 (default: the model's); replication r uses seed + r. */
  seed?: number;
  /** Horizon override in days. */
  days?: number;
  keep?: KeepLevel;
  /** Days per row of kept time series and per interval of `series` (flows summed, levels at the interval's end). Default 1. */
  every?: number;
  /** Time-series columns summed per interval and kept per run (series.csv). */
  series?: { columns: string[] }[];
}

export function experimentIdentity(options: IdentityInput): ExperimentIdentity {
  const { model, design } = options;
  const rule = precisionRule(options, options.replications);
  const fixed = Object.fromEntries(Object.entries(options.fixed ?? {}).sort(([a], [b]) => a.localeCompare(b)));
  return {
    munisim: versions().munisim,
    model_sha256: model.sha256,
    days: options.days ?? model.days,
    fixed,
    design: {
      kind: design.kind,
      ...(design.samples !== undefined ? { samples: design.samples } : {}),
      seed: design.seed,
      factors: design.factors.map((f) => ({ name: f.name, low: f.low, high: f.high, ...(f.levels ? { levels: f.levels } : {}) })),
    },
    replications: options.replications,
    seed: options.seed ?? model.seed,
    keep: options.keep ?? 'summary',
    every: options.every ?? 1,
    // Absent for sweeps, so their identities (and default folder names) are those of earlier versions.
    ...(options.series && options.series.length > 0 ? { series: options.series.map((s) => s.columns) } : {}),
    // Likewise absent without a precision.
    ...(rule ? { precision: rule } : {}),
  };
}

/**
 * The folder name of an experiment when none is given: `<design>-<hash>`, the hash being 12 hex
 * digits of the SHA-256 of its identity (JSON), so the same command always lands in the same folder.
 */
export function sweepFolderName(identity: ExperimentIdentity): string {
  return `${identity.design.kind}-${createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 12)}`;
}

/** Human-readable differences between the folder's experiment and this one, e.g. `replications: 100 there, 200 here`. */
export function identityDifferences(there: ExperimentIdentity | undefined, here: ExperimentIdentity): string[] {
  if (!there) return ['its manifest has no sweep description'];
  const labels: Record<keyof ExperimentIdentity, string> = {
    munisim: 'munisim version', model_sha256: 'model file (sha256)', days: 'days', fixed: '`fixed` values', design: 'design (`vary`, `kind`, `samples`, `designSeed`)',
    replications: 'replications', seed: 'seed', keep: 'keep', every: 'every', series: 'series', precision: 'precision',
  };
  const out: string[] = [];
  for (const key of Object.keys(labels) as (keyof ExperimentIdentity)[]) {
    const a = JSON.stringify(there[key]);
    const b = JSON.stringify(here[key]);
    if (a !== b && key === 'precision') out.push(`precision: ${describePrecision(there.precision)} there, ${describePrecision(here.precision)} here`);
    else if (a !== b) out.push(key === 'design' || key === 'fixed' || key === 'series' ? `${labels[key]} differ` : `${labels[key]}: ${shorten(a)} there, ${shorten(b)} here`);
  }
  return out;
}

/**
 * Which input files (CSV series) differ between the folder's model and this one, from the manifests'
 * `model.inputs` lists, e.g. `data/us.csv changed`: the model file's sha256 covers them too.
 */
export function inputDifferences(there: readonly { path: string; sha256: string }[] | undefined, here: readonly { path: string; sha256: string }[] | undefined): string[] {
  const before = new Map((there ?? []).map((input) => [input.path, input.sha256]));
  const after = new Map((here ?? []).map((input) => [input.path, input.sha256]));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths.flatMap((path) => {
    const a = before.get(path);
    const b = after.get(path);
    if (a === b) return [];
    if (a === undefined) return [`${path} is read here, not there`];
    if (b === undefined) return [`${path} was read there, not here`];
    return [`${path} changed (sha256 ${a.slice(0, 12)}… there, ${b.slice(0, 12)}… here)`];
  });
}

function describePrecision(rule: PrecisionRule | undefined): string {
  return rule ? `${rule.relative} of ${rule.kpis.join(', ')} within ${rule.max_replications} replications` : 'none';
}

function shorten(text: string | undefined): string {
  if (text === undefined) return 'none';
  return text.length > 20 ? `${text.slice(0, 12)}…` : text;
}
