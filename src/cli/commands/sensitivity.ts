/**
 * `munisim sensitivity MODEL`: which assumptions drive the outcome — indices, samples and a report,
 * in a study folder that also holds the runs (as a sweep's: summarize works on it). Interrupted
 * studies resume; the exit code tells whether runs failed (3, as a sweep's).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { DEFAULT_OUTPUTS, runSensitivity, type SensitivityMethod } from '../../experiments/sensitivity-study.js';
import { loadModel } from '../../assembly/load-model.js';
import { runsFolder } from '../../output/output-dir.js';
import { createEvaluator, stopOnSignals } from '../evaluator-option.js';
import { EXIT, EXIT_RUNS_FAILED, runCommand } from '../exit.js';
import { flagWarning, withFlags } from '../flags.js';
import { asList, parseAssignments } from '../options.js';
import { printWarnings } from '../print-warnings.js';
import { createProgress } from '../progress.js';
import { checkExperimentArgs, withExperimentOptions } from '../shared-options.js';

export function registerSensitivity(cli: Argv): Argv {
  return cli.command(
    'sensitivity <model>',
    'Rank the assumptions that drive the outcome (one-at-a-time, Morris, Sobol) and write a report',
    (y) => withExperimentOptions(y
      .positional('model', { type: 'string', describe: 'model file (YAML or JSON)', demandOption: true })
      .option('method', { choices: ['oat', 'morris', 'sobol'] as const, demandOption: true, describe: 'oat: tornado; morris: screening; sobol: variance shares' })
      .option('params', { type: 'string', describe: 'parameters to vary, comma-separated (default: every parameter with min/max)' })
      .option('outputs', { type: 'string', describe: `summary KPIs to explain, comma-separated (default: ${DEFAULT_OUTPUTS.join(',')})` })
      .option('series', { type: 'string', array: true, describe: 'time series to explain at every interval, <id>.<metric> (repeatable)' })
      .option('samples', { type: 'number', describe: 'sobol: base sample N (N·(k+2) runs; default 128); morris: trajectories (default 20)' }))
      .example('$0 sensitivity models/quickstart.yaml --method oat', 'tornado chart: each parameter at its min and max')
      .example('$0 sensitivity models/quickstart.yaml --method morris --samples 30', 'screen many parameters cheaply')
      .example('$0 sensitivity models/quickstart.yaml --method sobol --samples 256 --outputs shortfall_total --series ru-depot.stock', 'variance shares, and which parameter matters when'),
    (args) => runCommand(async () => {
      const { jobs } = checkExperimentArgs(args);
      const model = loadModel(args.model);
      const method = args.method as SensitivityMethod;
      const split = (text: string | undefined) => (text ? text.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
      const fixed = parseAssignments('set', asList(args.set));
      const request = {
        method, parameters: split(args.params), outputs: split(args.outputs), series: asList(args.series), samples: args.samples,
        replications: args.replications, every: args.every, seed: args.seed, fixed, days: args.days,
      };
      // Rerunning the same study (same model file and options) resumes its runs, and by default
      // writes to the same folder: runs/<name>-sensitivity/<method>-<first 12 digits of the key>.
      const key = createHash('sha256').update(JSON.stringify({ sha256: model.sha256, ...request })).digest('hex').slice(0, 16);
      const dir = args.out ?? runsFolder('runs', `${model.name}-sensitivity`, `${method}-${key.slice(0, 12)}`);
      if (!args.force && isCompleteStudy(dir, key)) {
        process.stdout.write(args.quiet ? `${dir}\n` : `${dir}: this study is already complete; nothing to do\nreport: ${dir}/report.html (add --force to run it again)\n`);
        return EXIT.ok;
      }
      const evaluator = await withFlags(() => createEvaluator({ jobs, redis: args.redis }));
      // One stop mechanism with sweeps: Ctrl-C aborts the study's signal; a second one quits at once.
      const stop = stopOnSignals(evaluator);
      const progress = args.quiet ? undefined : createProgress({ label: `sensitivity (${method})` });
      try {
        const studied = await withFlags(() => runSensitivity({
          model, ...request, dir, evaluator, replace: args.force, command: process.argv.slice(2), signal: stop.signal,
          onProgress: (state) => progress?.update(state),
        }));
        // The report and manifest of a study run from the command line name its flags, as stderr does.
        const result = studied.interrupted ? studied : { ...studied, warnings: studied.warnings.map(flagWarning) };
        progress?.stop();
        if (result.interrupted) {
          process.stderr.write(`interrupted: ${result.done} of ${result.total} runs are finished in ${dir}/; run the same command again to resume\n`);
          return EXIT.interrupted;
        }
        // The report's chart libraries load only here, not for every command.
        const { writeSensitivity } = await import('../../report/write-sensitivity.js');
        await writeSensitivity(dir, result, { study: key, command: `munisim ${process.argv.slice(2).join(' ')}`, every: args.every });
        printWarnings(result.warnings, `${dir}/manifest.json`);
        process.stdout.write(args.quiet ? `${dir}\n` : `${result.method} sensitivity of ${model.name}: ${result.rows.length} samples × ${result.replications} replications\nreport: ${dir}/report.html (also report.md, indices.csv, samples.csv; the runs: summarize ${dir})\n`);
        if (result.failed > 0) {
          process.stderr.write(`${result.failed} of ${result.total} runs failed (the model refused their parameter values); see ${dir}/failures.csv — their samples are left out of the analysis\n`);
          return EXIT_RUNS_FAILED;
        }
      } finally {
        progress?.stop();
        stop.release();
        await evaluator.close();
      }
    }),
  );
}

/** Whether `dir` holds the finished output of the study with this key (its manifest says so, its report is there). */
function isCompleteStudy(dir: string, key: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    return manifest.kind === 'munisim-sensitivity' && manifest.study === key && existsSync(join(dir, 'report.html')) && existsSync(join(dir, 'indices.csv'));
  } catch {
    return false;
  }
}
