/**
 * The scenario-comparison notebook, run as a user would: Jupyter and the Deno kernel are set up by
 * scripts/setup-notebooks.sh, the notebook's code is type-checked by `deno check`, and nbconvert executes
 * it headless and exports it to HTML. The test fails, rather than skips, when the set-up cannot be done.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/assembly/load-model.js';
import { resolveScenario } from '../../src/model/scenario.js';
import { simulate } from '../../src/assembly/simulate.js';
import { summarizeSample, type SampleSummary } from '../../src/analysis/statistics.js';

const ROOT = resolve(import.meta.dirname, '../..');
const NOTEBOOKS = join(ROOT, 'notebooks');
const NOTEBOOK = join(NOTEBOOKS, 'compare-scenarios.ipynb');
const SETUP = join(ROOT, 'scripts/setup-notebooks.sh');
const DENO = join(ROOT, 'node_modules/.bin/deno');
const SCENARIOS = ['baseline', 'more-nk-output', 'higher-demand'];

const run = promisify(execFile);

interface Output {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error';
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name: string } };
}

/** Table JSON of `showKpiTable`: scenario → KPI → summary (an array: Jupyter sorts object keys). */
type KpiJson = { scenario: string; sets: string[]; kpis: Record<string, SampleSummary | null> }[];
/** Table JSON of `showDifferences`. */
interface DifferenceJson {
  scenario: string;
  baseline: string;
  kpi: string;
  paired: SampleSummary;
  unpairedHalfWidth: number;
  verdict: string;
}

const text = (value: unknown): string => (Array.isArray(value) ? value.join('') : String(value ?? ''));
const readNotebook = (file: string): Notebook => JSON.parse(readFileSync(file, 'utf8')) as Notebook;

/** Runs a command; on failure throws with the command, exit code and what it printed. */
async function mustRun(what: string, file: string, args: string[], cwd: string, timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(file, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string; killed?: boolean };
    const printed = [e.stderr, e.stdout].map((s) => s?.trim()).filter(Boolean).join('\n');
    throw new Error(`${what} failed (${e.killed ? `timed out after ${timeoutMs / 1000} s` : `exit ${e.code}`}): ${file} ${args.join(' ')}\n${printed.slice(-6000)}`);
  }
}

let dir: string;
let executed: Notebook;
let outputs: Output[];
let html: string;

/** Displayed outputs whose plain-text form starts with `prefix`. */
function displays(prefix: string): Output[] {
  return outputs.filter((o) => o.output_type === 'display_data' && text(o.data?.['text/plain']).startsWith(prefix));
}

