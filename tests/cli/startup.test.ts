/**
 * What a one-run command pays at start-up: the bundle's cache is checked from a manifest of the
 * sources' stamps (and never trusted after an edit), and `run` and `validate` load none of the heavy
 * parts other commands use. Checked on esbuild's graph of the real bundle's chunks, not by timing.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleOptions, contentHash, sourceFiles, sourceHash } from '../../bin/bundle.js';
import { munisim, ROOT } from './cli.js';

/** Packages only some commands need: Redis, worker threads, charts, progress bars. */
const HEAVY_PACKAGES = ['vega', 'vega-lite', 'bullmq', 'ioredis', 'tinypool', '@resvg/resvg-js', 'cli-progress'];

describe('the bundle of src/cli/main.ts', () => {
  let outputs: Metafile['outputs'];
  beforeAll(async () => {
    const result = await build({ ...bundleOptions(ROOT, join(tmpdir(), 'munisim-startup-test')), write: false, metafile: true });
    outputs = result.metafile!.outputs;
  }, 120_000);

  /** The sources and external packages a chunk loads before its code runs: its static imports, transitively. */
  function loadedWith(...sources: string[]): { files: string[]; packages: string[] } {
    const start = sources.map((source) => {
      const chunk = Object.keys(outputs).find((o) => outputs[o].entryPoint === source);
      if (chunk === undefined) throw new Error(`no chunk has ${source} as its entry`);
      return chunk;
    });
    const seen = new Set(start);
    const packages = new Set<string>();
    const pending = [...start];
    while (pending.length > 0) {
      for (const imported of outputs[pending.pop()!].imports) {
        if (imported.kind !== 'import-statement') continue;
        if (imported.external) packages.add(imported.path);
        else if (!seen.has(imported.path)) { seen.add(imported.path); pending.push(imported.path); }
      }
    }
    const files = [...seen].flatMap((chunk) => Object.keys(outputs[chunk].inputs));
    for (const file of files) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
      if (name) packages.add(name);
    }
    return { files: files.map((f) => relative(ROOT, join(process.cwd(), f))), packages: [...packages] };
  }

  const source = (path: string) => relative(process.cwd(), join(ROOT, path));
  const heavy = (loaded: { packages: string[] }) => loaded.packages.filter((p) => HEAVY_PACKAGES.includes(p));
  const sources = (loaded: { files: string[] }, folder: string) => loaded.files.filter((f) => f.startsWith(`src/${folder}/`));

  it.each(['run', 'validate'])('%s loads no Redis, worker pool, charts, progress bar, report, analysis or experiment code', (command) => {
    const loaded = loadedWith(source('src/cli/main.ts'), source(`src/cli/commands/${command}.ts`));
    expect(loaded.files).toContain('src/model/expressions.ts'); // the graph is followed
    expect(heavy(loaded)).toEqual([]);
    expect(sources(loaded, 'report')).toEqual(command === 'run' ? ['src/report/write-run.ts'] : []);
    for (const folder of ['analysis', 'experiments', 'sample']) expect(sources(loaded, folder)).toEqual([]);
  });

  it('loads those parts for the commands that use them (so the check above can fail)', () => {
    const sweep = loadedWith(source('src/cli/main.ts'), source('src/cli/commands/sweep.ts'));
    expect(heavy(sweep)).toEqual(expect.arrayContaining(['tinypool', 'cli-progress']));
    expect(sources(sweep, 'experiments').length).toBeGreaterThan(0);
    // A sweep draws nothing, and summarize draws only with --chart: the chart packages load when asked for.
    const charting = (loaded: { packages: string[] }) => loaded.packages.filter((p) => ['vega', 'vega-lite', '@resvg/resvg-js'].includes(p));
    expect(charting(sweep)).toEqual([]);
    expect(charting(loadedWith(source('src/cli/main.ts'), source('src/cli/commands/summarize.ts')))).toEqual([]);
  });

  it("holds the pool workers' module as a second entry, which loads neither the model parser nor the CLI", () => {
    const worker = Object.keys(outputs).find((o) => outputs[o].entryPoint === source('src/experiments/evaluators/worker.ts'));
    expect(worker && worker.endsWith('/pool-worker.js')).toBe(true); // the name src/experiments/evaluators/worker-bundle.ts looks for
    const loaded = loadedWith(source('src/experiments/evaluators/worker.ts'));
    expect(loaded.files).toContain('src/assembly/simulate.ts');
    expect(loaded.packages).not.toContain('yaml');
    expect(loaded.packages).not.toContain('yargs');
    expect(heavy(loaded)).toEqual([]);
  });

  it('bundles only the parts of mathjs expressions use', () => {
    const everything = Object.values(outputs).flatMap((o) => Object.keys(o.inputs));
    expect(everything.some((f) => f.includes('mathjs/lib/esm/function/arithmetic/hypot.js'))).toBe(true);
    expect(everything.filter((f) => f.includes('mathjs/lib/esm/function/algebra/simplify') || f.includes('mathjs/lib/esm/expression/embeddedDocs/'))).toEqual([]);
  });

  it("bundles zod's English messages and none of its other locales", () => {
    const zodLocales = Object.values(outputs).flatMap((o) => Object.keys(o.inputs)).filter((f) => f.includes('zod/v4/locales/'));
    expect(zodLocales).toEqual(['node_modules/zod/v4/locales/en.js']);
  });
});

