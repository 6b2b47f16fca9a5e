/**
 * The public API is cheap to import: Redis (bullmq, ioredis), chart rendering (vega, vega-lite,
 * resvg), the expression parser (mathjs) and the Student-t quantile (@stdlib) load only inside the
 * functions that need them. Checked on a real import in a child process, with a module-resolution
 * hook that records every ES module Node loads and, at the end, the CommonJS modules in require's cache.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const LAZY = ['bullmq', 'ioredis', 'vega', 'vega-lite', '@resvg/resvg-js', 'mathjs', '@stdlib/stats-base-dists-t-quantile'];

/** Every package loaded by running `script` (an ES module body) with tsx and a recording resolve hook. */
function packagesLoadedBy(script: string): Set<string> {
  const dir = mkdtempSync(join(tmpdir(), 'munisim-imports-'));
  const log = join(dir, 'loaded.txt');
  writeFileSync(join(dir, 'hooks.mjs'), [
    "import { appendFileSync } from 'node:fs';",
    'let log;',
    'export function initialize(data) { log = data.log; }',
    'export async function resolve(specifier, context, next) {',
    '  const result = await next(specifier, context);',
    "  appendFileSync(log, result.url + '\\n');",
    '  return result;',
    '}',
  ].join('\n'));
  writeFileSync(join(dir, 'register.mjs'), [
    "import { register } from 'node:module';",
    `register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)}, { data: { log: ${JSON.stringify(log)} } });`,
  ].join('\n'));
  writeFileSync(log, '');
  // require() does not pass the hook (Node 20): what it loaded is read from its cache afterwards.
  const listRequired = `\nconst { createRequire } = await import('node:module'); (await import('node:fs')).appendFileSync(${JSON.stringify(log)}, Object.keys(createRequire(import.meta.url).cache).join('\\n') + '\\n');`;
  execFileSync(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', script + listRequired], { cwd: ROOT, stdio: 'pipe' });
  const packages = readFileSync(log, 'utf8').split('\n').map((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]).filter((p): p is string => p !== undefined);
  return new Set(packages);
}

describe('import of src/index.ts', () => {
  it('loads none of bullmq, ioredis, vega, vega-lite, resvg, mathjs or @stdlib', () => {
    const loaded = packagesLoadedBy("await import('./src/index.ts');");
    expect(loaded.has('yaml'), 'the hook sees the packages the import does load').toBe(true);
    expect(LAZY.filter((name) => loaded.has(name))).toEqual([]);
  }, 60_000);

  it('loads vega once a chart is rendered (so the check above can fail)', () => {
    const loaded = packagesLoadedBy("const m = await import('./src/index.ts'); await m.renderSvg(m.fanChart([{ date: '2024-01-01', series: 'a', p05: 1, p50: 2, p95: 3 }], 'shells'));");
    expect(loaded.has('vega')).toBe(true);
  }, 60_000);

  it('loads mathjs once a model has an expression, and a model of plain numbers does without it', () => {
    const model = (demand: string) => JSON.stringify(`name: m\nstart: 2024-01-01\ndays: 3\nmunitions: [{ id: shell }]\nstockpiles: [{ id: depot, initial: { shell: 9 } }]\nconsumers: [{ id: front, draws_from: [depot], munitions: [shell], demand: ${demand} }]\n`);
    expect(packagesLoadedBy(`const m = await import('./src/index.ts'); m.parseModel(${model('2')}, 'plain.yaml');`).has('mathjs')).toBe(false);
    expect(packagesLoadedBy(`const m = await import('./src/index.ts'); m.parseModel(${model('"1 + step(t, 2)"')}, 'expr.yaml');`).has('mathjs')).toBe(true);
    expect(packagesLoadedBy("const m = await import('./src/index.ts'); m.summarizeSample([1, 2, 4]);").has('@stdlib/stats-base-dists-t-quantile')).toBe(true);
  }, 60_000);
});

describe('compareScenarios', () => {
  it('takes overrides as objects or name=value texts and returns named records, its temporary folder gone', async () => {
    const { compareScenarios, parseModel, simulate, resolveScenario } = await import('../src/index.js');
    const model = parseModel(`name: t
start: 2024-01-01
days: 15
seed: 5
parameters: { rate: { value: 90 } }
munitions: [{ id: m }]
stockpiles: [{ id: depot, initial: { m: 100 } }]
factories: [{ id: plant, munition: m, to: depot, rate: rate }]
consumers: [{ id: front, draws_from: [depot], munitions: [m], demand: 100, demand_cv: 0.3 }]
`, 't.yaml');
    const records = await compareScenarios(model, { base: {}, more: ['rate=110'] }, { replications: 4, kpis: ['shortfall_total'], series: ['front.consumed'] });
    expect(records.dir).toBe('');
    expect(records.scenarios.map((s) => s.overrides)).toEqual([{}, { rate: 110 }]);
    const byHand = (rate: number) => [0, 1, 2, 3].map((r) => simulate(resolveScenario(model, { parameters: { rate } }), 5 + r).summary.shortfall_total as number);
    const d = byHand(110).map((x, r) => x - byHand(90)[r]);
    const more = records.results.find((r) => r.scenario === 'more')!;
    expect(more.versus!.difference).toBeCloseTo(d.reduce((a, b) => a + b) / 4, 9);
    expect(records.series.some((e) => e.scenario === 'more' && e.difference !== undefined)).toBe(true);
  });
});
