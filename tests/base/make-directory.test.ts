/** makeDirectory: missing parents made one level at a time, and an error where Node's recursive mkdir would spin. */
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectory } from '../../src/base/make-directory.js';

describe('makeDirectory', () => {
  const root = mkdtempSync(join(tmpdir(), 'munisim-mkdir-'));

  it('makes every missing level, and accepts a folder that exists', () => {
    const deep = join(root, 'a', 'b', 'c');
    makeDirectory(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(() => makeDirectory(deep)).not.toThrow();
  });

  it('throws ENOTDIR under a file', () => {
    writeFileSync(join(root, 'file'), 'x');
    expect(() => makeDirectory(join(root, 'file', 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it('throws ENOENT at once under /proc, which takes no new entries', () => {
    expect(() => makeDirectory('/proc/munisim-test/out')).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'mkdir', path: '/proc/munisim-test' }));
    expect(existsSync('/proc/munisim-test')).toBe(false);
  });
});
