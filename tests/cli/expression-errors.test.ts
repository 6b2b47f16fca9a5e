/**
 * Expression mistakes end to end: `munisim run` on a model whose expression is wrong exits 2 with the
 * file, line and what was expected, writes nothing, and shows no stack trace.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { munisim } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-expr-'));
const quickstart = readFileSync('models/quickstart.yaml', 'utf8');
const demandLine = quickstart.split('\n').findIndex((line) => line.includes('demand: "front_demand')) + 1;

/** The quickstart model with one text replaced, written to `name`. */
function variant(name: string, from: string, to: string): string {
  if (!quickstart.includes(from)) throw new Error(`models/quickstart.yaml no longer contains ${from}`);
  const file = join(work, name);
  writeFileSync(file, quickstart.replace(from, to));
  return file;
}

describe('munisim run refuses a bad expression', () => {
  it.each([
    // Before: exit 0, demand 0 every day and fill rate 1.
    ['a missing argument', variant('step.yaml', 'demand: "front_demand * demand_surge * (t < 120 ? 1 : 1.5)"', 'demand: "front_demand * step(t)"'),
      new RegExp(`step\\.yaml:${demandLine}:\\d+: consumers\\[0\\]\\.demand: "front_demand \\* step\\(t\\)": step takes 2 arguments \\(t, t0\\), got 1`)],
    // Before: exit 1, "internal error" and a stack trace.
    ['digits out of range', variant('round.yaml', 'demand: "front_demand * demand_surge * (t < 120 ? 1 : 1.5)"', 'demand: "round(front_demand, 1e9)"'),
      new RegExp(`round\\.yaml:${demandLine}:\\d+: consumers\\[0\\]\\.demand: .*digits must be a whole number from 0 to 15`)],
    ['a parameter named end', variant('end.yaml', '  nk_output:', '  end: 1\n  nk_output:'), /end\.yaml:8:\d+: parameters\.end: "end" is reserved in expressions/],
  ])('%s: exit 2 with file:line', (_label, file, message) => {
    const out = join(work, `never-${Math.random()}`);
    const result = munisim(['run', file, '--out', out]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses --set __proto__=3, which would vanish without a word', () => {
    const result = munisim(['run', 'models/quickstart.yaml', '--set', '__proto__=3', '--out', join(work, 'proto')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--set __proto__=3: "__proto__" is a reserved name/);
  });
});
