/**
 * `munisim sweep MODEL`: a design over the model's parameters, each point replicated R times with
 * common random numbers (or, with --precision, until its KPIs' means are that precise), on all
 * cores; streamed to design.csv, summary.csv, failures.csv and, at the end, aggregate.csv.
 * Interrupted sweeps resume; the exit code tells whether runs failed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { checkFixedParameters, DESIGN_KINDS, planDesign, type DesignKind } from '../../experiments/design-spec.js';
import { DEFAULT_MAX_REPLICATIONS, DEFAULT_PRECISION_KPI, precisionRule } from '../../experiments/precision.js';
import { SWEEP_FILES } from '../../experiments/sweep-files.js';
import { findResumableSweep, runSweep, sweepFolderName, sweepIdentity, type SweepOptions, type SweepResult } from '../../experiments/sweep.js';
import { UserError } from '../../model/errors.js';
import { loadModel } from '../../assembly/load-model.js';
import { checkComponentDays } from '../../model/limits.js';
import { modelWarnings } from '../../model/warnings.js';
import { runsFolder } from '../../output/output-dir.js';
import { startWorkers } from '../../experiments/evaluators/worker-pool.js';
import { createEvaluator, stopOnSignals } from '../evaluator-option.js';
import { EXIT, EXIT_RUNS_FAILED, runCommand } from '../exit.js';
import { withFlags } from '../flags.js';
import { asList, parseAssignments } from '../options.js';
import { printWarnings } from '../print-warnings.js';
import { createProgress } from '../progress.js';
import { checkExperimentArgs, wholeNumber, withExperimentOptions } from '../shared-options.js';
import { formatCount } from '../../base/format.js';
import { describeSweep } from './summarize.js';

export function registerSweep(cli: Argv): Argv {
  return cli.command(
    'sweep <model>',
    'Run a design of parameter values, each point replicated, on all cores; aggregate with confidence intervals',
    (y) => withExperimentOptions(y
      .positional('model', { type: 'string', describe: 'model file (YAML or JSON)', demandOption: true })
      .option('vary', { type: 'string', array: true, describe: 'a parameter to vary (repeatable): name=LOW:HIGH:N or name=v1,v2,… (grid); name or name=LOW:HIGH (lhs, sobol; bare name = the model\'s min/max)' })
      .option('design', { choices: DESIGN_KINDS, default: 'grid' as DesignKind, describe: 'grid: full factorial of the --vary levels; lhs: Latin hypercube; sobol: scrambled Sobol points' })
      .option('samples', { type: 'number', describe: 'design points of an lhs or sobol design' })
      .option('design-seed', { type: 'number', describe: 'seed of the lhs/sobol design (default: --seed)' })
      .option('keep', { choices: ['summary', 'timeseries'] as const, default: 'summary' as const, describe: 'timeseries also writes runs/<point>-<replication>/timeseries.csv (large)' })
      .option('resume', { type: 'boolean', default: false, describe: 'finish an interrupted sweep (without --out: the newest unfinished one of this command)' })
      .option('long', { type: 'boolean', default: false, describe: 'also write runs_long.csv: one row per run and KPI (point, replication, parameters, kpi, value), for pandas, R or a spreadsheet' })
      .option('precision', { type: 'number', describe: 'replications to a relative precision, e.g. 0.05: each point gets -r runs, then -r more at a time until the 95 % CI half-width of each --kpi mean is within it (Law §9.4.1)' })
      .option('kpi', { type: 'string', array: true, describe: `the KPIs --precision applies to, comma-separated or repeated (default: ${DEFAULT_PRECISION_KPI})` })
      .option('max-replications', { type: 'number', describe: `with --precision: the most runs a point gets; one that has not reached the precision stops there, flagged (default: ${DEFAULT_MAX_REPLICATIONS})` }))
      .example('$0 sweep models/quickstart.yaml --vary nk_output=3000:9000:4 -r 50', '4 levels × 50 replications')
      .example('$0 sweep models/quickstart.yaml --vary nk_output=3000,6000 --vary front_demand=10000:40000:4', 'a 2 × 4 grid')
      .example('$0 sweep models/quickstart.yaml --design lhs --samples 64 --vary nk_output --vary front_demand', 'Latin hypercube over the model\'s ranges')
      .example('$0 sweep models/quickstart.yaml -r 2000 --jobs 1', '2000 replications of the model as it is')
      .example('$0 sweep models/quickstart.yaml --vary nk_output=3000:9000:4 --out runs/nk --resume', 'finish an interrupted sweep')
      .example('$0 sweep models/quickstart.yaml --vary front_demand=10000:40000:4 --precision 0.05 --kpi fill_rate,shortfall_total', 'each point run until both means are known to ±5 %')
      .epilogue([
        'Writes design.csv, summary.csv (a row per run), aggregate.csv (per point and KPI: mean, sd, 95 % CI',
        'half-width, min, max, n), failures.csv and manifest.json. Rerunning the same command resumes it.',
        '',
        'Replications to a precision (Law, Simulation Modeling and Analysis, 5th ed., §9.4.1, the sequential',
        'procedure for a relative precision γ): each point gets n = -r runs (at least 2); then, for every --kpi,',
        'δ = t(n−1, 0.975)·s/√n, the 95 % CI half-width of its mean, must satisfy δ/|mean| ≤ γ/(1+γ); while it',
        'does not, the point gets -r more runs (the same seeds seed + n, seed + n + 1, …), up to --max-replications.',
        'With mean 0 the relative precision is undefined: reached only when every value is the same (s = 0).',
        'aggregate.csv then has each point\'s number of runs in `replications` and a `precision_met` column',
        '(false: the point stopped at the maximum; a warning says how many). A decision reads only that point\'s',
        'runs, so the files are the same whatever --jobs, and across interrupt and resume.',
        '',
        'Exit codes: 0 ok, 1 internal error, 2 bad input, 3 some runs failed (failures.csv), 130 interrupted.',
        'More: docs/sweep.md.',
      ].join('\n')),
    (args) => runCommand(async () => {
      const { jobs } = checkExperimentArgs(args);
      // The pool's threads load while the model does (the sweep's pool takes them over).
      if (args.redis === undefined) await startWorkers(jobs);
      wholeNumber('design-seed', args.designSeed, 0, 2 ** 32 - 1);
      if (args.resume && args.force) throw new UserError({ path: '--force', message: '--resume keeps the finished runs and --force discards them; give one' });
      const precision = {
        ...(args.precision !== undefined ? { precision: args.precision } : {}),
        ...(args.kpi !== undefined ? { precisionKpis: asList(args.kpi).flatMap((k) => k.split(',')).map((k) => k.trim()).filter((k) => k !== '') } : {}),
        ...(args.maxReplications !== undefined ? { maxReplications: args.maxReplications } : {}),
      };
      withFlags(() => precisionRule(precision, args.replications));

      const model = loadModel(args.model);
      const fixed = parseAssignments('set', asList(args.set));
      const seed = args.seed ?? model.seed;
      const design = withFlags(() => planDesign(model, { vary: asList(args.vary), kind: args.design, samples: args.samples, seed: args.designSeed ?? seed }));
      withFlags(() => checkFixedParameters(model, fixed, design.parameters));
      checkComponentDays(model, args.days ?? model.days); // before --force clears a folder
      const warnings = [...design.warnings, ...modelWarnings(model, { days: args.days, varied: [...design.parameters, ...Object.keys(fixed)] })];
      if (args.redis !== undefined && args.keep === 'timeseries') {
        throw new UserError({ path: '--keep', message: 'time series cannot be kept with --redis: workers on other machines would write them to their own disks', hint: 'drop --keep timeseries, or run without --redis' });
      }

      // With --redis the sweep runs on the queue's workers; otherwise it picks inline or a pool from `jobs`.
      const evaluator = args.redis === undefined ? undefined : await withFlags(() => createEvaluator({ jobs: args.jobs ?? 1, redis: args.redis }));
      try {
        const options: SweepOptions = {
          model, design, fixed, replications: args.replications, ...precision, seed, days: args.days, keep: args.keep, every: args.every,
          dir: '', jobs, evaluator, resume: args.resume, replace: args.force, command: process.argv.slice(2), warnings, long: args.long,
        };
        options.dir = await chooseFolder(args.out, options, args.resume, model.name);

        printWarnings(warnings, `${options.dir}/manifest.json`);
        const stop = stopOnSignals(evaluator);
        const progress = args.quiet ? undefined : createProgress({ label: 'sweep' });
        let result: SweepResult;
        try {
          result = await withFlags(() => runSweep({
            ...options, signal: stop.signal,
            onProgress: (state) => progress?.update({ ...state, ...(state.openPoints !== undefined ? { detail: `${formatCount(state.openPoints)} of ${formatCount(state.points ?? 0)} points open` } : {}) }),
          }));
        } finally {
          progress?.stop();
          stop.release();
        }
        printWarnings(result.warnings.slice(warnings.length), `${options.dir}/manifest.json`); // those the runs raised
        return await report(result, args.quiet, process.uptime() * 1000, args.redis === undefined ? undefined : 'on the Redis queue\'s workers');
      } finally {
        await evaluator?.close();
      }
    }),
  );
}

/**
 * `--out`, or else the sweep's own folder runs/<name>-sweep/<design>-<hash> (see sweepFolderName),
 * so rerunning the same command resumes it. With `--resume` and no sweep there, the newest
 * unfinished sweep of the same command under runs/<name>-sweep/ (folders of older versions).
 */
