/** `validate`'s lines for quantities that read the run: one per field, naming what it reads. */
import { describe, expect, it } from 'vitest';
import { describeRunReadings } from '../../src/assembly/describe-model.js';
import { parseModel } from '../../src/assembly/load-model.js';

describe('describeRunReadings', () => {
  it('lists each field that reads the run, once per call written, in file order', () => {
    const model = parseModel(`name: v
start: 2024-01-01
days: 3
munitions: [{ id: m }]
stockpiles: [{ id: depot, initial: { m: 10 } }]
factories: [{ id: plant, munition: m, to: depot, rate: 'produced("plant") < 5 ? 1 : 0' }]
consumers:
  - { id: front, draws_from: [depot], munitions: [m], demand: 'stock("depot") > 5 ? demand_avg("front", 2) + stock("depot") / 10 : 1' }
  - { id: quiet, draws_from: [depot], munitions: [m], demand: 2 }
`, 'v.yaml');
    expect(describeRunReadings(model)).toEqual([
      '  reads the run',
      '    factories[0].rate reads produced("plant")',
      '    consumers[0].demand reads stock("depot"), demand_avg("front", …)',
    ]);
  });

  it('says nothing for a model whose quantities read nothing of the run', () => {
    const model = parseModel('name: v\nstart: 2024-01-01\ndays: 3\nmunitions: [{ id: m }]\nstockpiles: [{ id: depot }]\n', 'v.yaml');
    expect(describeRunReadings(model)).toEqual([]);
  });
});
