#!/usr/bin/env node
// munisim's command line: the cached esbuild bundle of src/ (bin/bundle.js), so every start after
// the first skips compiling TypeScript; failing that, tsx runs src/.
import { pathToFileURL } from 'node:url';

let entry;
try {
  const { bundledEntry } = await import('./bundle.js');
  entry = pathToFileURL(await bundledEntry()).href;
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('../src/cli/main.ts', import.meta.url).href;
}
await import(entry);
