/**
 * import() of a package that is an ES module only (tinypool, vega, vega-lite). The CLI bundle is
 * CommonJS, run from V8's code cache by bin/load-bundle.js, and V8 gives code from that cache no
 * way to import(): so the loader hands the bundle `__munisimImport`, which imports from outside it.
 */
declare const __munisimImport: ((specifier: string) => Promise<unknown>) | undefined;

export function importEsm<T>(specifier: string): Promise<T> {
  return (typeof __munisimImport === 'function' ? __munisimImport(specifier) : import(specifier)) as Promise<T>;
}
