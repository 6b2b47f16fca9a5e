/**
 * Fingerprints of everything a run writes, for refactors that must keep outputs byte for byte: for
 * each shipped model (models/*.yaml) and seeds 1..30, the sha256 of timeseries.csv (wide, long and
 * every 7 days, streamed from the run as `munisim run` writes it), summary.csv, the balance and the
 * split final stock, plus `validate`'s stdout and the seed-1 run chart. Run before and after a change and diff: `npx tsx scripts/digests.ts > before.txt`.
 * DIGEST_SEEDS sets the seed count; DIGEST_MODELS a models folder (absolute, or relative to the checkout).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadModel } from '../src/assembly/load-model.js';
import { simulate } from '../src/assembly/simulate.js';
import { resolveScenario } from '../src/model/scenario.js';
import { csvLine, SeriesCsv, summaryRows, type SeriesFormat } from '../src/output/csv.js';
import { drawRunChart } from '../src/report/run-chart.js';

const SEEDS = Number(process.env.DIGEST_SEEDS ?? 30);

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
/** The text of a CSV the CLI writes through csv-stringify, one line per row (summary.csv). */
const csvText = (rows: Iterable<string[]>) => { let text = ''; for (const row of rows) text += csvLine(row); return text; };

const root = join(import.meta.dirname, '..');
// DIGEST_MODELS points at a frozen copy of the models, so a change to models/ elsewhere cannot mask a change here.
const modelsDir = process.env.DIGEST_MODELS ?? 'models';
const files = readdirSync(resolve(root, modelsDir)).filter((f) => f.endsWith('.yaml')).sort();
for (const name of files) {
  const file = resolve(root, modelsDir, name);
  const validate = execFileSync(process.execPath, [join(root, 'bin/munisim.js'), 'validate', file], { cwd: root, encoding: 'utf8' });
  console.log(`${name} validate ${sha(validate)}`);
  const model = loadModel(file);
  const scenario = resolveScenario(model);
  for (let seed = 1; seed <= SEEDS; seed++) {
    // timeseries.csv as `munisim run` writes it: streamed from the run as its days close.
    const hashes: ReturnType<typeof createHash>[] = [];
    const series = (every: number, format: SeriesFormat) => {
      const hash = createHash('sha256');
      hashes.push(hash);
      return new SeriesCsv(scenario.dates, every, format, (chunk) => hash.update(chunk));
    };
    const sinks = [series(1, 'wide'), series(1, 'long'), series(7, 'wide')];
    const result = simulate(scenario, seed, { series: { sinks } });
    for (const sink of sinks) sink.end();
    const [wide, long, weekly] = hashes.map((hash) => hash.digest('hex').slice(0, 16));
    const { summary } = result;
    const summaryCsv = sha(csvText(summaryRows(summary)));
    const quiet = sha(csvText(summaryRows(simulate(scenario, seed, { record: false }).summary)));
    const state = sha(JSON.stringify({ balance: result.balance, finalStock: result.finalStock, events: result.events }));
    console.log(`${name} seed ${seed} wide ${wide} long ${long} every7 ${weekly} summary ${summaryCsv} unrecorded ${quiet} state ${state}`);
    if (seed === 1) console.log(`${name} chart ${sha((await drawRunChart(result, 1)).svg)}`);
  }
}
