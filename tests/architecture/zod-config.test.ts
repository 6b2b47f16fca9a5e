/**
 * Every schema is built with munisim's zod configuration (src/model/zod.ts: jitless), so no source
 * imports zod's values from the package itself; type-only imports are fine. And the setting is what
 * zod reads: a schema built through that module parses without compiling code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { z } from '../../src/model/zod.js';

const SRC = resolve(import.meta.dirname, '../../src');
const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const path = join(dir, entry.name);
  return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
});

it("imports zod's values only through src/model/zod.ts", () => {
  const direct = sources(SRC)
    .filter((file) => relative(SRC, file) !== join('model', 'zod.ts'))
    .filter((file) => /^import (?!type )[^;]*from 'zod(\/[^']*)?';/m.test(readFileSync(file, 'utf8')))
    .map((file) => relative(SRC, file));
  expect(direct).toEqual([]);
});

it('builds schemas that parse without compiling a parser (jitless)', () => {
  const compiled: string[] = [];
  const original = globalThis.Function;
  // zod compiles an object schema's parser with `new Function(...)` unless jitless.
  globalThis.Function = new Proxy(original, { construct(target, args) { compiled.push(String(args.at(-1)).slice(0, 40)); return Reflect.construct(target, args); } });
  try {
    const schema = z.object({ a: z.number(), b: z.string() });
    expect(schema.parse({ a: 1, b: 'x' })).toEqual({ a: 1, b: 'x' });
  } finally {
    globalThis.Function = original;
  }
  expect(compiled).toEqual([]);
});
