/** `munisim validate MODEL`: checks a model and prints what it contains. */
import type { Argv } from 'yargs';
import { describeFlows, describeRunReadings } from '../../assembly/describe-model.js';
import { loadModel } from '../../assembly/load-model.js';
import type { Model } from '../../model/model.js';
import { UserError } from '../../model/errors.js';
import { checkScenario } from '../../model/scenario.js';
import { describeWindow } from '../../model/targets.js';
import { modelWarnings } from '../../model/warnings.js';
import { runCommand } from '../exit.js';
import { printWarnings } from '../print-warnings.js';

export function registerValidate(cli: Argv): Argv {
  return cli.command(
    'validate <model>',
    'Check a model file and print what it contains',
    (y) => y
      .positional('model', { type: 'string', describe: 'model file (YAML or JSON)', demandOption: true })
      .option('strict', { type: 'boolean', default: false, describe: 'treat warnings as errors (exit 2), e.g. in CI' })
      .example('$0 validate models/quickstart.yaml', 'check the quickstart model')
      .example('$0 validate --strict models/quickstart.yaml', 'fail on warnings too (exit 2)'),
    (args) => runCommand(async () => {
      const model = loadModel(args.model);
      checkScenario(model); // evaluates every expression over the horizon, keeping no day tables
      const warnings = modelWarnings(model);
      if (args.strict && warnings.length > 0) {
        throw new UserError(warnings.map((w) => ({ file: model.file, path: w.path, message: w.message, hint: `warning ${w.code}, refused by --strict` })));
      }
      printWarnings(warnings);
      process.stdout.write(describeModel(model));
    }),
  );
}

export function describeModel(model: Model): string {
  const ids = (items: { id: string }[]) => items.map((i) => i.id).join(', ') || '—';
  const lines = [
    `${model.file}: valid`,
    `  ${model.name}: ${model.days} days from ${model.start}, seed ${model.seed}`,
    `  munitions   ${ids(model.munitions)}`,
    `  stockpiles  ${ids(model.stockpiles)}`,
    `  factories   ${ids(model.factories)}`,
    `  routes      ${ids(model.routes)}`,
    `  consumers   ${ids(model.consumers)}`,
    `  events      ${model.events.length}${model.events.length ? ` (${model.events.map((e) => e.date ?? `${e.id}: random`).join(', ')})` : ''}`,
    ...describeFlows(model),
    ...describeRunReadings(model),
    `  parameters  ${model.parameters.length}`,
    ...model.parameters.map((p) => `    ${p.name} = ${p.value}${p.min !== undefined || p.max !== undefined ? ` in [${p.min ?? '-∞'}, ${p.max ?? '∞'}]` : ''}${p.unit ? ` ${p.unit}` : ''}${p.source ? ` (source ${p.source})` : ''}`),
    ...describeTargets(model),
  ];
  return `${lines.join('\n')}\n`;
}

/** One line per target: what is measured, when, and the accepted range (none when the model has no targets). */
function describeTargets(model: Model): string[] {
  const targets = model.targets ?? [];
  if (targets.length === 0) return [];
  return [`  targets     ${targets.length}`, ...targets.map((t) => {
    const munition = t.munition === undefined ? '' : ` (${model.munitions[t.munition].id})`;
    return `    ${t.id}: ${t.metric}${munition} of ${t.of.join(' + ')} ${describeWindow(t.window)} in [${t.low}, ${t.high}]${t.source ? ` (source ${t.source})` : ''}`;
  })];
}
