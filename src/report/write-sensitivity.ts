/**
 * The analysis files of a sensitivity study, beside its runs: samples.csv, indices.csv,
 * indices_series.csv (with --series), report.html (self-contained), report.md with its PNG charts,
 * and the analysis in manifest.json — each written atomically.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFileSync, writeFileAtomic } from '../base/atomic-write.js';
import type { SensitivityResult } from '../experiments/sensitivity-study.js';
import { buildSensitivityReport } from './sensitivity-report.js';
import type { SensitivityReportData } from '../analysis/sensitivity-data.js';
import { writeCsv } from '../output/csv.js';
import { formatValue } from '../output/format.js';
import { warningLines } from '../model/warnings.js';
import { withEnvironmentErrors } from '../output/output-dir.js';

/**
 * Writes the analysis into the study folder beside its runs, each file atomically, and adds the
 * analysis to manifest.json last: a folder whose manifest names the study has all of its files.
 */
export async function writeSensitivity(dir: string, result: SensitivityResult, options: { command: string; every: number; study?: string }): Promise<void> {
  const report = await buildSensitivityReport(reportData(result, options.command, options.every));
  await withEnvironmentErrors(dir, async () => {
    const put = (name: string, content: string | Uint8Array) => writeFileAtomic(join(dir, name), content);
    replaceFileSync(join(dir, 'samples.csv'), (tmp) => writeCsv(tmp, sampleRows(result)));
    replaceFileSync(join(dir, 'indices.csv'), (tmp) => writeCsv(tmp, indexRows(result)));
    if (result.seriesIndices.length > 0) replaceFileSync(join(dir, 'indices_series.csv'), (tmp) => writeCsv(tmp, seriesIndexRows(result)));
    put('report.html', report.html);
    put('report.md', report.markdown);
    for (const image of report.images) put(image.name, image.png);
    const path = join(dir, 'manifest.json');
    const runs = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    put('manifest.json', `${JSON.stringify({
      ...runs,
      // The study's key (model sha256 and options): a rerun of the same study finds its folder complete.
      ...(options.study !== undefined ? { study: options.study } : {}),
      method: result.method,
      parameters: result.parameters,
      outputs: result.outputs,
      series: result.series,
      samples: result.samples,
      runs_per_replication: result.rows.length,
      seed: result.seed,
      every: options.every,
      failed_runs: result.failed,
      warnings: result.warnings,
      analysed_at: new Date().toISOString(),
    }, null, 2)}\n`);
  });
}

function* sampleRows(result: SensitivityResult): Generator<string[]> {
  yield ['sample', ...result.problem.factors.map((f) => f.name), ...result.outputs];
  for (let s = 0; s < result.rows.length; s++) {
    yield [String(s), ...result.rows[s].map(formatValue), ...result.outputs.map((o) => formatValue(result.means.get(o)![s]))];
  }
}

function* indexRows(result: SensitivityResult): Generator<string[]> {
  const { indices } = result;
  if (indices.method === 'oat') {
    yield ['output', 'parameter', 'low', 'high', 'base', 'swing'];
    for (const [output, rows] of indices.byOutput) for (const r of rows) yield [output, r.parameter, ...[r.low, r.high, r.base, r.swing].map(formatValue)];
  } else if (indices.method === 'morris') {
    yield ['output', 'parameter', 'mu_star', 'mu', 'sigma', 'mu_star_conf'];
    for (const [output, rows] of indices.byOutput) for (const r of rows) yield [output, r.parameter, ...[r.muStar, r.mu, r.sigma, r.muStarConf].map(formatValue)];
  } else {
    yield ['output', 'parameter', 'S1', 'S1_low', 'S1_high', 'ST', 'ST_low', 'ST_high'];
    for (const [output, rows] of indices.byOutput) for (const r of rows) yield [output, r.parameter, ...[r.S1, r.S1Low, r.S1High, r.ST, r.STLow, r.STHigh].map(formatValue)];
  }
}

function* seriesIndexRows(result: SensitivityResult): Generator<string[]> {
  yield ['series', 'day', 'date', 'parameter', 'index', 'value'];
  for (const s of result.seriesIndices) for (const p of s.points) yield [s.series, String(p.day), result.dates[p.day], p.parameter, p.index, formatValue(p.value)];
}

/** The report's view of a study. */
export function reportData(result: SensitivityResult, command: string, every: number): SensitivityReportData {
  const { indices } = result;
  const flatten = <T>(byOutput: Map<string, T[]>) => [...byOutput].flatMap(([output, rows]) => rows.map((r) => ({ output, ...r })));
  return {
    modelName: result.model.name,
    modelPath: result.model.file,
    method: result.method,
    createdWith: command,
    parameters: result.parameters.map((p) => ({ name: p.name, min: p.min!, max: p.max!, value: p.value, unit: p.unit, source: p.source })),
    outputs: result.outputs,
    sampleSize: result.rows.length,
    replications: result.replications,
    noiseShare: Object.fromEntries(result.noiseShare),
    warnings: warningLines(result.warnings, 'manifest.json'),
    oat: indices.method === 'oat' ? flatten(indices.byOutput).map((r) => ({ output: r.output, parameter: r.parameter, low: r.low, high: r.high, base: r.base })) : undefined,
    morris: indices.method === 'morris' ? flatten(indices.byOutput).map((r) => ({ output: r.output, parameter: r.parameter, muStar: r.muStar, mu: r.mu, sigma: r.sigma, muStarConf: r.muStarConf })) : undefined,
    sobol: indices.method === 'sobol' ? flatten(indices.byOutput).map((r) => ({ output: r.output, parameter: r.parameter, S1: r.S1, S1Low: r.S1Low, S1High: r.S1High, ST: r.ST, STLow: r.STLow, STHigh: r.STHigh })) : undefined,
    series: result.seriesIndices.flatMap((s) => s.points.filter((p) => Number.isFinite(p.value)).map((p) => ({ metric: s.series, date: result.dates[p.day], parameter: p.parameter, index: p.index, value: p.value }))),
    fan: result.fan.map((f) => ({ date: result.dates[f.day], series: f.series, p05: f.p05, p50: f.p50, p95: f.p95 })),
    fanLabel: every === 1 ? 'Shells per day' : `Shells per day (${every}-day means)`,
  };
}
