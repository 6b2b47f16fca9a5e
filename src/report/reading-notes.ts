/**
 * Reading notes: what the numbers say, in sentences a planner can act on. Each note is computed from the
 * results it describes, with the thresholds stated here; a note is only written when its condition holds.
 */
import { formatCompact, formatIndex, formatNumber, formatPercent, formatPercentRange } from '../base/format.js';
import { joinNames, name, type Rich } from './report-document.js';
import { rankMorris, rankOat, rankSobol, swing } from './rankings.js';
import type {
  FanPoint,
  MorrisResult,
  OatResult,
  SensitivityMethod,
  SeriesIndexPoint,
  SobolResult,
} from '../analysis/sensitivity-data.js';

/** How many leading parameters a note names. */
const TOP = 3;
/** Morris: σ/μ* above this suggests interactions or non-linearity (a common rule of thumb). */
const INTERACTION_RATIO = 1;
/** Morris: μ* below this share of the largest μ* counts as negligible. */
const NEGLIGIBLE_SHARE = 0.05;
/** Morris: |μ| below this share of μ* means effects of both signs cancel out. */
const SIGN_CHANGE_SHARE = 0.5;
/** Sobol: S1 from this share up earns its own sentence (after the first). */
const NOTABLE_S1 = 0.05;
/** Sobol: ST − S1 from this much up counts as acting through interactions. */
const INTERACTION_GAP = 0.1;
/** Sobol: an upper ST bound below this marks a parameter that could be fixed. */
const NON_INFLUENTIAL_ST = 0.05;
/** Sobol: intervals wider than this are called wide. */
const WIDE_INTERVAL = 0.3;
/** Slack for comparing sums and differences of indices with the thresholds above (0.3 − 0.2 < 0.1 in floating point). */
const EPS = 1e-9;
/** Replication noise: from this share up it is called large. */
const LARGE_NOISE = 0.3;

/** Notes on one-at-a-time results of one output. */
export function oatNotes(output: string, rows: OatResult[]): Rich[] {
  if (rows.length === 0) return [];
  const ranked = rankOat(rows);
  const [first, ...rest] = ranked;
  const notes: Rich[] = [
    [
      name(first.parameter),
      ' has the largest effect on ',
      name(output),
      `: from ${formatCompact(first.low)} at its min to ${formatCompact(first.high)} at its max (base case ${formatCompact(first.base)}).`,
    ],
  ];
  const next = rest.slice(0, TOP - 1).filter((row) => swing(row) > 0);
  if (next.length > 0) {
    notes.push([
      'Next come ',
      ...next.flatMap((row, i): Rich => [
        i === 0 ? '' : i === next.length - 1 ? ' and ' : ', ',
        name(row.parameter),
        ` (swing ${formatCompact(swing(row))})`,
      ]),
      '.',
    ]);
  }
  const sameSide = ranked.filter(
    (row) => (row.low > row.base && row.high > row.base) || (row.low < row.base && row.high < row.base),
  );
  if (sameSide.length > 0) {
    notes.push([
      'For ',
      ...joinNames(sameSide.map((row) => row.parameter)),
      ' both ends of the range move the output the same way: the effect is not monotone, and the swing understates it.',
    ]);
  }
  const inert = ranked.filter((row) => swing(row) === 0 && row.low === row.base);
  if (inert.length > 0) {
    notes.push([...joinNames(inert.map((row) => row.parameter)), ` leave${inert.length === 1 ? 's' : ''} the output unchanged at both ends of ${inert.length === 1 ? 'its range' : 'their ranges'}.`]);
  }
  notes.push(['One-at-a-time changes cannot show interactions between parameters; a Morris or Sobol analysis can.']);
  return notes;
}

/** Notes on Morris results of one output. */
export function morrisNotes(output: string, rows: MorrisResult[]): Rich[] {
  if (rows.length === 0) return [];
  const ranked = rankMorris(rows);
  const top = ranked.slice(0, TOP);
  const notes: Rich[] = [
    [
      'μ* ranks ',
      ...joinNames(top.map((row) => row.parameter)),
      top.length === 1 ? ' as the most influential parameter for ' : ' as the most influential parameters for ',
      name(output),
      ` (μ* = ${top.map((row) => formatNumber(row.muStar)).join(', ')}).`,
    ],
  ];
  const [a, b] = ranked;
  if (a && b && a.muStarConf !== undefined && b.muStarConf !== undefined && a.muStar - a.muStarConf <= b.muStar + b.muStarConf) {
    notes.push([
      'The confidence intervals of μ* for ',
      name(a.parameter),
      ' and ',
      name(b.parameter),
      ' overlap, so their order is uncertain.',
    ]);
  }
  const interacting = ranked.filter((row) => row.muStar > 0 && row.sigma / row.muStar > INTERACTION_RATIO);
  if (interacting.length > 0) {
    notes.push([
      'σ/μ* > 1 for ',
      ...joinNames(interacting.map((row) => row.parameter)),
      ' suggests interactions or non-linearity: the effect depends on where the other parameters are.',
    ]);
  } else {
    notes.push(['No parameter has σ/μ* > 1: the effects look mostly additive and close to linear.']);
  }
  const signChanging = ranked.filter((row) => row.muStar > 0 && Math.abs(row.mu) < SIGN_CHANGE_SHARE * row.muStar);
  if (signChanging.length > 0) {
    notes.push([
      'For ',
      ...joinNames(signChanging.map((row) => row.parameter)),
      ', |μ| is well below μ*: raising the parameter helps in some places and hurts in others.',
    ]);
  }
  const largest = ranked[0].muStar;
  const negligible = ranked.filter((row) => largest > 0 && row.muStar < NEGLIGIBLE_SHARE * largest);
  if (negligible.length > 0) {
    notes.push([
      ...joinNames(negligible.map((row) => row.parameter)),
      negligible.length === 1 ? ' has' : ' have',
      ` μ* below ${formatPercent(NEGLIGIBLE_SHARE)} of the largest; ${negligible.length === 1 ? 'it' : 'they'} could be fixed at base values in further runs.`,
    ]);
  }
  return notes;
}

