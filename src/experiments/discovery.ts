/**
 * Scenario discovery on an experiment folder (a sweep, a study's runs, a calibration or one of its waves): which combinations of parameter values lead to the cases of
 * interest (`fill_rate < 0.8`)? The runs (or the point means) of a space-filling design become the arrays
 * PRIM or CART work on; the folder is checked against its manifest first, as every reader of it is.
 */
import { join } from 'node:path';
import { cart } from '../analysis/cart.js';
import { prim, type BoxLimits, type TrajectoryStep } from '../analysis/prim.js';
import { compileWhere } from '../analysis/where.js';
import { UserError } from '../model/errors.js';
import { parseCell } from './aggregate.js';
import { CALIBRATION_MANIFEST_KIND } from './calibration.js';
import { calibrationWaves, readManifest, readSweep } from './read-experiment.js';
import { SWEEP_FILES, scanLines } from './sweep-files.js';

/** Designs that fill the parameter space, on which a box means something: not grids or one-at-a-time paths. */
export const SPACE_FILLING_DESIGNS: readonly string[] = ['lhs', 'sobol', 'saltelli'];

export type DiscoveryMethod = 'prim' | 'cart';
export type DiscoveryUnit = 'run' | 'point';

export interface DiscoveryOptions {
  /** The condition over KPIs that marks a case of interest (see compileWhere). */
  where: string;
  /** Each run is a case, or each design point with the mean of its runs. Default run. */
  per?: DiscoveryUnit;
  method?: DiscoveryMethod;
  /** PRIM: the coverage share for the default box choice (0.8). */
  threshold?: number;
  /** PRIM: peeling share per step (0.05). */
  alpha?: number;
  /** PRIM: trajectory index of the first box instead of the default choice. */
  box?: number;
  /** PRIM: most boxes found by covering (3). */
  maxBoxes?: number;
  /** PRIM: bootstrap resamples per box (20) and their seed (0). */
  resamples?: number;
  seed?: number;
  /** CART: deepest leaf (3). */
  maxDepth?: number;
}

/** The cases of a folder: parameter values, KPI values and which are of interest. */
export interface DiscoveryData {
  dir: string;
  modelName: string;
  designKind: string;
  status: string;
  per: DiscoveryUnit;
  where: string;
  parameters: string[];
  /** The design's range of each parameter. */
  bounds: [number, number][];
  /** The KPIs the condition reads, and their values per case. */
  kpis: string[];
  kpiValues: number[][];
  x: number[][];
  y: boolean[];
  /** Design points of the cases (per run: of each run). */
  points: number[];
  /** Runs left out: failed, or without a value the condition reads. */
  failed: number;
  missing: number;
}

/** A box as a discovery reports it, whatever the method. */
export interface DiscoveredBox {
  limits: BoxLimits;
  restricted: boolean[];
  /** Per parameter; NaN where unrestricted. */
  quasiP: number[];
  coverage: number;
  density: number;
  mass: number;
  cases: number;
  interest: number;
  /** PRIM: per parameter the share of bootstrap resamples restricting it (empty without resampling). */
  resampled: number[];
  /** PRIM: the box's peeling trajectory and the chosen step. */
  trajectory?: TrajectoryStep[];
  selected?: number;
}

export interface DiscoveryResult {
  data: DiscoveryData;
  method: DiscoveryMethod;
  cases: number;
  interest: number;
  baseRate: number;
  boxes: DiscoveredBox[];
  /** Why no further box was found. */
  stop: string;
  options: Required<Omit<DiscoveryOptions, 'box'>> & { box?: number };
}

/**
 * Reads the cases of an experiment folder and marks those of interest. A calibration folder gives the runs of
 * all its waves (the prior's box as the bounds; design points numbered on across the waves: wave 2's first
 * point follows wave 1's last); one of its wave folders gives that wave's runs.
 * KPIs named `first_…` (a day something first happened) are +∞ in a run where it never happened; a run
 * without another KPI the condition reads, or that failed, is left out (and counted).
 * @throws UserError if `dir` is not an experiment folder, its design does not fill the space (a grid, OAT,
 *   Morris), the condition is bad, or it marks none or all of the cases
 */
