// Types of bin/bundle.js, for the tests that check the bundle and its cache.
import type { BuildOptions } from 'esbuild';

export const root: string;
export const EXTERNAL: string[];
export function sourceFiles(base?: string): string[];
export function contentHash(files: string[]): string;
export function sourceHash(base?: string, manifestFile?: string): string;
export function bundleOptions(base: string, outdir: string): BuildOptions;
export function bundledEntry(): Promise<string>;
