import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceFileSync, temporaryPath, writeFileAtomic } from '../../src/base/atomic-write.js';

const folder = () => mkdtempSync(join(tmpdir(), 'munisim-atomic-'));

describe('atomic writes', () => {
  it('names the temporary beside the file, by process', () => {
    expect(temporaryPath('/a/b/summary.csv')).toBe(`/a/b/.summary.csv.tmp-${process.pid}`);
    expect(temporaryPath('/a/b/summary.csv', '/a/.tmp')).toBe(`/a/.tmp/.summary.csv.tmp-${process.pid}`);
  });

  it('replaces the whole content and leaves no temporary', () => {
    const dir = folder();
    const path = join(dir, 'manifest.json');
    writeFileSync(path, 'old');
    writeFileAtomic(path, 'new content');
    expect(readFileSync(path, 'utf8')).toBe('new content');
    expect(readdirSync(dir)).toEqual(['manifest.json']);
  });

  it('keeps the old file and removes the temporary when the writer throws', () => {
    const dir = folder();
    const path = join(dir, 'aggregate.csv');
    writeFileSync(path, 'old');
    expect(() => replaceFileSync(path, (tmp) => { writeFileSync(tmp, 'half'); throw new Error('disk full'); })).toThrow('disk full');
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['aggregate.csv']);
  });

  it('creates a file that did not exist', () => {
    const dir = folder();
    replaceFileSync(join(dir, 'new.csv'), (tmp) => writeFileSync(tmp, 'a,b\n'));
    expect(existsSync(join(dir, 'new.csv'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['new.csv']);
  });
});
