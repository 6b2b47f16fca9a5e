/**
 * manifest.json: what produced a folder of outputs — model and hash, parameters, seed, versions,
 * timing, and `warnings`: what was legal but suspicious, as `{ code, path?, message }` (an empty list
 * when there was nothing to say).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Model } from '../model/model.js';
import { projectPath } from '../project-root.js';

let version: string | undefined;

/** munisim's version, from package.json. */
export function munisimVersion(): string {
  version ??= (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
  return version;
}

export function versions(): { munisim: string; node: string } {
  return { munisim: munisimVersion(), node: process.version };
}

/** Writes a run's manifest.json (into the run's temporary folder, so not atomically itself), synchronously: a small file. */
export function writeManifest(path: string, manifest: Record<string, unknown>): void {
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * The manifest's `model`: its file, name and sha256, and the files it read (`inputs`, path and
 * sha256 each), listed only when it read any, so manifests of models without CSVs stay as they were.
 */
export function manifestModel(model: Model): Record<string, unknown> {
  return {
    path: model.file,
    name: model.name,
    sha256: model.sha256,
    ...(model.inputs ? { inputs: model.inputs.map(({ path, sha256 }) => ({ path, sha256 })) } : {}),
  };
}
