/**
 * bin/load-bundle.js runs a CommonJS bundle with V8's code cache beside it. Each step is a fresh
 * process (V8 keeps compiled code in memory too, so only a new process shows what the file gives):
 * the first has no cache and saves one, the next use it, a command new to the cache saves it again,
 * and a damaged cache is refused, compiled afresh and replaced, with the same results throughout.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

/** The script of each step: load the bundle under a label, read its exports, then save the cache as bin/munisim.js does at exit. */
const STEP = `import { loadBundle } from ${JSON.stringify(LOADER)};
const [file, label] = process.argv.slice(2);
const bundle = loadBundle(file, { label });
const result = { cache: bundle.cache, values: bundle.exports.values(), esmOnly: await bundle.exports.esmOnly() };
bundle.saveCache();
process.stdout.write(JSON.stringify(result));`;

/** One process running STEP (from a file: the flags Node is started with name the cache, and -e would be one of them). */
function step(file: string, label: string, nodeFlags: string[] = []): Step {
  const script = join(dirname(file), 'step.mjs');
  writeFileSync(script, STEP);
  const run = spawnSync(process.execPath, [...nodeFlags, script, file, label], { encoding: 'utf8' });
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

  /** The caches beside the bundle: one per set of Node flags (named by a hash of them). */
  const caches = () => readdirSync(dir).filter((name) => /^main\.cjs\.[0-9a-f]{12}\.v8-cache$/.test(name)).sort();
  let plain = '';
  const cacheFile = () => join(dir, plain);
  const labels = () => JSON.parse(readFileSync(`${cacheFile()}.json`, 'utf8')) as string[];
  const expected = () => ({ doubled: [2, 4, 6], url: pathToFileURL(file).href, filename: file, loads: 1 });

  it('compiles without a cache the first time, and saves one', () => {
    const first = step(file, 'run');
    expect(first).toEqual({ cache: 'none', values: expected(), esmOnly: 42 });
    expect(caches()).toHaveLength(1);
    plain = caches()[0];
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

  it('keeps a cache of its own for other Node flags (V8 would refuse the other), leaving the first as it is', () => {
    const before = statSync(cacheFile()).mtimeMs;
    const flags = ['--stack-size=2000'];
    expect(step(file, 'run', flags)).toEqual({ cache: 'none', values: expected(), esmOnly: 42 });
    expect(caches()).toHaveLength(2);
    expect(step(file, 'run', flags).cache).toBe('used');
    expect(statSync(cacheFile()).mtimeMs).toBe(before);
    expect(step(file, 'run').cache).toBe('used');
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
