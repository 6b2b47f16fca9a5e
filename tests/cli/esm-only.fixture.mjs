// An ES module for tests/cli/load-bundle.test.ts to import() from a bundle that came out of V8's code cache.
export const answer = 42;
