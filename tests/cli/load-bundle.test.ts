/**
 * bin/load-bundle.js runs a CommonJS bundle with V8's code cache beside it. Each step is a fresh
 * process (V8 keeps compiled code in memory too, so only a new process shows what the file gives):
 * the first has no cache and saves one, the next use it, a command new to the cache saves it again,
 * and a damaged cache is refused, compiled afresh and replaced, with the same results throughout.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './cli.js';

const LOADER = pathToFileURL(join(ROOT, 'bin', 'load-bundle.js')).href;

/** A bundle as esbuild writes one: CommonJS, with the loader's import.meta.url and import() stand-ins. */
const BUNDLE = `"use strict";
function double(x) { return 2 * x; }
let loads = 0;
exports.values = () => ({ doubled: [1, 2, 3].map(double), url: __munisimModuleUrl, filename: __filename, loads: ++loads });
exports.esmOnly = async () => (await __munisimImport(${JSON.stringify(pathToFileURL(join(ROOT, 'tests', 'cli', 'esm-only.fixture.mjs')).href)})).answer;
`;

interface Step { cache: string; values: { doubled: number[]; url: string; filename: string; loads: number }; esmOnly: number }

/** One process: load the bundle under `label`, read its exports, then save the cache as bin/munisim.js does at exit. */
function step(file: string, label: string): Step {
  const script = `import { loadBundle } from ${JSON.stringify(LOADER)};
const bundle = loadBundle(${JSON.stringify(file)}, { label: ${JSON.stringify(label)} });
const result = { cache: bundle.cache, values: bundle.exports.values(), esmOnly: await bundle.exports.esmOnly() };
bundle.saveCache();
process.stdout.write(JSON.stringify(result));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Step;
}

describe('loadBundle', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'munisim-load-bundle-'));
    file = join(dir, 'main.cjs');
    writeFileSync(file, BUNDLE);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cacheFile = () => `${file}.v8-cache`;
  const labels = () => JSON.parse(readFileSync(`${cacheFile()}.json`, 'utf8')) as string[];
  const expected = () => ({ doubled: [2, 4, 6], url: pathToFileURL(file).href, filename: file, loads: 1 });

  it('compiles without a cache the first time, and saves one', () => {
    const first = step(file, 'run');
    expect(first).toEqual({ cache: 'none', values: expected(), esmOnly: 42 });
    expect(statSync(cacheFile()).size).toBeGreaterThan(0);
    expect(labels()).toEqual(['run']);
  });

  it('uses the cache in the next process, with the same results, and leaves it as it is for a command it has seen', () => {
    const before = statSync(cacheFile()).mtimeMs;
    // import() from code that came out of the cache: V8 gives such code no import() of its own.
    expect(step(file, 'run')).toEqual({ cache: 'used', values: expected(), esmOnly: 42 });
    expect(statSync(cacheFile()).mtimeMs).toBe(before);
  });

  it('saves it again for a command new to it, keeping the commands it had', () => {
    expect(step(file, 'sweep')).toEqual({ cache: 'used', values: expected(), esmOnly: 42 });
    expect(labels()).toEqual(['run', 'sweep']);
    expect(step(file, 'sweep').cache).toBe('used');
  });

  it('refuses a damaged cache, compiles afresh with the same results, and replaces it', () => {
    const bytes = readFileSync(cacheFile());
    for (let i = 32; i < bytes.length; i += 7) bytes[i] ^= 0xff;
    writeFileSync(cacheFile(), bytes);
    expect(step(file, 'run')).toEqual({ cache: 'refused', values: expected(), esmOnly: 42 });
    expect(labels()).toEqual(['run']);
    expect(step(file, 'run').cache).toBe('used');
  });

  it('refuses the cache of another source (V8 checks it), and replaces it', () => {
    writeFileSync(file, `${BUNDLE}exports.more = 1;\n`);
    expect(step(file, 'run')).toEqual({ cache: 'refused', values: expected(), esmOnly: 42 });
    expect(step(file, 'run').cache).toBe('used');
  });
});
