/**
 * `munisim compare MODEL --scenario base: --scenario more-nk:nk_output=8000`: every scenario run R times with
 * the same seeds on the experiment pipeline (so --jobs, --redis and resuming work as for sweeps), then
 * comparison.csv, per-run summaries under runs/, and report.html + report.md.
 */
import type { Argv } from 'yargs';
import { loadModel } from '../../assembly/load-model.js';
import { formatCount, formatNumber } from '../../base/format.js';
import { parseScenarioText, readScenarioFile, type ScenarioText } from '../../experiments/comparison-scenarios.js';
import { FIRST_RUNS_FOLDER, runComparison, type ComparisonRecords, type ComparisonScenario } from '../../experiments/comparison.js';
import { UserError } from '../../model/errors.js';
import { modelWarnings } from '../../model/warnings.js';
import { runsFolder } from '../../output/output-dir.js';
import { createEvaluator, stopOnSignals } from '../evaluator-option.js';
import { EXIT, runCommand } from '../exit.js';
import { withFlags } from '../flags.js';
import { asList } from '../options.js';
import { printWarnings } from '../print-warnings.js';
import { createProgress } from '../progress.js';
import { checkExperimentArgs, withExperimentOptions } from '../shared-options.js';

export function registerCompare(cli: Argv): Argv {
  return cli.command(
    'compare <model>',
    'Run scenarios with the same seeds and compare them with the first: KPI means, paired differences, a verdict',
    (y) => withExperimentOptions(y
      .positional('model', { type: 'string', describe: 'model file (YAML or JSON)', demandOption: true })
      .option('scenario', { type: 'string', array: true, describe: 'name:param=value,… (repeatable; the first is the baseline); name:other.yaml runs another model' })
      .option('scenario-file', { type: 'string', describe: 'YAML: scenarios: [{ name, set: { param: value }, model? }]' })
      .option('kpi', { type: 'string', array: true, describe: 'KPIs (summary.csv columns) to compare; default all' })
      .option('series', { type: 'string', array: true, describe: 'time-series columns to draw per scenario (default: every consumer\'s consumed)' })
      .option('resume', { type: 'boolean', default: false, describe: 'finish an interrupted comparison in --out' }))
      .example('$0 compare models/quickstart.yaml --scenario base: --scenario more-nk:nk_output=8000,sea_pause_days=20 -r 30', 'two scenarios, 30 seeds each')
      .epilogue('Writes comparison.csv (scenario,kpi,mean,ci95_halfwidth,difference,paired_ci95_halfwidth,unpaired_ci95_halfwidth,verdict), series_envelopes.csv, scenarios.csv, runs/ (summary.csv per run), report.html and report.md.'),
    (args) => runCommand(async () => {
      const { jobs } = checkExperimentArgs(args);
      const model = loadModel(args.model);
      const texts: ScenarioText[] = [
        ...(args.scenarioFile ? withFlags(() => readScenarioFile(args.scenarioFile!)) : []),
        ...asList(args.scenario).map((text, i) => withFlags(() => parseScenarioText(text, `--scenario[${i}]`))),
      ];
      if (texts.length < 2) throw new UserError({ path: '--scenario', message: `a comparison needs a baseline and at least one other scenario, got ${texts.length}`, hint: 'e.g. --scenario base: --scenario more-nk:nk_output=8000' });
      const models = new Map<string, ReturnType<typeof loadModel>>();
      const scenarios: ComparisonScenario[] = texts.map((t) => ({
        name: t.name, overrides: t.overrides,
        ...(t.modelFile ? { model: models.get(t.modelFile) ?? models.set(t.modelFile, loadModel(t.modelFile)).get(t.modelFile)! } : {}),
      }));
      const series = asList(args.series).length ? asList(args.series) : defaultSeries(model);
      const warnings = modelWarnings(model, { days: args.days, varied: [...new Set(scenarios.flatMap((s) => Object.keys(s.overrides)))] });
      const dir = args.out ?? runsFolder('runs', `${model.name}-compare`, scenarios.map((s) => s.name).join('-').slice(0, 80));
      const evaluator = args.redis === undefined ? undefined : await withFlags(() => createEvaluator({ jobs: args.jobs ?? 1, redis: args.redis }));
      printWarnings(warnings, `${dir}/${FIRST_RUNS_FOLDER}/manifest.json`);
      const stop = stopOnSignals(evaluator);
      const progress = args.quiet ? undefined : createProgress({ label: 'compare' });
      let result: Awaited<ReturnType<typeof runComparison>>;
      try {
        result = await withFlags(() => runComparison({
          model, scenarios, replications: args.replications, seed: args.seed, days: args.days, every: args.every, dir, jobs, evaluator,
          resume: args.resume, replace: args.force, command: process.argv.slice(2), warnings, signal: stop.signal,
          kpis: args.kpi && args.kpi.length ? asList(args.kpi) : undefined, series, onProgress: (_, state) => progress?.update(state),
        }));
      } finally {
        progress?.stop();
        stop.release();
        await evaluator?.close();
      }
      if ('interrupted' in result) {
        process.stderr.write(`interrupted: ${formatCount(result.done)} of ${formatCount(result.total)} runs are finished in ${dir}/; rerun the same command to resume\n`);
        return EXIT.interrupted;
      }
      const { writeComparisonReport } = await import('../../report/comparison-report.js');
      await writeComparisonReport(result, ['munisim', ...process.argv.slice(2)].join(' '));
      process.stdout.write(args.quiet ? `${dir}\n` : summaryText(result));
      return EXIT.ok;
    }),
  );
}

/** The consumed column of every consumer: what a comparison of supply usually asks about. */
function defaultSeries(model: ReturnType<typeof loadModel>): string[] {
  return model.consumers.map((c) => `${c.id}.consumed`);
}

function summaryText(records: ComparisonRecords): string {
  const lines = [`${records.scenarios.length} scenarios × ${records.replications} replications, paired by seed against ${records.baseline}`];
  for (const r of records.results.filter((x) => x.versus && x.versus.verdict !== 'no clear difference')) {
    lines.push(`  ${r.scenario}: ${r.kpi} ${r.versus!.verdict} by ${formatNumber(Math.abs(r.versus!.difference))} (± ${formatNumber(r.versus!.paired.ciHalfWidth95)}, paired)`);
  }
  lines.push(`files: ${records.dir}/ (comparison.csv, series_envelopes.csv, scenarios.csv, runs/, report.html, report.md)`);
  return `${lines.join('\n')}\n`;
}
