/**
 * What a one-run command pays at start-up: the bundle's cache is checked from a manifest of the
 * sources' stamps (and never trusted after an edit), and `run` and `validate` load none of the heavy
 * parts other commands use. Checked on esbuild's graph of the real bundle's modules, not by timing:
 * in the bundle a module runs when one that imports it statically does, and a command's when it is named.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build, type Metafile, type OutputFile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleOptions, contentHash, sourceFiles, sourceHash } from '../../bin/bundle.js';
import { munisim, ROOT } from './cli.js';

/** Packages only some commands need: Redis, worker threads, charts, progress bars. */
const HEAVY_PACKAGES = ['vega', 'vega-lite', 'bullmq', 'ioredis', 'tinypool', '@resvg/resvg-js', 'cli-progress'];
/** The modules that import the packages that are ES modules only (src/base/import-esm.ts): the graph shows no import of the package itself. */
const ESM_ONLY_IMPORTERS: Record<string, string> = { 'src/experiments/evaluators/tinypool.ts': 'tinypool', 'src/report/render.ts': 'vega' };

describe('the bundle of src/cli/main.ts', () => {
  let metafile: Metafile;
  let outputFiles: OutputFile[];
  beforeAll(async () => {
    const result = await build({ ...bundleOptions(ROOT, join(tmpdir(), 'munisim-startup-test')), write: false, metafile: true });
    metafile = result.metafile!;
    outputFiles = result.outputFiles!;
  }, 120_000);

  /** The sources and packages that load with `sources`: their static imports (and requires), transitively. */
  function loadedWith(...sources: string[]): { files: string[]; packages: string[] } {
    for (const source of sources) if (metafile.inputs[source] === undefined) throw new Error(`the bundle has no module ${source}`);
    const seen = new Set(sources);
    const packages = new Set<string>();
    const pending = [...sources];
    while (pending.length > 0) {
      for (const imported of metafile.inputs[pending.pop()!].imports) {
        if (imported.kind !== 'import-statement' && imported.kind !== 'require-call') continue;
        if (imported.external) packages.add(imported.path);
        else if (!seen.has(imported.path)) { seen.add(imported.path); pending.push(imported.path); }
      }
    }
    const files = [...seen].map((f) => relative(ROOT, join(process.cwd(), f)));
    for (const file of files) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1] ?? ESM_ONLY_IMPORTERS[file];
      if (name) packages.add(name);
    }
    return { files, packages: [...packages] };
  }

  const source = (path: string) => relative(process.cwd(), join(ROOT, path));
  const heavy = (loaded: { packages: string[] }) => loaded.packages.filter((p) => HEAVY_PACKAGES.includes(p));
  const sources = (loaded: { files: string[] }, folder: string) => loaded.files.filter((f) => f.startsWith(`src/${folder}/`));
  const output = (name: string) => outputFiles.find((file) => file.path.endsWith(`/${name}`));

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
    expect(charting(loadedWith(source('src/report/run-chart.ts')))).toEqual(expect.arrayContaining(['vega', '@resvg/resvg-js']));
  });

  it('is CommonJS that imports the packages that are ES modules only, never requires them (vega has top-level await)', () => {
    const main = output('main.cjs')!.text;
    for (const name of ['tinypool', 'vega', 'vega-lite']) {
      expect(main.includes(`require("${name}")`)).toBe(false);
      expect(main.includes(`import("${name}")`)).toBe(false); // code from V8's cache cannot import(): importEsm goes through the loader
    }
    expect(main.includes('require("bullmq")')).toBe(true); // the check sees requires of external packages
  });

  it("holds the pool workers' module as a second entry, which loads neither the model parser nor the CLI", () => {
    expect(output('pool-worker.cjs')).toBeDefined(); // the name the stub that bin/bundle.js writes beside it runs
    const loaded = loadedWith(source('src/experiments/evaluators/worker.ts'));
    expect(loaded.files).toContain('src/assembly/simulate.ts');
    expect(loaded.packages).not.toContain('yaml');
    expect(loaded.packages).not.toContain('yargs');
    expect(heavy(loaded)).toEqual([]);
  });

  it('bundles only the parts of mathjs expressions use', () => {
    // mathjs-parts.ts is bundled on its own first (bin/bundle.js): its parts are in the text, not the graph.
    const main = output('main.cjs')!.text;
    const has = (name: string) => main.includes(name);
    expect(['createHypot', 'createParse'].filter(has)).toEqual(['createHypot', 'createParse']);
    // Not parts (each is in all of mathjs/number, which the first bundle of this kind ran in full).
    expect(['createSimplify', 'createDerivative', 'createEvaluate', 'createRationalize', 'embeddedDocs'].filter(has)).toEqual([]);
  });

  it("bundles zod's English messages and none of its other locales", () => {
    const zodLocales = new Set(Object.values(metafile.outputs).flatMap((o) => Object.keys(o.inputs)).filter((f) => f.includes('zod/v4/locales/')));
    expect([...zodLocales]).toEqual(['node_modules/zod/v4/locales/en.js']);
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
    writeFileSync(join(base, 'bin', 'load-bundle.js'), '// how it runs\n');
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
