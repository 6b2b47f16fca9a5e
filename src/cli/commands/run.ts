/** `munisim run MODEL`: one scenario, one seed → timeseries.csv, summary.csv, manifest.json. */
import type { Argv } from 'yargs';
import type { RunResult } from '../../assembly/simulate.js';
import { UserError } from '../../model/errors.js';
import { loadModel } from '../../assembly/load-model.js';
import { resolveScenario } from '../../model/scenario.js';
import { isHit } from '../../model/targets.js';
import { modelWarnings } from '../../model/warnings.js';
import { checkOutputDir, defaultRunDir } from '../../output/output-dir.js';
import { simulateAndWrite } from '../../report/write-run.js';
import { runCommand } from '../exit.js';
import { withFlags } from '../flags.js';
import { printWarnings } from '../print-warnings.js';
import { asList, parseAssignments } from '../options.js';
import { formatCount } from '../../base/format.js';
import { formatDay } from '../text.js';

export function registerRun(cli: Argv): Argv {
  return cli.command(
    'run <model>',
    'Run one scenario and write its time series and summary',
    (y) => y
      .positional('model', { type: 'string', describe: 'model file (YAML or JSON)', demandOption: true })
      .option('seed', { type: 'number', describe: 'random seed (default: the model\'s)' })
      .option('days', { type: 'number', describe: 'horizon in days (default: the model\'s)' })
      .option('set', { type: 'string', array: true, describe: 'parameter value, name=value (repeatable)' })
      .option('every', { type: 'number', default: 1, describe: 'days per row of timeseries.csv (flows summed, levels at the end)' })
      .option('format', { choices: ['wide', 'long'] as const, default: 'wide' as const, describe: 'timeseries.csv layout' })
      .option('out', { type: 'string', describe: 'output folder (default: runs/<name>/<timestamp>-seed<N>)' })
      .option('force', { type: 'boolean', default: false, describe: 'replace --out if it exists' })
      .option('chart', { type: 'boolean', default: false, describe: 'also draw chart.svg and chart.png: flows and stock levels over time' })
      .option('quiet', { type: 'boolean', default: false, describe: 'print only the output folder' })
      .example('$0 run models/quickstart.yaml', 'run the quickstart model with its own seed')
      .example('$0 run models/quickstart.yaml --seed 7 --set nk_output=8000 --every 7', 'weekly rows, more North Korean output')
      .example('$0 run models/quickstart.yaml --format long --out runs/tidy', 'tidy CSV for notebooks')
      .example('$0 run models/north-korea-to-russia.yaml --chart', 'with a chart of the run beside the CSV files'),
    (args) => runCommand(async () => {
      const startedAt = new Date();
      const every = args.every;
      if (!Number.isInteger(every) || every < 1) throw new UserError({ path: '--every', message: `expected a whole number of days ≥ 1, got ${every}` });
      if (args.seed !== undefined && !(Number.isInteger(args.seed) && args.seed >= 0 && args.seed < 2 ** 32)) {
        throw new UserError({ path: '--seed', message: `expected a whole number from 0 to 4294967295, got ${args.seed}` });
      }
      const model = loadModel(args.model);
      const parameters = parseAssignments('set', asList(args.set));
      const scenario = withFlags(() => resolveScenario(model, { days: args.days, parameters }));
      const warnings = modelWarnings(model, { days: args.days, varied: Object.keys(parameters) });
      const seed = args.seed ?? model.seed;
      const dir = args.out ?? defaultRunDir('runs', model.name, `seed${seed}`);
      checkOutputDir(dir, args.force, { modelFile: model.file });
      printWarnings(warnings, `${dir}/manifest.json`);
      // timeseries.csv is written as the days close, into the folder's temporary.
      const result = await simulateAndWrite(dir, scenario, seed, { every, format: args.format, replace: args.force, startedAt, command: process.argv.slice(2), chart: args.chart, warnings });
      process.stdout.write(args.quiet ? `${dir}\n` : describeRun(result, dir, args.chart));
    }),
  );
}

/** The few lines a person reads after a run. */
export function describeRun(result: RunResult, dir: string, chart = false): string {
  const { summary, scenario } = result;
  const n = (key: string) => summary[key] ?? 0;
  const lines = [
    `${scenario.model.name}: ${scenario.days} days from ${scenario.model.start}, seed ${result.seed}`,
    `  produced   ${formatCount(n('produced_total'))} shells`,
    `  consumed   ${formatCount(n('consumed_total'))} of ${formatCount(n('demand_total'))} demanded (fill rate ${(n('fill_rate') * 100).toFixed(1)} %)`,
    `  shortfall  ${formatCount(n('shortfall_total'))} shells`,
  ];
  for (const c of scenario.model.consumers) {
    const day = summary[`first_shortfall_day.${c.id}`];
    lines.push(`  ${c.id}: ${day === undefined ? 'never short' : `first short on ${formatDay(scenario, day)}`}`);
  }
  for (const r of scenario.model.routes) {
    const day = summary[`first_detection_day.${r.id}`];
    lines.push(`  ${r.id}: ${day === undefined ? 'never detected' : `first detected on ${formatDay(scenario, day)}, ${formatCount(n(`delivered_before_detection.${r.id}`))} delivered before`}`);
  }
  // Unserviceable shells are not stock a front can fire: shown apart, never added in.
  const stock = result.finalStock.map((s) => (s.unserviceable > 0
    ? `${s.stockpile} ${formatCount(s.serviceable)} serviceable (+${formatCount(s.unserviceable)} unserviceable)`
    : `${s.stockpile} ${formatCount(s.serviceable)}`));
  lines.push(`  final stock: ${stock.join(', ')}`);
  const targets = scenario.model.targets ?? [];
  if (result.targets && targets.length > 0) {
    const missed = targets.filter((t, i) => !isHit(t, result.targets![i])).map((t) => t.id);
    lines.push(`  targets: ${targets.length - missed.length} of ${targets.length} hit${missed.length ? `; missed ${missed.join(', ')}` : ''}`);
  }
  lines.push(`files: ${dir}/ (timeseries.csv, summary.csv, ${targets.length ? 'targets.csv, ' : ''}manifest.json${chart ? ', chart.svg, chart.png' : ''})`);
  return `${lines.join('\n')}\n`;
}
