/**
 * tinypool, imported once. It is an ES module only, and the CLI bundle is CommonJS (bin/bundle.js),
 * where a static import would become a require(): so it is imported, before the first pool is made.
 */
import type TinypoolClass from 'tinypool';
import { importEsm } from '../../base/import-esm.js';

export type Tinypool = TinypoolClass;
export type TinypoolConstructor = typeof TinypoolClass;

let loaded: TinypoolConstructor | undefined;

export async function loadTinypool(): Promise<TinypoolConstructor> {
  loaded ??= (await importEsm<typeof import('tinypool')>('tinypool')).default;
  return loaded;
}

/** tinypool if it is already loaded, so that a pool can start its threads at once. */
export function loadedTinypool(): TinypoolConstructor | undefined {
  return loaded;
}
