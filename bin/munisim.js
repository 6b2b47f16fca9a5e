#!/usr/bin/env node
// munisim's command line: the cached esbuild bundle of src/ (bin/bundle.js), run with V8's code
// cache (bin/load-bundle.js), so every start after the first skips compiling TypeScript and most of
// compiling JavaScript; failing that, tsx runs src/.

let bundle;
try {
  const { bundledEntry } = await import('./bundle.js');
  bundle = await bundledEntry();
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
if (bundle !== undefined) {
  const { loadBundle } = await import('./load-bundle.js');
  // The command names the code this process compiles: the cache is saved again for a command new to it.
  const command = process.argv.slice(2).find((arg) => /^[a-z]+$/.test(arg)) ?? '';
  process.on('exit', loadBundle(bundle, { label: command }).saveCache);
}
