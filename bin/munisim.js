#!/usr/bin/env node
// munisim's command line. The TypeScript in src/ is bundled once by esbuild, with its pure-JS
// dependencies (commands' heavy parts in chunks loaded on demand), into node_modules/.cache/munisim/,
// named by the sources' content, so every later start skips compiling; failing that, tsx runs src/.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** Hash of everything the bundle is made from. */
function sourceHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mjs|js|json)$/.test(entry.name)) hash.update(path).update(readFileSync(path));
    }
  };
  walk(join(root, 'src'));
  hash.update(readFileSync(join(root, 'package.json')));
  hash.update(readFileSync(fileURLToPath(import.meta.url))); // how it is bundled
  return hash.digest('hex').slice(0, 16);
}

async function bundledEntry() {
  const dir = join(root, 'node_modules', '.cache', 'munisim', `cli-${sourceHash()}`);
  const entry = join(dir, 'main.js');
  if (existsSync(entry)) return entry;
  const { build } = await import('esbuild');
  const tmp = `${dir}.tmp-${process.pid}`;
  await build({
    entryPoints: [join(root, 'src', 'cli', 'main.ts')], outdir: tmp, bundle: true, splitting: true, format: 'esm',
    platform: 'node', target: 'node20', logLevel: 'silent',
    // Bundled CommonJS packages still call require() for Node's built-ins.
    banner: { js: "import { createRequire as __munisimRequire } from 'node:module'; const require = __munisimRequire(import.meta.url);" },
    // Pure-JS packages made of many small modules (mathjs, @stdlib) load several times faster from
    // one bundle; packages that read their own files, spawn workers or load native code stay outside.
    external: ['simjs', 'yargs', 'tinypool', 'esbuild', 'tsx', 'bullmq', 'ioredis', 'vega', 'vega-lite', '@resvg/resvg-js'],
  });
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

let entry;
try {
  entry = pathToFileURL(await bundledEntry()).href;
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('../src/cli/main.ts', import.meta.url).href;
}
await import(entry);
