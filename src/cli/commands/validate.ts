/** `munisim validate MODEL`: checks a model and prints what it contains. */
import type { Argv } from 'yargs';
import { loadModel } from '../../model/load-model.js';
import type { Model } from '../../model/model.js';
import { resolveScenario } from '../../model/scenario.js';
import { runCommand } from '../exit.js';

export function registerValidate(cli: Argv): Argv {
  return cli.command(
    'validate <model>',
    'Check a model file and print what it contains',
    (y) => y
      .positional('model', { type: 'string', describe: 'model file (YAML or JSON)', demandOption: true })
      .example('$0 validate models/quickstart.yaml', 'check the quickstart model'),
    (args) => runCommand(async () => {
      const model = loadModel(args.model);
      resolveScenario(model); // evaluates every expression over the horizon
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
  const beyond = model.events.filter((e) => e.day !== undefined && e.day >= model.days);
  if (beyond.length) lines.push(`  note: ${beyond.length} event(s) fall after the horizon and will not happen: ${beyond.map((e) => e.date).join(', ')}`);
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
