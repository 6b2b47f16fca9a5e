/**
 * `munisim calibrate MODEL`: history matching against the model's targets, in waves, into a folder
 * that holds each wave's runs (wave-<n>/, as a sweep's) and the analysis: implausibility, plausible,
 * posterior, targets and conflicts CSVs and a report. Interrupted calibrations resume; --write-model
 * writes the model narrowed to what was not ruled out.
 */
import { createHash } from 'node:crypto';
import type { Argv } from 'yargs';
import { loadModel } from '../../assembly/load-model.js';
import { writeFileAtomic } from '../../base/atomic-write.js';
import { formatPercent } from '../../base/format.js';
import { calibratedModelText } from '../../experiments/calibrated-model.js';
import { runCalibration } from '../../experiments/calibration.js';
import { UserError } from '../../model/errors.js';
import { runsFolder } from '../../output/output-dir.js';
import { createEvaluator, stopOnSignals } from '../evaluator-option.js';
import { EXIT, EXIT_RUNS_FAILED, runCommand } from '../exit.js';
import { withFlags } from '../flags.js';
import { asList, parseAssignments } from '../options.js';
import { printWarnings } from '../print-warnings.js';
import { createProgress } from '../progress.js';
import { checkExperimentArgs, withExperimentOptions } from '../shared-options.js';

export function registerCalibrate(cli: Argv): Argv {
  return cli.command(
    'calibrate <model>',
    'History matching against the model\'s targets: which parameter values are not ruled out by the reported figures, and which figures conflict',
    (y) => withExperimentOptions(y
      .positional('model', { type: 'string', describe: 'model file with a targets: section', demandOption: true })
      .option('samples', { type: 'number', default: 64, describe: 'points per wave (Latin hypercube)' })
      .option('waves', { type: 'number', default: 3, describe: 'waves; each samples inside what the previous one did not rule out' })
      .option('params', { type: 'string', describe: 'parameters to calibrate, comma-separated (default: every parameter with min/max)' })
      .option('targets', { type: 'string', describe: 'target ids to match, comma-separated (default: all of the model\'s targets)' })
      .option('cutoff', { type: 'number', default: 3, describe: 'implausibility above which a point is ruled out' })
      .option('second-max', { type: 'boolean', default: false, describe: 'judge each point by its second-largest implausibility (one target may miss)' })
      .option('write-model', { type: 'string', describe: 'write a copy of the model with each calibrated parameter at its NROY median and min/max its NROY range' }))
      .example('$0 calibrate models/north-korea-to-russia.yaml --samples 64 -r 3 --waves 2', 'a small calibration')
      .example('$0 calibrate model.yaml --params nk_output,front_demand --write-model calibrated.yaml', 'two parameters, then a narrowed model'),
    (args) => runCommand(async () => {
      const { jobs } = checkExperimentArgs(args);
      if (args.days !== undefined) throw new UserError({ path: '--days', message: `a calibration runs the model's own horizon (its targets are dated in it), got --days ${args.days}` });
      const model = loadModel(args.model);
      const split = (text: string | undefined) => (text ? text.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
      const request = {
        parameters: split(args.params), targets: split(args.targets), samples: args.samples, replications: args.replications, waves: args.waves, cutoff: args.cutoff,
        secondMax: args['second-max'], seed: args.seed, every: args.every, fixed: parseAssignments('set', asList(args.set)),
      };
      const key = createHash('sha256').update(JSON.stringify({ sha256: model.sha256, ...request })).digest('hex').slice(0, 12);
      const dir = args.out ?? runsFolder('runs', `${model.name}-calibrate`, `hm-${key}`);
      const evaluator = await withFlags(() => createEvaluator({ jobs, redis: args.redis }));
      const stop = stopOnSignals(evaluator);
      const progress = args.quiet ? undefined : createProgress({ label: 'calibrate' });
      try {
        const result = await withFlags(() => runCalibration({
          model, ...request, dir, evaluator, replace: args.force, command: process.argv.slice(2), signal: stop.signal,
          onProgress: (_wave, state) => progress?.update(state),
        }));
        progress?.stop();
        if (result.interrupted) {
          process.stderr.write(`interrupted in wave ${result.wave}: ${result.done} of ${result.total} runs of that wave are finished in ${dir}/; run the same command again to resume\n`);
          return EXIT.interrupted;
        }
        const { writeCalibrationReport } = await import('../../report/calibration-report.js');
        await writeCalibrationReport(dir, result, `munisim ${process.argv.slice(2).join(' ')}`);
        if (args['write-model']) writeFileAtomic(args['write-model'], calibratedModelText(model, result.posterior));
        printWarnings(result.warnings, `${dir}/manifest.json`);
        if (!args.quiet) {
          const lines = [`calibration of ${model.name}: ${result.waves.length} waves × ${result.samples} points × ${result.replications} replications`];
          for (const w of result.waves) lines.push(`  wave ${w.wave}: ${formatPercent(w.share)} not ruled out (${w.nroy.filter(Boolean).length} of ${w.points.length})`);
          const { conflictSentences } = await import('../../report/calibration-report.js');
          for (const sentence of conflictSentences(result)) lines.push(`  ${sentence}`);
          lines.push(`report: ${dir}/report.html (also report.md, posterior.csv, targets.csv, conflicts.csv, implausibility.csv, plausible.csv)`);
          if (args['write-model']) lines.push(`model: ${args['write-model']}`);
          process.stdout.write(`${lines.join('\n')}\n`);
        } else process.stdout.write(`${dir}\n`);
        if (result.waves.some((w) => w.failedRuns > 0)) return EXIT_RUNS_FAILED;
      } finally {
        progress?.stop();
        stop.release();
        await evaluator.close();
      }
    }),
  );
}