describe('sourceHash', () => {
  let base: string;
  let manifest: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'munisim-sources-'));
    mkdirSync(join(base, 'src', 'model'), { recursive: true });
    mkdirSync(join(base, 'bin'));
    writeFileSync(join(base, 'src', 'main.ts'), 'export const a = 1;\n');
    writeFileSync(join(base, 'src', 'model', 'b.ts'), 'export const b = 2;\n');
    writeFileSync(join(base, 'package.json'), '{}\n');
    writeFileSync(join(base, 'bin', 'bundle.js'), '// how\n');
    manifest = join(base, 'manifest.json');
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  /** A manifest whose stamps are all trusted (written long after the files), with a hash no contents give. */
  function trustedManifest(): void {
    const recorded = JSON.parse(readFileSync(manifest, 'utf8')) as { files: unknown[] };
    writeFileSync(manifest, JSON.stringify({ ...recorded, hash: 'from-the-manifest', writtenAt: Date.now() + 60_000 }));
  }

  it('is the hash of the contents, and is read from the manifest while no file changed', () => {
    const hash = sourceHash(base, manifest);
    expect(hash).toBe(contentHash(sourceFiles(base)));
    trustedManifest();
    expect(sourceHash(base, manifest)).toBe('from-the-manifest');
  });

  it('hashes the contents again after any edit, even one that keeps the size and the modification time', () => {
    const file = join(base, 'src', 'model', 'b.ts');
    const { atime, mtime } = statSync(file);
    sourceHash(base, manifest);
    trustedManifest();
    writeFileSync(file, 'export const b = 3;\n');
    utimesSync(file, atime, mtime);
    const hash = sourceHash(base, manifest);
    expect(hash).toBe(contentHash(sourceFiles(base)));
    expect(hash).not.toBe('from-the-manifest');
  });

  it('hashes again when a file is added or removed, and when the manifest is missing or damaged', () => {
    sourceHash(base, manifest);
    trustedManifest();
    writeFileSync(join(base, 'src', 'c.json'), '{}');
    expect(sourceHash(base, manifest)).toBe(contentHash(sourceFiles(base)));
    trustedManifest();
    rmSync(join(base, 'src', 'c.json'));
    expect(sourceHash(base, manifest)).toBe(contentHash(sourceFiles(base)));
    appendFileSync(manifest, 'garbage');
    expect(sourceHash(base, manifest)).toBe(contentHash(sourceFiles(base)));
    rmSync(manifest);
    expect(sourceHash(base, manifest)).toBe(contentHash(sourceFiles(base)));
  });

  it('does not trust stamps recorded in the same moment as an edit (a second edit within one clock tick)', () => {
    sourceHash(base, manifest); // written now: every file's stamp is too recent to trust
    const recorded = JSON.parse(readFileSync(manifest, 'utf8')) as { hash: string };
    writeFileSync(manifest, JSON.stringify({ ...recorded, hash: 'from-the-manifest' }));
    expect(sourceHash(base, manifest)).toBe(contentHash(sourceFiles(base)));
  });
});

describe('munisim --version', () => {
  it("prints package.json's version and exits 0, without loading any command", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = munisim(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});
