/**
 * The public API is cheap to import: Redis (bullmq, ioredis) and chart rendering (vega, vega-lite,
 * resvg) load only inside the functions that need them. Checked on a real import in a child process,
 * with a module-resolution hook that records every module Node loads.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const LAZY = ['bullmq', 'ioredis', 'vega', 'vega-lite', '@resvg/resvg-js'];

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
  execFileSync(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', script], { cwd: ROOT, stdio: 'pipe' });
  const packages = readFileSync(log, 'utf8').split('\n').map((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]).filter((p): p is string => p !== undefined);
  return new Set(packages);
}

describe('import of src/index.ts', () => {
  it('loads none of bullmq, ioredis, vega, vega-lite or resvg', () => {
    const loaded = packagesLoadedBy("await import('./src/index.ts');");
    expect(loaded.has('yaml'), 'the hook sees the packages the import does load').toBe(true);
    expect(LAZY.filter((name) => loaded.has(name))).toEqual([]);
  }, 60_000);

  it('loads vega once a chart is rendered (so the check above can fail)', () => {
    const loaded = packagesLoadedBy("const m = await import('./src/index.ts'); await m.renderSvg(m.fanChart([{ date: '2024-01-01', series: 'a', p05: 1, p50: 2, p95: 3 }], 'shells'));");
    expect(loaded.has('vega')).toBe(true);
  }, 60_000);
});
