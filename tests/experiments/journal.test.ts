/**
 * The journal of a sensitivity study read back: torn lines (a crash mid-write) are skipped and
 * their tasks run again; a whole line that is not a task is refused with the file and line.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/experiments/journal.js';
import { UserError } from '../../src/model/errors.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-journal-'));
const isTask = (entry: unknown) => (entry !== null && typeof entry === 'object' && Number.isInteger((entry as { point?: unknown }).point) ? undefined : `expected a task, got ${JSON.stringify(entry)}`);
let files = 0;
const journalWith = (text: string) => {
  const path = join(work, `j${files++}.ndjson`);
  writeFileSync(path, text);
  return new Journal<{ point: number }>(path);
};

describe('Journal.read', () => {
  it('keeps NaN, skips a torn line, including one the next attempt appended to', () => {
    const journal = journalWith('{"point":0,"v":{"$number":"NaN"}}\n{"point":1,"v"\n{"point":2{"point":3}\n{"point":4}\n{"poi');
    const entries = journal.read(isTask);
    expect(entries.map((e) => e.point)).toEqual([0, 4]);
    expect((entries[0] as unknown as { v: number }).v).toBeNaN();
  });

  it.each([
    ['{}', 2],
    ['null', 2],
    ['[1,2]', 2],
    ['"text"', 2],
  ])('refuses a whole line %s, naming the file and line %i', (line, at) => {
    const journal = journalWith(`{"point":0}\n${line}\n{"point":1}\n`);
    let error: unknown;
    try { journal.read(isTask); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(UserError);
    const [issue] = (error as UserError).issues;
    expect(issue).toMatchObject({ file: journal.path, line: at });
    expect(issue.message).toContain(`not a finished task: expected a task, got ${JSON.stringify(JSON.parse(line))}`);
    expect(issue.hint).toMatch(/--force to start the study again/);
  });

  it('remove deletes the journal, and its folder once no other journal is in it', () => {
    const folder = join(work, 'partial');
    const a = new Journal<{ point: number }>(join(folder, 'a.ndjson'));
    const b = new Journal<{ point: number }>(join(folder, 'b.ndjson'));
    a.append({ point: 0 });
    b.append({ point: 1 });
    a.remove();
    expect(existsSync(a.path)).toBe(false);
    expect(b.read(isTask)).toEqual([{ point: 1 }]);
    b.remove();
    expect(existsSync(folder)).toBe(false);
  });
});