export async function readDiscoveryData(dir: string, where: string, per: DiscoveryUnit = 'run'): Promise<DiscoveryData> {
  const manifest = await readManifest(dir);
  if (manifest?.kind === CALIBRATION_MANIFEST_KIND) {
    const waves = calibrationWaves(dir);
    if (waves.length === 0) throw new UserError({ path: dir, message: 'is a calibration folder without a finished wave: there is nothing to discover' });
    const parts = await Promise.all(waves.map((wave) => readCases(wave, where)));
    const first = parts[0];
    parts.forEach((part, w) => {
      if (JSON.stringify(part.parameters) !== JSON.stringify(first.parameters) || JSON.stringify(part.kpiNames) !== JSON.stringify(first.kpiNames)) {
        throw new UserError({ path: waves[w], message: 'varies other parameters or records other KPIs than wave 1', hint: 'were the wave folders edited or copied from another calibration?' });
      }
    });
    let offset = 0;
    const runs = parts.flatMap((part) => {
      const shifted = part.runs.map((run) => ({ ...run, point: run.point + offset }));
      offset += part.points;
      return shifted;
    });
    return markCases({
      ...first, dir, status: String(manifest.status ?? ''), modelName: String((manifest.model as { name?: string } | undefined)?.name ?? first.modelName),
      runs, failed: parts.reduce((n, part) => n + part.failed, 0), missing: parts.reduce((n, part) => n + part.missing, 0),
    }, where, per);
  }
  return markCases(await readCases(dir, where), where, per);
}

/** The runs of one experiment folder, with the values of the KPIs the condition reads. */
interface FolderCases {
  dir: string;
  modelName: string;
  designKind: string;
  status: string;
  parameters: string[];
  bounds: [number, number][];
  kpiNames: readonly string[];
  used: string[];
  test: (row: number[]) => boolean;
  points: number;
  runs: { point: number; x: number[]; values: number[] }[];
  failed: number;
  missing: number;
}

async function readCases(dir: string, where: string): Promise<FolderCases> {
  const sweep = await readSweep(dir);
  const { design, layout } = sweep;
  if (!SPACE_FILLING_DESIGNS.includes(design.kind)) {
    throw new UserError({
      code: 'not_space_filling', path: dir,
      message: `is a ${design.kind} design; scenario discovery needs a space-filling one (${SPACE_FILLING_DESIGNS.join(', ')})`,
      hint: 'a grid or a one-at-a-time path leaves most of the space unsampled, so a box found on it means little: sweep with `kind` lhs or sobol',
    });
  }
  if (layout.parameters.length === 0) throw new UserError({ path: dir, message: 'varies no parameter: there is nothing to discover' });
  const condition = compileWhere(where, layout.kpis);
  const used = condition.used.map((kpi) => layout.kpis.indexOf(kpi));
  const bounds = layout.parameters.map((name, j): [number, number] => {
    const factor = design.factors.find((f) => f.name === name);
    return factor ? [factor.low, factor.high] : [Math.min(...sweep.rows.map((r) => r.parameters[j])), Math.max(...sweep.rows.map((r) => r.parameters[j]))];
  });

  // Per run, from summary.csv (rows in point order; a failed run's KPI cells are all empty).
  const p = layout.parameters.length;
  const firstKpi = 3 + p;
  const runs: FolderCases['runs'] = [];
  let failed = 0;
  let missing = 0;
  let header = true;
  scanLines(join(dir, SWEEP_FILES.summary), (line) => {
    if (header) { header = false; return; }
    const cells = line.split(',');
    if (cells.slice(firstKpi).every((c) => c === '')) { failed++; return; }
    const values = used.map((k) => {
      const value = parseCell(cells[firstKpi + k]);
      return Number.isNaN(value) && layout.kpis[k].startsWith('first_') ? Number.POSITIVE_INFINITY : value;
    });
    if (values.some(Number.isNaN)) { missing++; return; }
    runs.push({ point: Number(cells[0]), x: cells.slice(3, firstKpi).map(Number), values });
  });
  // The condition reads KPIs by their column; only the ones it uses were kept.
  const row = new Array<number>(layout.kpis.length).fill(Number.NaN);
  const test = (values: number[]) => {
    used.forEach((k, u) => { row[k] = values[u]; });
    return condition.test(row);
  };
  return {
    dir, modelName: sweep.modelName, designKind: design.kind, status: sweep.status, parameters: [...layout.parameters], bounds,
    kpiNames: layout.kpis, used: condition.used, test, points: sweep.points, runs, failed, missing,
  };
}

