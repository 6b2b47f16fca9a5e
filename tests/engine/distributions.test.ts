/** Lead-time variates: degenerate distributions give their value exactly and keep the stream in step. */
import { describe, expect, it } from 'vitest';
import { sampleDistribution } from '../../src/engine/distributions.js';
import { randomStream } from '../../src/engine/random.js';
import type { Distribution } from '../../src/model/model.js';

/** Tables of one day: quantity k has value values[k]. */
const tables = (...values: number[]) => values.map((v) => Float64Array.of(v));

describe('sampleDistribution', () => {
  it.each<[string, Distribution, Float64Array[], number]>([
    ['lognormal mean 3 sd 0', { kind: 'lognormal', mean: 0, sd: 1 }, tables(3, 0), 3],
    ['lognormal mean 8.2 sd 0', { kind: 'lognormal', mean: 0, sd: 1 }, tables(8.2, 0), 8.2],
    ['normal mean 3 sd 0', { kind: 'normal', mean: 0, sd: 1 }, tables(3, 0), 3],
    ['uniform 3 to 3', { kind: 'uniform', min: 0, max: 1 }, tables(3, 3), 3],
    ['triangular 3, 3, 3', { kind: 'triangular', min: 0, mode: 1, max: 2 }, tables(3, 3, 3), 3],
  ])('%s is exactly its value', (_name, dist, values, expected) => {
    expect(sampleDistribution(dist, values, 0, randomStream(1, 'test'))).toBe(expected);
  });

  it('a lognormal with sd 0 draws as one with spread does, so later draws are unchanged', () => {
    const flat = randomStream(7, 'test');
    const spread = randomStream(7, 'test');
    sampleDistribution({ kind: 'lognormal', mean: 0, sd: 1 }, tables(3, 0), 0, flat);
    sampleDistribution({ kind: 'lognormal', mean: 0, sd: 1 }, tables(3, 1), 0, spread);
    expect(flat.random()).toBe(spread.random());
  });
});
