/**
 * The resume rule and the files a model reads: a sweep whose CSV series was edited since is another
 * sweep — resuming its folder is refused, naming the file that changed, and the default folder name
 * moves — and its manifest lists each input file with its sha256.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDesign } from '../../src/experiments/design-spec.js';
import { InlineEvaluator } from '../../src/experiments/evaluators/inline.js';
import { runSweep, sweepFolderName, sweepIdentity, type SweepOptions } from '../../src/experiments/sweep.js';
import { loadModel } from '../../src/assembly/load-model.js';
import { UserError } from '../../src/model/errors.js';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const work = mkdtempSync(join(tmpdir(), 'munisim-resume-inputs-'));
const modelFile = join(work, 'chain.yaml');
writeFileSync(modelFile, `name: chain
start: 2024-01-01
days: 5
parameters:
  initial_stock: { value: 100, min: 0, max: 1000 }
munitions: [{ id: shell }]
stockpiles: [{ id: depot, initial: { shell: initial_stock } }]
consumers: [{ id: front, draws_from: [depot], munitions: [shell], demand: { csv: demand.csv, column: shells, per: day } }]
`);
const BEFORE = 'date,shells\n2024-01-01,10\n';
const AFTER = 'date,shells\n2024-01-01,11\n';

const sweep = (dir: string): SweepOptions => {
  const model = loadModel(modelFile);
  return { model, design: planDesign(model, { vary: ['initial_stock=20,40'], kind: 'grid', seed: 1 }), replications: 1, dir, evaluator: new InlineEvaluator() };
};

describe('a sweep over a model that reads a CSV', () => {
  it('lists the CSV in manifest.json, refuses to resume once the CSV is edited, naming it, and moves the default folder', async () => {
    writeFileSync(join(work, 'demand.csv'), BEFORE);
    const dir = join(work, 'sweep');
    const first = sweep(dir);
    await runSweep(first);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { model: { sha256: string; inputs: unknown } };
    expect(manifest.model.inputs).toEqual([{ path: 'demand.csv', sha256: sha(BEFORE) }]);
    // The runs read the CSV: 10 shells a day for 5 days.
    const [header, ...rows] = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n').map((line) => line.split(','));
    expect(rows.map((row) => row[header.indexOf('demand_total')])).toEqual(['50', '50']);

    writeFileSync(join(work, 'demand.csv'), AFTER);
    const second = sweep(dir);
    expect(second.model.sha256).not.toBe(manifest.model.sha256);
    expect(sweepFolderName(sweepIdentity(second))).not.toBe(sweepFolderName(sweepIdentity(first)));
    const refused = await runSweep(second).then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).message).toContain(
      `holds a different sweep, so it cannot be resumed: model file (sha256): "${manifest.model.sha256.slice(0, 11)}… there, "${second.model.sha256.slice(0, 11)}… here; `
      + `demand.csv changed (sha256 ${sha(BEFORE).slice(0, 12)}… there, ${sha(AFTER).slice(0, 12)}… here)`,
    );

    // Put back as it was, the same sweep again: nothing to do, nothing refused.
    writeFileSync(join(work, 'demand.csv'), BEFORE);
    const again = await runSweep(sweep(dir));
    expect(again.resumed).toBe(2);
  });
});
