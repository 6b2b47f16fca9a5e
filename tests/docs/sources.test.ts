/** Every source id a shipped model cites (parameters and targets) is listed in docs/sources.md. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/assembly/load-model.js';

const listed = new Set([...readFileSync('docs/sources.md', 'utf8').matchAll(/^\| ([A-Za-z0-9-]+) \|/gm)].map((m) => m[1]).filter((id) => id !== 'id'));
const models = readdirSync('models').filter((f) => f.endsWith('.yaml')).map((f) => join('models', f));

describe.each(models)('%s', (file) => {
  const model = loadModel(file);
  it('cites only ids of docs/sources.md', () => {
    const cited = [
      ...model.parameters.flatMap((p) => (p.source ? [[`parameters.${p.name}`, p.source]] : [])),
      ...(model.targets ?? []).flatMap((t) => (t.source ? [[t.path, t.source]] : [])),
    ];
    // A parameter may cite several rows ("C8, C15") or a note after the id ("est (…)").
    const missing = cited.flatMap(([where, source]) => source.split(/[,;/ ]+/).filter((id) => /^[A-Z][A-Za-z0-9]*(-[a-z]+)?$|^est$/.test(id) && !listed.has(id)).map((id) => `${where}: ${id}`));
    expect(missing).toEqual([]);
  });
  it('gives every target a source', () => {
    expect((model.targets ?? []).filter((t) => !t.source).map((t) => t.id)).toEqual([]);
  });
});

it('lists each id once', () => {
  const ids = [...readFileSync('docs/sources.md', 'utf8').matchAll(/^\| ([A-Za-z0-9-]+) \|/gm)].map((m) => m[1]).filter((id) => id !== 'id');
  expect(ids.length).toBe(new Set(ids).size);
  expect(ids.length).toBeGreaterThan(40);
});