/** The cases (runs, or point means) and which are of interest. @throws UserError if none or all are */
function markCases(folder: FolderCases, where: string, per: DiscoveryUnit): DiscoveryData {
  const { runs, dir } = folder;
  let cases = runs;
  if (per === 'point') {
    const byPoint = new Map<number, typeof runs>();
    for (const run of runs) byPoint.set(run.point, [...(byPoint.get(run.point) ?? []), run]);
    cases = [...byPoint.values()].map((group) => ({
      point: group[0].point, x: group[0].x,
      values: folder.used.map((_, u) => group.reduce((s, r) => s + r.values[u], 0) / group.length),
    }));
  }
  const y = cases.map((c) => folder.test(c.values));
  const marked = y.filter(Boolean).length;
  if (cases.length === 0) throw new UserError({ path: dir, message: 'has no finished run with a value of every KPI the condition reads' });
  if (marked === 0 || marked === cases.length) {
    const ranges = folder.used.map((kpi, u) => {
      const values = cases.map((c) => c.values[u]);
      return `${kpi} ${Math.min(...values)}…${Math.max(...values)}`;
    });
    throw new UserError({
      code: 'no_contrast', path: 'where', input: JSON.stringify(where),
      message: `marks ${marked === 0 ? 'none' : 'all'} of the ${cases.length} ${per === 'point' ? 'points' : 'runs'}: there is nothing to tell apart`,
      hint: `the values found: ${ranges.join('; ')}`,
    });
  }
  return {
    dir, modelName: folder.modelName, designKind: folder.designKind, status: folder.status, per, where,
    parameters: folder.parameters, bounds: folder.bounds, kpis: folder.used, kpiValues: cases.map((c) => c.values),
    x: cases.map((c) => c.x), y, points: cases.map((c) => c.point), failed: folder.failed, missing: folder.missing,
  };
}

/** Finds the boxes of `data` with PRIM (covering) or CART. */
export function discoverBoxes(data: DiscoveryData, options: Omit<DiscoveryOptions, 'where' | 'per'> = {}): DiscoveryResult {
  const settings = {
    where: data.where, per: data.per, method: options.method ?? 'prim', threshold: options.threshold ?? 0.8, alpha: options.alpha ?? 0.05,
    maxBoxes: options.maxBoxes ?? 3, resamples: options.resamples ?? 20, seed: options.seed ?? 0, maxDepth: options.maxDepth ?? 3,
    ...(options.box !== undefined ? { box: options.box } : {}),
  };
  let result: Omit<DiscoveryResult, 'data' | 'options'>;
  try {
    if (settings.method === 'cart') {
      const tree = cart(data.x, data.y, { bounds: data.bounds, maxDepth: settings.maxDepth });
      result = {
        method: 'cart', cases: tree.cases, interest: tree.interest, baseRate: tree.baseRate,
        boxes: tree.boxes.map((leaf) => {
          const restricted = data.bounds.map(([lo, hi], j) => leaf.limits.lower[j] !== lo || leaf.limits.upper[j] !== hi);
          return { limits: leaf.limits, restricted, quasiP: restricted.map(() => Number.NaN), coverage: leaf.coverage, density: leaf.density, mass: leaf.mass, cases: leaf.cases, interest: leaf.interest, resampled: [] };
        }),
        stop: tree.boxes.length === 0 ? 'no leaf where the cases of interest are the majority' : 'every leaf of interest',
      };
    } else {
      const found = prim(data.x, data.y, {
        bounds: data.bounds, peelAlpha: settings.alpha, threshold: settings.threshold, maxBoxes: settings.maxBoxes,
        resamples: settings.resamples, seed: settings.seed, ...(settings.box !== undefined ? { select: settings.box } : {}),
      });
      result = {
        method: 'prim', cases: found.cases, interest: found.interest, baseRate: found.baseRate,
        boxes: found.boxes.map((b) => ({
          limits: b.limits, restricted: b.restricted, quasiP: b.quasiP, coverage: b.coverage, density: b.density, mass: b.mass,
          cases: b.cases, interest: b.interest, resampled: b.resampledRestriction, trajectory: b.trajectory, selected: b.selected,
        })),
        stop: { max_boxes: `the most boxes asked for (${settings.maxBoxes})`, below_base_rate: 'the next box would be less dense than the base rate', no_interest_left: 'no case of interest is left outside the boxes', no_box: 'no box' }[found.stop],
      };
    }
  } catch (error) {
    // The analysers speak of their own options; here they are the discovery's.
    if (error instanceof RangeError) {
      const option = /^(\w+)/.exec(error.message)?.[1];
      const path = ({ select: 'box', peelAlpha: 'alpha', threshold: 'threshold', maxBoxes: 'maxBoxes', resamples: 'resamples', maxDepth: 'maxDepth' } as Record<string, string>)[option ?? ''];
      if (path) throw new UserError({ path, message: error.message.replace(/^\w+ /, '') });
    }
    throw error;
  }
  return { data, ...result, options: settings };
}
