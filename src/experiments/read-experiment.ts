/**
 * Reading an experiment folder back (a sweep's, a sensitivity study's runs, or one wave of a calibration): every figure comes
 * from files checked against the manifest first, so a truncated or edited file is refused rather
 * than summarised as if it were the whole experiment. Unfinished folders give the runs so far.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatCount } from '../base/format.js';
import { UserError } from '../model/errors.js';
import { readAggregates, type PointAggregate, type SweepLayout } from './aggregate.js';
import { CALIBRATION_MANIFEST_KIND, CALIBRATION_WAVE_KIND } from './calibration.js';
import { SENSITIVITY_MANIFEST_KIND, SWEEP_MANIFEST_KIND } from './experiment.js';
import { identityDifferences, type ExperimentIdentity } from './experiment-identity.js';
import { checkAggregateFile, checkDesignFile, checkSummaryFile, checkSweepManifest } from './sweep-check.js';
import { SWEEP_FILES, readManifestFile } from './sweep-files.js';

type SweepIdentity = ExperimentIdentity;
const READABLE_KINDS: readonly unknown[] = [SWEEP_MANIFEST_KIND, SENSITIVITY_MANIFEST_KIND, CALIBRATION_WAVE_KIND];

/** A sweep folder (or a study's runs) as read back: its manifest, layout and per-point aggregates. */
/**
 * How many replications each point of `sweep` gets, in words: "10" or "10 to 300" (to a precision); and,
 * for a sweep to a precision not yet complete, "at most " before its run count, which is then a ceiling.
 */
export function replicationWords(sweep: Pick<SweepReport, 'layout' | 'replications' | 'status'>): { each: string; runsPrefix: string } {
  const { precision } = sweep.layout;
  return {
    each: precision ? `${formatCount(sweep.replications)} to ${formatCount(precision.max_replications)}` : formatCount(sweep.replications),
    runsPrefix: precision && sweep.status !== 'complete' ? 'at most ' : '',
  };
}

export interface SweepReport {
  dir: string;
  /** The manifest's kind: munisim-sweep, munisim-sensitivity for a study's runs, munisim-calibration-wave for a calibration's wave. */
  kind: string;
  status: string;
  modelName: string;
  design: SweepIdentity['design'];
  layout: SweepLayout;
  points: number;
  replications: number;
  total: number;
  /** Runs written so far (all of them when complete) and how many failed. */
  done: number;
  failed: number;
  rows: PointAggregate[];
}

/**
 * Reads a sweep folder (a study's runs, a calibration's wave) for reporting: aggregate.csv if the sweep is
 * complete, otherwise the aggregate of the runs finished so far.
 * @throws UserError if `dir` is not such a folder; for a whole calibration folder, the hint names its waves
 */
export async function readSweep(dir: string): Promise<SweepReport> {
  const manifest = await readManifest(dir);
  if (manifest?.kind === CALIBRATION_MANIFEST_KIND) {
    const waves = calibrationWaves(dir);
    throw new UserError({
      code: 'calibration_folder', path: dir, message: 'is a calibration folder: its runs are in its wave folders',
      hint: waves.length > 0 ? `pass one of ${waves.join(', ')} (discover also reads the whole calibration)` : 'it has no finished wave yet',
    });
  }
  if (!manifest || !READABLE_KINDS.includes(manifest.kind)) {
    throw new UserError({ path: dir, message: existsSync(dir) ? 'is not a sweep folder (no sweep manifest.json)' : 'no such folder', hint: 'pass the folder `munisim sweep` or `munisim sensitivity` printed, e.g. runs/quickstart-sweep/<id>' });
  }
  // Every figure shown comes from files checked against the manifest first: a truncated or edited
  // file is refused rather than summarised as if it were the whole sweep.
  const checked = checkSweepManifest(dir, manifest);
  checkDesignFile(dir, checked);
  const { layout, status } = checked;
  const identity = manifest.sweep as SweepIdentity;
  const files = { aggregate: join(dir, SWEEP_FILES.aggregate), summary: join(dir, SWEEP_FILES.summary), failures: join(dir, SWEEP_FILES.failures) };
  if (status === 'complete') checkAggregateFile(dir, checked);
  else if (existsSync(files.summary)) checkSummaryFile(dir, checked);
  else return { dir, kind: String(manifest.kind), status, modelName: modelNameOf(manifest), design: identity.design, layout, points: checked.points, replications: layout.replications, total: checked.runs, done: 0, failed: 0, rows: [] };
  // An unfinished sweep has no aggregate.csv yet: summarise the runs written so far.
  let aggregates: ReturnType<typeof readAggregates>;
  try {
    aggregates = readAggregates(status === 'complete' ? files : { ...files, aggregate: undefined }, layout);
  } catch (error) {
    throw new UserError({ path: dir, message: `cannot read the sweep's files: ${(error as Error).message}`, hint: 'were they edited, or written by another munisim version?' });
  }
  const { rows, runs } = aggregates;
  const total = checked.runs;
  const done = runs ?? total;
  return {
    dir, kind: String(manifest.kind), status, modelName: modelNameOf(manifest), design: identity.design, layout,
    points: checked.points, replications: layout.replications, total, done,
    failed: rows.reduce((sum, row) => sum + row.failed, 0), rows,
  };
}

/** A folder's manifest.json, or undefined when there is none. @throws UserError if it cannot be read */
export async function readManifest(dir: string): Promise<Record<string, unknown> | undefined> {
  try {
    return await readManifestFile(dir);
  } catch (error) {
    throw new UserError({ path: join(dir, SWEEP_FILES.manifest), message: `cannot read: ${(error as Error).message}` });
  }
}

/** A calibration folder's wave folders that hold a wave manifest, in wave order (dir/wave-1, dir/wave-2 …). */
export function calibrationWaves(dir: string): string[] {
  const waves: string[] = [];
  for (let w = 1; existsSync(join(dir, `wave-${w}`, SWEEP_FILES.manifest)); w++) waves.push(join(dir, `wave-${w}`));
  return waves;
}

function modelNameOf(manifest: Record<string, unknown>): string {
  return String((manifest.model as { name?: string } | undefined)?.name ?? '');
}

/**
 * The newest sweep of the same identity among the folders in `root` (e.g. runs/quickstart-sweep),
 * for `--resume` without `--out`: an unfinished one if there is any, else the newest complete one.
 */
export async function findResumableSweep(root: string, identity: SweepIdentity): Promise<{ dir: string; complete: boolean } | undefined> {
  if (!existsSync(root)) return undefined;
  let best: { dir: string; started: string; complete: boolean } | undefined;
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    let manifest: Record<string, unknown> | undefined;
    try { manifest = await readManifestFile(dir); } catch { continue; }
    if (!manifest || manifest.kind !== SWEEP_MANIFEST_KIND) continue;
    if (identityDifferences(manifest.sweep as SweepIdentity, identity).length > 0) continue;
    const complete = manifest.status === 'complete';
    const started = String(manifest.started_at ?? '');
    const better = !best || (best.complete && !complete) || (best.complete === complete && started > best.started);
    if (better) best = { dir, started, complete };
  }
  return best && { dir: best.dir, complete: best.complete };
}
