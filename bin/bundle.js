// How bin/munisim.js finds, or makes, the CLI bundle: the TypeScript in src/ bundled by esbuild,
// with its pure-JS dependencies, into node_modules/.cache/munisim/cli-<hash of the sources>/. A start
// checks a manifest of the sources' sizes and times (a few milliseconds) and hashes their contents
// only when it differs. The bundle is CommonJS, run by bin/load-bundle.js with V8's code cache
// (which Node 20 has only for scripts): commands' modules in it run only when their command does.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAtomic } from './load-bundle.js';

export const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** Files outside src/ that the bundle depends on: dependency versions, and how it is bundled. */
const EXTRA_INPUTS = ['package.json', 'bin/bundle.js', 'bin/load-bundle.js'];

/**
 * Packages that read their own files, spawn workers or load native code: loaded from node_modules, not
 * bundled. yargs is bundled (its two dozen modules cost about 30 ms to resolve and load one by one):
 * the only files it reads are its translations, and munisim's help is English (main.ts turns locale
 * detection off), which is what yargs prints without them.
 */
export const EXTERNAL = ['simjs', 'tinypool', 'esbuild', 'tsx', 'bullmq', 'ioredis', 'vega', 'vega-lite', '@resvg/resvg-js'];

/** Every file the bundle is made from, in a fixed order: src/'s sources, then EXTRA_INPUTS. */
export function sourceFiles(base = root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mjs|js|json)$/.test(entry.name)) files.push(path);
    }
  };
  walk(join(base, 'src'));
  return [...files, ...EXTRA_INPUTS.map((name) => join(base, name))];
}

/** Hash of the contents (and names) of `files`. */
export function contentHash(files) {
  const hash = createHash('sha256');
  for (const path of files) hash.update(path).update(readFileSync(path));
  return hash.digest('hex').slice(0, 16);
}

/**
 * What a file's stat says about its content: size, inode, and the modification and change times
 * (ctime cannot be set back by touch or tar, and changes with every write).
 */
function stamp(path) {
  const s = statSync(path);
  return [s.size, s.ino, s.mtimeMs, s.ctimeMs];
}

/** Stamps written within this many ms before the manifest could be followed by an edit in the same clock tick. */
const RACY_MS = 2000;

/**
 * The hash of the sources under `base`, taken from `manifestFile` when every file's stamp equals
 * the one recorded there (and none was recorded while it could still be changing within the same
 * clock tick); otherwise hashed from the contents, and the manifest rewritten.
 */
export function sourceHash(base = root, manifestFile = manifestPath(base)) {
  const files = sourceFiles(base);
  const stamps = files.map(stamp);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    manifest = undefined;
  }
  if (manifest && sameStamps(manifest, files, stamps)) return manifest.hash;
  const writtenAt = Date.now(); // before reading: an edit from now on has a later ctime
  const hash = contentHash(files);
  try {
    mkdirSync(dirname(manifestFile), { recursive: true });
    writeAtomic(manifestFile, JSON.stringify({ hash, writtenAt, files: files.map((path, i) => [path, ...stamps[i]]) }));
  } catch {
    // A read-only cache: hash every time.
  }
  return hash;
}

function sameStamps(manifest, files, stamps) {
  if (!Array.isArray(manifest.files) || manifest.files.length !== files.length || typeof manifest.hash !== 'string') return false;
  const trusted = manifest.writtenAt - RACY_MS;
  return files.every((path, i) => {
    const [recorded, ...was] = manifest.files[i];
    const now = stamps[i];
    return recorded === path && was.length === now.length && was.every((v, k) => v === now[k]) && now[2] < trusted && now[3] < trusted;
  });
}

/** One manifest per checkout (several may share a node_modules through a link). */
function manifestPath(base) {
  return join(base, 'node_modules', '.cache', 'munisim', `sources-${createHash('sha256').update(base).digest('hex').slice(0, 12)}.json`);
}

/**
 * In the bundle, src/model/mathjs-parts.ts imports the parts of mathjs it creates (its MATHJS_PARTS)
 * from mathjs's ES modules, so that esbuild leaves out the rest (a require() of mathjs would bundle
 * all of it, and run all of its modules on the first expression). The same parts, so the same mathjs.
 * They are bundled first on their own: inside the CLI bundle, a module that a command loads later is
 * wrapped to run on demand, and esbuild then keeps all of mathjs/number's re-exports, and runs them.
 */
function mathjsParts(base) {
  const file = join(base, 'src', 'model', 'mathjs-parts.ts');
  return {
    name: 'mathjs-parts',
    setup(build) {
      build.onLoad({ filter: /[\\/]mathjs-parts\.ts$/ }, async (args) => {
        if (args.path !== file) return undefined;
        const list = /export const MATHJS_PARTS = \[([^\]]*)\]/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
        const names = [...list.matchAll(/'([A-Za-z0-9]+)'/g)].map((match) => match[1]);
        if (!names.includes('parse')) throw new Error(`${file}: found no MATHJS_PARTS list to bundle`);
        const parts = names.map((name) => `${name}Dependencies`).join(', ');
        const contents = `import { create, ${parts} } from 'mathjs/number';\nexport const MATHJS_PARTS = ${JSON.stringify(names)};\nexport function createMath() { return create({ ${parts} }, {}); }\n`;
        const { build: esbuild } = await import('esbuild');
        const alone = await esbuild({
          stdin: { contents, resolveDir: dirname(file), sourcefile: file, loader: 'js' }, bundle: true, format: 'esm', platform: 'node', target: 'node20',
          write: false, logLevel: 'silent', minifyWhitespace: true, minifySyntax: true,
        });
        return { contents: alone.outputFiles[0].text, loader: 'js', resolveDir: dirname(file) };
      });
    },
  };
}

