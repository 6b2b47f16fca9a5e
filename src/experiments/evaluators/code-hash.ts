/**
 * What identifies the code that runs a simulation, so that a Redis coordinator and its workers can
 * tell whether they would compute the same runs: the version string alone does not (it stays 0.1.0
 * across commits). The hash covers every source file under src/ by relative path and content,
 * package.json, and the installed version of each runtime dependency; it does not depend on where
 * munisim is installed, so two machines with the same checkout and packages agree.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { PROJECT_ROOT } from '../../project-root.js';

let cached: string | undefined;

/**
 * The code hash of this process: 16 hex digits, computed once (at the first call) from the files as
 * they are then, which is the code this process loaded at start-up.
 */
export function codeHash(): string {
  cached ??= computeCodeHash(PROJECT_ROOT);
  return cached;
}

/** The code hash of the munisim package at `root` (exported for tests). */
export function computeCodeHash(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mjs|js|json)$/.test(entry.name)) {
        // Relative, with "/" on every platform: the same tree gives the same hash anywhere.
        hash.update(`${relative(root, path).split(sep).join('/')}\u0000`).update(readFileSync(path)).update('\u0000');
      }
    }
  };
  walk(join(root, 'src'));
  const manifest = readFileSync(join(root, 'package.json'), 'utf8');
  hash.update(manifest);
  const dependencies = Object.keys((JSON.parse(manifest) as { dependencies?: Record<string, string> }).dependencies ?? {}).sort();
  for (const name of dependencies) hash.update(`\u0000${name}@${installedVersion(root, name)}`);
  return hash.digest('hex').slice(0, 16);
}

/** The version in the dependency's package.json, looked up as Node resolves packages (node_modules up the tree). */
function installedVersion(root: string, name: string): string {
  for (let dir = root; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return String((JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version);
    if (dirname(dir) === dir) return 'missing';
  }
}
