// Types of bin/load-bundle.js, for the tests that check it.
export function loadBundle(file: string | URL, options?: { label?: string }): {
  exports: Record<string, unknown>;
  cache: 'used' | 'refused' | 'none';
  saveCache: () => void;
};
export function writeAtomic(path: string, data: string | Uint8Array): void;