/** Notes on Sobol results of one output. */
export function sobolNotes(output: string, rows: SobolResult[]): Rich[] {
  if (rows.length === 0) return [];
  const byS1 = [...rows].sort((a, b) => b.S1 - a.S1);
  const notes: Rich[] = byS1
    .slice(0, TOP)
    .filter((row, i) => i === 0 || row.S1 >= NOTABLE_S1 - EPS)
    .map((row) => [
      name(row.parameter),
      ` explains ${formatPercent(row.S1)} (${formatPercentRange(row.S1Low, row.S1High)}) of the variance of `,
      name(output),
      ' on its own (first-order index S1).',
    ]);
  const sumS1 = rows.reduce((sum, row) => sum + row.S1, 0);
  if (sumS1 > 1.05 + EPS) {
    notes.push([`The first-order indices add up to ${formatPercent(sumS1)}, more than the whole variance: a sign of estimation error, which a larger sample would reduce.`]);
  } else if (sumS1 >= 0.95 - EPS) {
    notes.push([`The first-order indices add up to ${formatPercent(sumS1)}: `, name(output), ' is close to additive in these parameters.']);
  } else {
    notes.push([
      `The first-order indices add up to ${formatPercent(sumS1)}; the other ${formatPercent(1 - sumS1)} of the variance comes from interactions between parameters (or from noise).`,
    ]);
  }
  const interacting = rankSobol(rows).filter((row) => row.ST - row.S1 >= INTERACTION_GAP - EPS);
  for (const row of interacting) {
    notes.push([
      name(row.parameter),
      ` acts largely through interactions: ST ${formatIndex(row.ST)} against S1 ${formatIndex(row.S1)}.`,
    ]);
  }
  const fixable = rankSobol(rows).filter((row) => row.STHigh < NON_INFLUENTIAL_ST);
  if (fixable.length > 0) {
    notes.push([
      'ST stays below ',
      formatPercent(NON_INFLUENTIAL_ST),
      ' for ',
      ...joinNames(fixable.map((row) => row.parameter)),
      ` even at the top of ${fixable.length === 1 ? 'its' : 'their'} interval: fixing ${fixable.length === 1 ? 'it' : 'them'} anywhere in range would barely change the variance of `,
      name(output),
      '.',
    ]);
  }
  const widest = Math.max(...rows.flatMap((row) => [row.S1High - row.S1Low, row.STHigh - row.STLow]));
  if (widest > WIDE_INTERVAL) {
    notes.push([`Some intervals are wide (up to ${formatIndex(widest)}); a larger sample size would narrow them.`]);
  }
  return notes;
}

/** The note on replication noise for one output, if its share is known. */
export function noiseNote(output: string, share: number | undefined, method: SensitivityMethod): Rich[] {
  if (share === undefined || !Number.isFinite(share)) return [];
  const note: Rich = ['Replication noise accounts for ', formatPercent(share), ' of the variance of ', name(output), ' across runs'];
  if (method === 'sobol') note.push(`, so the parameters together can explain at most about ${formatPercent(1 - share)}`);
  note.push(
    share >= LARGE_NOISE
      ? '. That is a large share: more replications per sample point would sharpen the results.'
      : '.',
  );
  return [note];
}

/** Notes on one time-resolved index of one metric: who leads at the end, and when the lead changes. */
export function seriesNotes(metric: string, index: string, points: SeriesIndexPoint[]): Rich[] {
  const dates = [...new Set(points.map((p) => p.date))].sort();
  if (dates.length === 0) return [];
  const leaderOn = (date: string) =>
    points.filter((p) => p.date === date).reduce((best, p) => (p.value > best.value ? p : best));
  const last = leaderOn(dates[dates.length - 1]);
  const notes: Rich[] = [
    [`On ${last.date}, `, name(last.parameter), ` has the highest ${index} of `, name(metric), ` (${formatIndex(last.value)}).`],
  ];
  const changes: SeriesIndexPoint[] = [];
  for (const date of dates) {
    const leader = leaderOn(date);
    if (changes.length === 0 || changes[changes.length - 1].parameter !== leader.parameter) changes.push(leader);
  }
  if (changes.length > 1) {
    notes.push([
      'The leading parameter changes over time: ',
      ...changes.flatMap((p, i): Rich => [i === 0 ? '' : ', then ', name(p.parameter), ` from ${p.date}`]),
      '.',
    ]);
  }
  return notes;
}

/** Notes on a fan chart: each series' median and 5–95 % range on the last date. */
export function fanNotes(points: FanPoint[]): Rich[] {
  const series = [...new Set(points.map((p) => p.series))];
  return series.map((s) => {
    const own = points.filter((p) => p.series === s).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const last = own[own.length - 1];
    return [
      `On ${last.date}, the median of `,
      name(s),
      ` is ${formatNumber(last.p50)} (5–95 %: ${formatNumber(last.p05)} to ${formatNumber(last.p95)}).`,
    ];
  });
}
