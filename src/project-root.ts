/**
 * The folder that holds munisim's package.json, found by walking up from this module. It is the
 * same whether the code runs from src/ (tsx, vitest) or from the CLI's cached bundle under
 * node_modules/.cache/, so paths to package files never depend on where the code was loaded from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'munisim') return dir;
    if (dirname(dir) === dir) throw new Error(`munisim's package.json not found above ${fileURLToPath(import.meta.url)}`);
  }
}

export const PROJECT_ROOT = findRoot();

/** An absolute path to a file of the package, from its path relative to the package root. */
export function projectPath(relative: string): string {
  return join(PROJECT_ROOT, relative);
}