/**
 * zod's index of every locale (`z.locales`, `z.core.locales`: some 360 KB, a quarter of what `run`
 * loads) is left out of the bundle: munisim never reads it, and zod's own English messages come from
 * locales/en.js, which its schemas import directly and which stays.
 */
function zodWithoutLocales() {
  return {
    name: 'zod-without-locales',
    setup(build) {
      build.onResolve({ filter: /[\\/]locales[\\/]index\.js$/ }, (args) => {
        if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
        return { path: 'zod-locales', namespace: 'munisim-empty' };
      });
      build.onLoad({ filter: /.*/, namespace: 'munisim-empty' }, () => ({ contents: 'export {};', loader: 'js' }));
    },
  };
}

/**
 * string-width (three copies, under yargs, cliui and wrap-ansi) builds Unicode property regexes and
 * an Intl.Segmenter when its module loads: some 30 ms of every start, for help text that is laid
 * out only when printed. Each import of it gets a stand-in that loads the real module at the first
 * call (esbuild bundles a require() of it as a module initialised on demand), so the same widths.
 */
function lazyStringWidth() {
  return {
    name: 'lazy-string-width',
    setup(build) {
      build.onResolve({ filter: /^string-width$/ }, async (args) => {
        if (args.pluginData?.real) return undefined;
        const real = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: { real: true } });
        if (real.errors.length > 0) return undefined;
        return { path: real.path, namespace: 'munisim-lazy' };
      });
      build.onLoad({ filter: /.*/, namespace: 'munisim-lazy' }, (args) => ({
        contents: `let real;\nexport default function stringWidth(text, options) {\n  real ??= require(${JSON.stringify(args.path)});\n  return real.default(text, options);\n}\n`,
        loader: 'js', resolveDir: dirname(args.path),
      }));
    },
  };
}

/** esbuild's options for the CLI bundle of the sources under `base`, written to `outdir`. */
export function bundleOptions(base, outdir) {
  return {
    // The pool workers' module is the second entry: checked and cached with the CLI.
    entryPoints: { main: join(base, 'src', 'cli', 'main.ts'), 'pool-worker': join(base, 'src', 'experiments', 'evaluators', 'worker.ts') }, outdir, bundle: true,
    format: 'cjs', outExtension: { '.js': '.cjs' }, platform: 'node', target: 'node20', logLevel: 'silent',
    // bin/load-bundle.js gives the code its own URL (esbuild leaves import.meta empty in CommonJS).
    define: { 'import.meta.url': '__munisimModuleUrl' },
    // Less source for V8 to scan at every start (2.5 → 1.8 MB; run --quiet ~15 ms less wall, ~30 ms
    // less CPU, 20 alternations). Names are kept, so an internal error's stack still names its functions.
    minifyWhitespace: true, minifySyntax: true,
    // Pure-JS packages made of many small modules (mathjs, @stdlib) load several times faster from one bundle.
    external: EXTERNAL,
    plugins: [mathjsParts(base), zodWithoutLocales(), lazyStringWidth()],
  };
}

/**
 * The files beside the bundle: the pool workers' module, which tinypool imports in each worker
 * thread and which runs pool-worker.cjs with its code cache (saved once a first task has compiled
 * the simulation), and the loader it does that with (bin/load-bundle.js, copied, so the bundle's
 * folder is whole wherever node_modules is linked from).
 */
function workerFiles(dir) {
  writeFileSync(join(dir, 'load-bundle.mjs'), readFileSync(join(root, 'bin', 'load-bundle.js')));
  writeFileSync(join(dir, 'pool-worker.mjs'), `import { loadBundle } from './load-bundle.mjs';
const bundle = loadBundle(new URL('./pool-worker.cjs', import.meta.url), { label: 'pool-worker' });
const run = bundle.exports.default;
export default function runInWorker(request) {
  const result = run(request);
  // Saved as the first task ends, not at a later turn: between tasks tinypool's threads wait in Atomics.wait.
  // (A failed task is the pool's to report: this only waits for it to end.)
  if (!('ping' in request)) Promise.resolve(result).then(bundle.saveCache, bundle.saveCache);
  return result;
}
`);
}

/** The bundle's entry file, built first if the sources changed. @throws if esbuild fails */
export async function bundledEntry() {
  const dir = join(root, 'node_modules', '.cache', 'munisim', `cli-${sourceHash()}`);
  const entry = join(dir, 'main.cjs');
  if (existsSync(entry)) return entry;
  const { build } = await import('esbuild');
  const tmp = `${dir}.tmp-${process.pid}`;
  await build(bundleOptions(root, tmp));
  workerFiles(tmp);
  mkdirSync(dirname(dir), { recursive: true });
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process built it first
  }
  removeStaleBundles(dirname(dir), dir);
  return entry;
}

/** Bundles of older sources, a day unused: a running process may still load chunks of a newer one. */
function removeStaleBundles(cache, keep) {
  const dayAgo = Date.now() - 86_400_000;
  for (const name of readdirSync(cache)) {
    const path = join(cache, name);
    if (name.startsWith('cli-') && path !== keep && statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
  }
}
