/**
 * manifest.json's `model`: file, name and sha256, plus the files the model read (path and sha256
 * each) when it read any — and nothing more for a model that read none, so those manifests stay as they were.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/assembly/load-model.js';
import { manifestModel } from '../../src/output/manifest.js';
import { munisim } from '../cli/cli.js';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const model = (demand: string) => `name: m
start: 2024-01-01
days: 3
munitions: [{ id: shell }]
stockpiles: [{ id: depot, initial: { shell: 100 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [shell], demand: ${demand} }]
`;
const CSV = 'date,shells\n2024-01-01,7\n';

describe('manifestModel', () => {
  it('a model that reads no file: path, name and sha256 of its text, no inputs key', () => {
    const text = model('7');
    expect(manifestModel(parseModel(text, 'm.yaml'))).toEqual({ path: 'm.yaml', name: 'm', sha256: sha(text) });
  });

  it('a model that reads a CSV: each input by path and sha256, without its text', () => {
    const parsed = parseModel(model('{ csv: d.csv, column: shells, per: day }'), 'm.yaml', { readInput: () => ({ text: CSV }) });
    expect(manifestModel(parsed)).toEqual({ path: 'm.yaml', name: 'm', sha256: parsed.sha256, inputs: [{ path: 'd.csv', sha256: sha(CSV) }] });
  });
});

describe('munisim run', () => {
  it('writes the inputs into manifest.json', () => {
    const work = mkdtempSync(join(tmpdir(), 'munisim-manifest-'));
    writeFileSync(join(work, 'm.yaml'), model('{ csv: data.csv, column: shells, per: day }'));
    writeFileSync(join(work, 'data.csv'), CSV);
    const result = munisim(['run', 'm.yaml', '--out', 'out', '--quiet'], { cwd: work });
    expect(result.code, result.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(work, 'out', 'manifest.json'), 'utf8')) as { model: { inputs: unknown } };
    expect(manifest.model.inputs).toEqual([{ path: 'data.csv', sha256: sha(CSV) }]);
  });
});
