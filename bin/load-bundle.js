// Runs a CLI bundle (CommonJS, built by bin/bundle.js) with V8's code cache beside it. Node 20 has
// no code cache for ES modules, so a start parsed and compiled the same megabyte of JavaScript every
// time, and compiled each function again at its first call: about a third of a one-run command.
// With the cache, V8 takes the compiled code from a file instead. The cache is only ever a speed-up:
// V8 checks it against the source and its own version and flags, and compiles afresh if it does not
// match; every behaviour is the bundle's own. V8 does not check the cache's contents (damaged, it
// can crash the process), so the file starts with their sha256, checked before V8 sees them.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

/**
 * The parameters a bundle's code sees, as a CommonJS module does, plus its own URL for
 * `import.meta.url` and an import() (src/base/import-esm.ts): V8 gives code from a cache no way to call
 * Node's, and packages that are ES modules only (tinypool, vega) cannot be required.
 */
const WRAPPER = ['exports', 'require', 'module', '__filename', '__dirname', '__munisimModuleUrl', '__munisimImport'];

/**
 * Runs the bundle `file` (a path or file URL) and returns its exports, whether its code cache was
 * used, and `saveCache`. The cache holds the code compiled by the processes that saved it, so
 * `label` names what this one runs (a command): `saveCache` writes a new cache (what the old one
 * held and what this process compiled since) when there was none, when V8 refused it, or when no
 * process of this label has saved it yet. Otherwise it does nothing, so most starts only read.
 * @returns {{ exports: Record<string, unknown>, cache: 'used' | 'refused' | 'none', saveCache: () => void }}
 */
export function loadBundle(file, { label = '' } = {}) {
  const path = typeof file === 'string' && !file.startsWith('file:') ? file : fileURLToPath(file);
  const cacheFile = `${path}.${runtimeTag()}.v8-cache`;
  const labelsFile = `${cacheFile}.json`;
  const source = readFileSync(path, 'utf8');
  const stored = readOrUndefined(cacheFile);
  const cachedData = stored === undefined ? undefined : intact(stored);
  const script = new Script(`(function (${WRAPPER.join(', ')}) {${source}\n})`, {
    filename: path,
    cachedData,
  });
  const cache = stored === undefined ? 'none' : cachedData === undefined || script.cachedDataRejected ? 'refused' : 'used';
  const labels = cache === 'used' ? savedLabels(labelsFile) : [];
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(path), module, path, dirname(path), pathToFileURL(path).href, (specifier) => import(specifier));
  let saved = labels.includes(label);
  const saveCache = () => {
    if (saved) return;
    saved = true;
    try {
      const data = script.createCachedData();
      writeAtomic(cacheFile, Buffer.concat([sha256(data), data]));
      writeAtomic(labelsFile, JSON.stringify([...labels, label]));
    } catch {
      // A cache that cannot be written (a read-only folder) only means the next start compiles again.
    }
  };
  return { exports: module.exports, cache, saveCache };
}

/**
 * Which Node and which flags the cache is for: V8 refuses a cache made under other flags, so each set
 * keeps its own (otherwise runs alternating between two sets would each replace the other's).
 */
function runtimeTag() {
  const runtime = [process.version, ...process.execArgv, process.env.NODE_OPTIONS ?? ''].join('\0');
  return sha256(runtime).toString('hex').slice(0, 12);
}

const DIGEST_BYTES = 32;

function sha256(data) {
  return createHash('sha256').update(data).digest();
}

/** The V8 data of a cache file whose digest matches them, else undefined. */
function intact(bytes) {
  const data = bytes.subarray(DIGEST_BYTES);
  return bytes.length > DIGEST_BYTES && sha256(data).equals(bytes.subarray(0, DIGEST_BYTES)) ? data : undefined;
}

function readOrUndefined(path) {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function savedLabels(path) {
  try {
    const labels = JSON.parse(readFileSync(path, 'utf8'));
    return Array.isArray(labels) ? labels.filter((label) => typeof label === 'string') : [];
  } catch {
    return [];
  }
}

/** Another process may be reading the file: it sees the old one or the new one, never half of one. */
export function writeAtomic(path, data) {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
