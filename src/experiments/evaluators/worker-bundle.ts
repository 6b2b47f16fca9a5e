/**
 * The module pool workers run: `worker.ts` bundled to plain JS by esbuild, rather than TypeScript
 * through tsx (each worker ~30 MB smaller and ready in tens of milliseconds). The bundle is cached
 * under node_modules/.cache/munisim/ with the sha256 of every file it was built from, so a start
 * whose sources have not changed finds it in milliseconds instead of running esbuild again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../../base/atomic-write.js';
import { PROJECT_ROOT, projectPath } from '../../project-root.js';

let entry: Promise<string> | undefined;

/**
 * The worker module: `worker.ts` bundled to plain JS in `node_modules/.cache/munisim/` (named by its
 * content, so it is rebuilt only when the code changes), or, if esbuild is not available or the
 * cache is not writable, the tsx bootstrap that loads the TypeScript directly.
 */
export function workerEntry(): Promise<string> {
  entry ??= CLI_BUNDLE_WORKER !== undefined ? Promise.resolve(CLI_BUNDLE_WORKER)
    : bundleWorker().catch(() => pathToFileURL(projectPath('src/experiments/evaluators/worker-bootstrap.mjs')).href);
  return entry;
}

/**
 * In the CLI bundle (bin/bundle.js), the worker module is the bundle's second entry, beside this
 * code (pool-worker.mjs, which runs pool-worker.cjs): checked against the sources and cached with the
 * CLI itself, so a sweep neither hashes the worker's inputs (some 40 ms) nor runs esbuild before its
 * workers can start.
 */
function cliBundleWorker(): string | undefined {
  const here = import.meta.url;
  if (!/\/node_modules\/\.cache\/munisim\/cli-[0-9a-f]{16}\/main\.cjs$/.test(here)) return undefined;
  const worker = new URL('./pool-worker.mjs', here);
  return existsSync(fileURLToPath(worker)) ? worker.href : undefined;
}

/** The worker module of the CLI bundle this code runs from, if it runs from one: known at once, so threads can spawn synchronously. */
export const CLI_BUNDLE_WORKER = cliBundleWorker();

/** The last bundle built, with the sha256 of every file it was built from (what decides whether it is current). */
interface BundleIndex {
  bundle: string;
  inputs: Record<string, string>;
}

/** How the worker is bundled; part of what the cached bundle must match. */
const BUNDLE_OPTIONS = { bundle: true, platform: 'node', format: 'esm', target: 'node20' } as const;

async function bundleWorker(): Promise<string> {
  // Under the package's node_modules, so that the bundle resolves packages (simjs) as the source does.
  const dir = projectPath('node_modules/.cache/munisim');
  const indexFile = join(dir, 'sweep-worker-inputs.json');
  // The bundle of the last build, if none of its inputs changed since: found in milliseconds, where
  // running esbuild to learn the bundle's hash takes half a second or more before any worker can start.
  const cached = currentBundle(indexFile, dir);
  if (cached !== undefined) return pathToFileURL(cached).href;
  const esbuild = await import('esbuild');
  const source = projectPath('src/experiments/evaluators/worker.ts');
  const started = Date.now();
  const built = await esbuild.build({ ...BUNDLE_OPTIONS, entryPoints: [source], absWorkingDir: PROJECT_ROOT, metafile: true, write: false, logLevel: 'silent' });
  const text = built.outputFiles[0].text;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const file = join(dir, `sweep-worker-${hash}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(file, text);
  }
  try {
    const paths = [...Object.keys(built.metafile.inputs), ...BUNDLE_KEYS];
    // A file saved while esbuild ran may not be what it bundled: then leave the index as it was.
    if (paths.every((path) => statSync(join(PROJECT_ROOT, path)).mtimeMs < started)) {
      const inputs = Object.fromEntries(paths.map((path) => [path, fileHash(join(PROJECT_ROOT, path))]));
      writeFileAtomic(indexFile, `${JSON.stringify({ bundle: `sweep-worker-${hash}.mjs`, inputs } satisfies BundleIndex)}\n`);
    }
  } catch {
    // An index that cannot be written only means the next start bundles again.
  }
  return pathToFileURL(file).href;
}

/** Files that are no input of the bundle but decide its text: how it is bundled, and by which esbuild. */
const BUNDLE_KEYS = ['node_modules/esbuild/package.json', 'src/experiments/evaluators/worker-bundle.ts'];

/** The cached bundle if every input of the last build still has the same content, else undefined. */
function currentBundle(indexFile: string, dir: string): string | undefined {
  try {
    const index = JSON.parse(readFileSync(indexFile, 'utf8')) as BundleIndex;
    const file = join(dir, index.bundle);
    if (!/^sweep-worker-[0-9a-f]{16}\.mjs$/.test(index.bundle) || !existsSync(file)) return undefined;
    for (const [path, hash] of Object.entries(index.inputs)) if (fileHash(join(PROJECT_ROOT, path)) !== hash) return undefined;
    return file;
  } catch {
    return undefined;
  }
}

function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
