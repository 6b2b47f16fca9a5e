/** `munisim validate MODEL`: checks a model and prints what it contains. */
import type { Argv } from 'yargs';
import { loadModel } from '../../model/load-model.js';
import type { Model } from '../../model/model.js';
import { UserError } from '../../model/errors.js';
import { checkScenario } from '../../model/scenario.js';
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
    `  parameters  ${model.parameters.length}`,
    ...model.parameters.map((p) => `    ${p.name} = ${p.value}${p.min !== undefined || p.max !== undefined ? ` in [${p.min ?? '-∞'}, ${p.max ?? '∞'}]` : ''}${p.unit ? ` ${p.unit}` : ''}${p.source ? ` (source ${p.source})` : ''}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The supply chain as arrows: factory → stockpile, stockpile → stockpile by route, stockpile → front. */
function describeFlows(model: Model): string[] {
  const stockpile = (i: number) => model.stockpiles[i].id;
  const lines = [
    ...model.factories.map((f) => `${f.id} ⇒ ${stockpile(f.to)}${f.inputs.length ? ` (from ${f.inputs.map((i) => `${model.munitions[i.munition].id} in ${stockpile(i.from)}`).join(', ')})` : ''}`),
    ...model.routes.map((r) => `${stockpile(r.from)} → ${stockpile(r.to)} by ${r.id} (${r.vehicles} ${r.vehicles === 1 ? 'vehicle' : 'vehicles'}, ${r.munitions.map((m) => model.munitions[m].id).join(', ')})`),
    ...model.consumers.map((c) => `${c.drawsFrom.map(stockpile).join(' | ')} ⇒ ${c.id}`),
  ];
  return lines.length ? ['  flows', ...lines.map((line) => `    ${line}`)] : [];
}
