/**
 * Lead-time variates. Arguments come from the scenario's day tables, so a distribution may follow
 * parameters and events. Normal is truncated at 0 by rejection; lognormal takes the mean and
 * standard deviation of the variable itself (not of its logarithm). A degenerate distribution
 * (sd 0, min = max) returns its value exactly, and still draws, so streams stay in step. A lead time within
 * 1e-9 (relative) of a whole number of days is that whole number, so "0.1 * 30" (3.0000000000000004) days
 * lands on day 3's tick, not just after it.
 */
import type { Distribution } from '../model/model.js';
import type { SimRandom } from './random.js';

/** Relative tolerance within which a lead time counts as a whole number of days. */
export const WHOLE_DAY_TOLERANCE = 1e-9;

/** `days` snapped to the nearest whole number when it is within the tolerance of it, else unchanged. */
export function snapToWholeDays(days: number): number {
  const whole = Math.round(days);
  return Math.abs(days - whole) <= WHOLE_DAY_TOLERANCE * Math.max(1, Math.abs(days)) ? whole : days;
}

/** One variate of `dist` (days) with its arguments as on `day`, snapped to a whole day when within 1e-9 of one. */
export function sampleDistribution(dist: Distribution, tables: Float64Array[], day: number, random: SimRandom): number {
  return snapToWholeDays(drawDistribution(dist, tables, day, random));
}

function drawDistribution(dist: Distribution, tables: Float64Array[], day: number, random: SimRandom): number {
  switch (dist.kind) {
    case 'fixed':
      return tables[dist.value][day];
    case 'uniform': // min + (max − min) · u: exactly min when max = min
      return random.uniform(tables[dist.min][day], tables[dist.max][day]);
    case 'triangular': {
      const min = tables[dist.min][day];
      const max = tables[dist.max][day];
      if (max <= min) { random.random(); return min; } // degenerate: keep the stream in step
      return random.triangular(min, max, tables[dist.mode][day]);
    }
    case 'normal': {
      const mean = tables[dist.mean][day];
      const sd = tables[dist.sd][day]; // mean + sd · z: exactly the mean when sd = 0
      for (let attempt = 0; attempt < 1000; attempt++) {
        const x = random.normal(mean, sd);
        if (x >= 0) return x;
      }
      return 0;
    }
    case 'lognormal': {
      const mean = tables[dist.mean][day];
      const sd = tables[dist.sd][day];
      // exp(log(3)) is 2.9999999999999996: with no spread the mean itself is the answer.
      if (sd <= 0) { random.normal(0, 1); return mean; }
      const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
      return Math.exp(Math.log(mean) - sigma2 / 2 + Math.sqrt(sigma2) * random.normal(0, 1));
    }
  }
}

/** The last cv given to noiseFactor, and its σ² / 2 and σ: a front's cv is the same day after day. */
let noiseCv = NaN, noiseHalfSigma2 = 0, noiseSigma = 0;

/** A multiplier with mean 1 and coefficient of variation `cv` (lognormal); exactly 1 when cv = 0. */
export function noiseFactor(cv: number, random: SimRandom): number {
  const z = random.normal(0, 1); // drawn even when cv = 0, so streams stay aligned across scenarios
  if (cv <= 0) return 1;
  if (cv !== noiseCv) {
    const sigma2 = Math.log(1 + cv * cv);
    noiseCv = cv;
    noiseHalfSigma2 = sigma2 / 2;
    noiseSigma = Math.sqrt(sigma2);
  }
  return Math.exp(-noiseHalfSigma2 + noiseSigma * z);
}