async function chooseFolder(out: string | undefined, options: SweepOptions, resume: boolean, modelName: string): Promise<string> {
  if (out !== undefined) return out;
  const root = join('runs', `${modelName}-sweep`);
  const identity = sweepIdentity(options);
  const dir = runsFolder('runs', `${modelName}-sweep`, sweepFolderName(identity));
  if (!resume || existsSync(join(dir, SWEEP_FILES.manifest))) return dir;
  const found = await findResumableSweep(root, identity);
  if (!found) {
    throw new UserError({ path: '--resume', message: `found no sweep of this command under ${root}/ to resume`, hint: 'pass the folder with --out DIR (the interrupted sweep printed it)' });
  }
  return found.dir; // a complete one is reported as such, not rerun
}

/** What a person reads at the end, and the exit code; `processMs` counts the process's start-up too. */
async function report(result: SweepResult, quiet: boolean, processMs: number, where?: string): Promise<number> {
  const { dir } = result;
  if (quiet) {
    process.stdout.write(`${dir}\n`);
  } else if (result.status === 'interrupted') {
    const open = result.precision?.openPoints;
    process.stderr.write([
      open !== undefined
        ? `interrupted: ${formatCount(result.done)} runs are finished in ${dir}/, ${formatCount(open)} of ${formatCount(result.points)} points still open`
        : `interrupted: ${formatCount(result.done)} of ${formatCount(result.total)} runs are finished in ${dir}/`,
      'resume with:',
      `  ${resumeCommand(dir)}`,
      '',
    ].join('\n'));
  } else {
    const ran = result.done - result.resumed;
    const seconds = result.elapsedMs / 1000;
    const lines: string[] = [];
    if (result.status === 'already-complete') {
      lines.push(`${dir}: this sweep is already complete (${formatCount(result.total)} runs); nothing to do`);
    } else {
      const { precision } = result;
      const each = precision
        ? `${formatCount(result.layout.replications)} to ${formatCount(precision.rule.max_replications)} replications (to ±${Number((precision.rule.relative * 100).toPrecision(6))} % of the mean of ${precision.rule.kpis.join(', ')}${precision.notMet ? `; ${formatCount(precision.notMet)} not reached` : ''})`
        : `${formatCount(result.total / result.points)} replications`;
      lines.push(`${formatCount(result.points)} ${result.points === 1 ? 'point' : 'points'} × ${each} = ${formatCount(result.total)} runs` +
        (result.resumed > 0 ? ` (${formatCount(result.resumed)} resumed)` : '') +
        `; ran ${formatCount(ran)} ${where ?? `on ${result.jobs} ${result.jobs === 1 ? 'thread' : 'threads'}`} in ${seconds.toFixed(1)} s` +
        (seconds > 0 ? ` (${formatCount(ran / seconds)} runs/s)` : '') + `; ${(processMs / 1000).toFixed(1)} s with start-up`);
    }
    lines.push(`files: ${dir}/ (design.csv, summary.csv, aggregate.csv, failures.csv, manifest.json)`);
    process.stdout.write(`${lines.join('\n')}\n`);
    // A small design fits on a screen: show it; a large one is for `munisim summarize`.
    if (result.points <= 12) process.stdout.write(`\n${await describeSweep(dir, { top: 6 })}`);
    else process.stdout.write(`best and worst points: munisim summarize ${dir}\n`);
  }
  if (result.failedInternal > 0) {
    process.stderr.write(`internal error (a bug in munisim, please report it): ${formatCount(result.failedInternal)} runs broke an invariant; see ${dir}/failures.csv\n`);
    return EXIT.internal;
  }
  if (result.failed > 0) {
    process.stderr.write(`${formatCount(result.failed)} of ${formatCount(result.total)} runs failed (the model refused their parameter values); see ${dir}/failures.csv\n`);
    if (result.status !== 'interrupted') return EXIT_RUNS_FAILED;
  }
  return result.status === 'interrupted' ? EXIT.interrupted : EXIT.ok;
}

/** The command line to finish the sweep: this one, with --resume and --out DIR. */
function resumeCommand(dir: string): string {
  const args = process.argv.slice(2).filter((a) => a !== '--resume' && a !== '--force');
  const hasOut = args.some((a) => a === '--out' || a.startsWith('--out='));
  return ['munisim', ...args, ...(hasOut ? [] : ['--out', dir]), '--resume'].map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