beforeAll(async () => {
  await mustRun('scripts/setup-notebooks.sh (installs Jupyter from Debian and the Deno kernel spec)', 'bash', [SETUP], ROOT, 540_000);
  dir = mkdtempSync(join(tmpdir(), 'munisim-notebook-'));
  // --allow-errors: every cell runs, so the assertions below can list all errors at once.
  await mustRun('jupyter nbconvert --execute', 'jupyter', [
    'nbconvert', '--to', 'notebook', '--execute', '--allow-errors',
    '--ExecutePreprocessor.kernel_name=deno', '--ExecutePreprocessor.timeout=300', '--ExecutePreprocessor.startup_timeout=120',
    '--output-dir', dir, '--output', 'executed.ipynb', NOTEBOOK,
  ], NOTEBOOKS, 480_000);
  executed = readNotebook(join(dir, 'executed.ipynb'));
  outputs = executed.cells.flatMap((cell) => cell.outputs ?? []);
  await mustRun('jupyter nbconvert --to html', 'jupyter', ['nbconvert', '--to', 'html', '--output-dir', dir, '--output', 'executed.html', join(dir, 'executed.ipynb')], dir, 120_000);
  html = readFileSync(join(dir, 'executed.html'), 'utf8');
}, 900_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('notebooks/compare-scenarios.ipynb', () => {
  it('is committed with its outputs cleared and names the Deno kernel', () => {
    const notebook = readNotebook(NOTEBOOK);
    expect(notebook.metadata.kernelspec?.name).toBe('deno');
    const dirty = notebook.cells.flatMap((cell, i) =>
      cell.cell_type === 'code' && (cell.outputs?.length || cell.execution_count != null) ? [i + 1] : [],
    );
    expect(dirty, `cells ${dirty.join(', ')} (from 1) keep outputs or execution counts; clear them: jupyter nbconvert --clear-output --inplace`).toEqual([]);
  });

  it('type-checks with deno check', async () => {
    // The kernel does not type-check; its cells, in order, form one module. The file sits beside the notebook so
    // relative imports and deno.json resolve as they do in the kernel (whose cwd is the notebook's folder).
    const lines: string[] = [];
    const starts: string[] = [];
    readNotebook(NOTEBOOK).cells.forEach((cell, i) => {
      if (cell.cell_type !== 'code') return;
      starts.push(`cell ${i + 1} from line ${lines.length + 2}`);
      lines.push(`// ---- cell ${i + 1} ----`, ...text(cell.source).split('\n'), '');
    });
    const file = join(NOTEBOOKS, `.check-compare-scenarios-${process.pid}.ts`);
    writeFileSync(file, lines.join('\n'));
    try {
      await mustRun(`deno check of the notebook's code cells (cells counted from 1, markdown included: ${starts.join(', ')})`, DENO, ['check', file], NOTEBOOKS, 240_000);
    } finally {
      rmSync(file, { force: true });
    }
  }, 300_000);

  it('runs every cell without an error and writes nothing to stderr', () => {
    const errors = outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`);
    expect(errors, `cells raised errors:\n${errors.join('\n')}`).toEqual([]);
    const stderr = outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => text(o.text));
    expect(stderr, `cells wrote to stderr:\n${stderr.join('\n')}`).toEqual([]);
    expect(executed.cells.filter((cell) => cell.cell_type === 'code').every((cell) => cell.execution_count != null)).toBe(true);
  });

  it('shows a KPI table per model with every scenario and plausible numbers', () => {
    const tables = displays('KPIs per scenario');
    expect(tables, 'one KPI table for quickstart and one for north-korea-to-russia').toHaveLength(2);
    for (const table of tables) {
      for (const name of SCENARIOS) expect(text(table.data?.['text/html'])).toContain(`<td>${name}</td>`);
      const rows = table.data?.['application/json'] as KpiJson;
      expect(rows.map((row) => row.scenario)).toEqual(SCENARIOS);
      const kpis = Object.fromEntries(rows.map((row) => [row.scenario, row.kpis]));
      for (const name of SCENARIOS) {
        const { shortfall_total: shortfall, fill_rate: fillRate } = kpis[name];
        expect(shortfall?.n).toBe(20);
        expect(shortfall?.mean).toBeGreaterThan(0);
        expect(shortfall?.ciHalfWidth95).toBeGreaterThan(0);
        expect(shortfall!.ciHalfWidth95).toBeLessThan(shortfall!.mean);
        expect(fillRate?.mean).toBeGreaterThan(0.5);
        expect(fillRate?.mean).toBeLessThan(1);
      }
      // More demand, same supply: a larger shortfall (clearly, not within noise). More output: more produced.
      expect(kpis['higher-demand'].shortfall_total!.mean).toBeGreaterThan(kpis.baseline.shortfall_total!.mean + kpis.baseline.shortfall_total!.ciHalfWidth95);
      expect(kpis['more-nk-output'].produced_total!.mean).toBeGreaterThan(kpis.baseline.produced_total!.mean);
    }
  });

  it('reports the same quickstart numbers as the library run under Node with the same seeds', () => {
    const rows = displays('KPIs per scenario')[0].data?.['application/json'] as KpiJson;
    const model = loadModel(join(ROOT, 'models/quickstart.yaml'));
    const sets: Record<string, Record<string, number>> = { baseline: {}, 'higher-demand': { front_demand: 25000 } };
    for (const [name, parameters] of Object.entries(sets)) {
      const scenario = resolveScenario(model, { parameters });
      const expected = summarizeSample(Array.from({ length: 20 }, (_, i) => simulate(scenario, i + 1).summary.shortfall_total!));
      expect(rows.find((row) => row.scenario === name)?.kpis.shortfall_total, `${name}: Deno's kernel and Node disagree`).toEqual(expected);
    }
  });

  it('pairs the scenarios by seed, with intervals narrower than unpaired ones', () => {
    const tables = displays('Differences from the baseline');
    expect(tables).toHaveLength(2);
    const [quickstart] = tables.map((table) => table.data?.['application/json'] as DifferenceJson[]);
    const shortfall = (scenario: string) => quickstart.find((d) => d.scenario === scenario && d.kpi === 'shortfall_total')!;
    const demand = shortfall('higher-demand');
    expect(demand.paired.n).toBe(20);
    expect(demand.verdict).toBe('higher');
    expect(demand.paired.mean).toBeGreaterThan(0);
    expect(demand.paired.ciHalfWidth95).toBeLessThan(demand.unpairedHalfWidth / 2);
    // The notebook's "What it says" cell explains why more North Korean output leaves the quickstart shortfall
    // unchanged (the ships, not the plants, limit deliveries). If the model changes that, rewrite the cell.
    expect(shortfall('more-nk-output').verdict, 'the "What it says" cell no longer matches the quickstart model').toBe('no change in any pair');
    expect(text(tables[0].data?.['text/html'])).toContain('higher-demand − baseline');
  });

  it('draws the Russian depot stock per scenario, and the charts survive the HTML export', () => {
    const charts = displays('[chart:');
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const chart of charts) expect(text(chart.data?.['text/html'])).toMatch(/^<svg[\s>]/);
    const depot = displays('[chart: ru-depot stock');
    expect(depot).toHaveLength(1);
    const svg = text(depot[0].data?.['text/html']);
    for (const name of SCENARIOS) expect(svg).toContain(`>${name}<`);
    expect(svg).toMatch(/<path[^>]*\sd="M/);
    expect(html.match(/<svg[\s>]/g)?.length ?? 0).toBeGreaterThanOrEqual(charts.length);
    for (const name of SCENARIOS) expect(html).toContain(name);
  });
});
