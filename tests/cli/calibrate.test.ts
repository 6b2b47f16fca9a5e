/** `munisim calibrate` end to end: the files and the summary it prints, --write-model, and refusals with exit 2. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { munisim } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-calibrate-'));
const plain = `name: known
start: 2024-01-01
days: 60
parameters:
  rate: { value: 12, min: 5, max: 15 }   # the factory
munitions: [{ id: m }]
stockpiles: [{ id: a, initial: { m: 50 } }]
factories: [{ id: f, munition: m, to: a, rate: "rate" }]
consumers: [{ id: c, draws_from: [a], munitions: [m], demand: 4 }]
`;
const withTargets = `${plain}targets:\n  - { id: made, metric: produced, of: f, by: 2024-02-29, value: 600, tolerance: 0.05, source: S1 }\n`;
const file = (name: string, text: string) => { const path = join(work, name); writeFileSync(path, text); return path; };

describe('munisim calibrate', () => {
  it('writes the analysis and a narrowed model, and says what each wave left', () => {
    const out = join(work, 'out');
    const model = join(work, 'calibrated.yaml');
    const result = munisim(['calibrate', file('known.yaml', withTargets), '--samples', '20', '-r', '2', '--waves', '2', '--jobs', '1', '--out', out, '--write-model', model]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/wave 1: \d+ % not ruled out \(\d+ of 20\)\n  wave 2: /);
    for (const name of ['implausibility.csv', 'plausible.csv', 'posterior.csv', 'targets.csv', 'conflicts.csv', 'report.html', 'report.md', 'wave-1/summary.csv', 'wave-2/design.csv']) {
      expect(existsSync(join(out, name)), name).toBe(true);
    }
    // produced by day 59 = 60 × rate, so 600 ± 5 % needs rate in [9.5, 10.5].
    const text = readFileSync(model, 'utf8');
    expect(text).toContain('# the factory');
    const [, value, min, max] = /rate: \{ value: ([\d.]+), min: ([\d.]+), max: ([\d.]+) \}/.exec(text)!.map(Number);
    expect(min).toBeGreaterThanOrEqual(9.5 - 0.5);
    expect(max).toBeLessThanOrEqual(10.5 + 0.5);
    expect(value).toBeGreaterThan(9.5);
    expect(value).toBeLessThan(10.5);
  });

  it.each([
    ['a model without targets', ['calibrate', 'PLAIN'], /the model has no targets to calibrate against/],
    ['--days', ['calibrate', 'TARGETS', '--days', '30'], /--days: a calibration runs the model's own horizon/],
    ['an unknown parameter', ['calibrate', 'TARGETS', '--params', 'rat'], /--params.*unknown parameter "rat"/],
    ['too few samples', ['calibrate', 'TARGETS', '--samples', '1'], /--samples: expected a whole number ≥ 2, got 1/],
  ])('refuses %s with exit 2', (_label, args, message) => {
    const paths: Record<string, string> = { PLAIN: file('plain.yaml', plain), TARGETS: file('targets.yaml', withTargets) };
    const result = munisim([...args.map((a) => paths[a] ?? a), '--out', join(work, `refused-${_label.length}`)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
