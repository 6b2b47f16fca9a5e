/**
 * Ranking tables: the parameters of one output, most influential first, by each method's main measure —
 * swing |high − low| for one-at-a-time, μ* for Morris, total index ST for Sobol. Ties keep input order.
 */
import { formatIndex, formatIndexInterval, formatNumber } from '../base/format.js';
import type { MorrisResult, OatResult, SobolResult } from '../analysis/sensitivity-data.js';
import { name, type Table } from './report-document.js';

/** Swing of a one-at-a-time result: how far the output moves between the parameter's min and max. */
export function swing(row: OatResult): number {
  return Math.abs(row.high - row.low);
}

/** Sort descending by `key`; a stable sort, so equal keys keep their input order. NaN sorts last. */
function rankBy<T>(rows: T[], key: (row: T) => number): T[] {
  const value = (row: T) => (Number.isNaN(key(row)) ? -Infinity : key(row));
  return [...rows].sort((a, b) => value(b) - value(a));
}

/** One-at-a-time results of one output, largest swing first. */
export function rankOat(rows: OatResult[]): OatResult[] {
  return rankBy(rows, swing);
}

/** Morris results of one output, largest μ* first. */
export function rankMorris(rows: MorrisResult[]): MorrisResult[] {
  return rankBy(rows, (row) => row.muStar);
}

/** Sobol results of one output, largest total index ST first. */
export function rankSobol(rows: SobolResult[]): SobolResult[] {
  return rankBy(rows, (row) => row.ST);
}

/** The ranking table of one-at-a-time results (already ranked). */
export function oatTable(output: string, ranked: OatResult[]): Table {
  return {
    key: `oat:${output}`,
    caption: 'Parameters ranked by swing |at max − at min|',
    columns: [
      { title: 'Rank', numeric: true },
      { title: 'Parameter' },
      { title: 'Output at min', numeric: true },
      { title: 'Base case', numeric: true },
      { title: 'Output at max', numeric: true },
      { title: 'Swing', numeric: true },
    ],
    rows: ranked.map((row, i) => [
      String(i + 1),
      name(row.parameter),
      formatNumber(row.low),
      formatNumber(row.base),
      formatNumber(row.high),
      formatNumber(swing(row)),
    ]),
  };
}

/** The ranking table of Morris results (already ranked); a μ* confidence column appears when any row has one. */
export function morrisTable(output: string, ranked: MorrisResult[]): Table {
  const withConf = ranked.some((row) => row.muStarConf !== undefined);
  return {
    key: `morris:${output}`,
    caption: 'Parameters ranked by μ*, the mean absolute elementary effect',
    columns: [
      { title: 'Rank', numeric: true },
      { title: 'Parameter' },
      { title: 'μ*', numeric: true },
      ...(withConf ? [{ title: 'μ* ± (95 % CI)', numeric: true }] : []),
      { title: 'μ', numeric: true },
      { title: 'σ', numeric: true },
      { title: 'σ/μ*', numeric: true },
    ],
    rows: ranked.map((row, i) => [
      String(i + 1),
      name(row.parameter),
      formatNumber(row.muStar),
      ...(withConf ? [row.muStarConf === undefined ? '' : `± ${formatNumber(row.muStarConf)}`] : []),
      formatNumber(row.mu),
      formatNumber(row.sigma),
      row.muStar > 0 ? formatNumber(row.sigma / row.muStar) : '—',
    ]),
  };
}

/** The ranking table of Sobol results (already ranked). */
export function sobolTable(output: string, ranked: SobolResult[]): Table {
  return {
    key: `sobol:${output}`,
    caption: 'Parameters ranked by total index ST (share of variance including interactions)',
    columns: [
      { title: 'Rank', numeric: true },
      { title: 'Parameter' },
      { title: 'S1', numeric: true },
      { title: 'S1 interval', numeric: true },
      { title: 'ST', numeric: true },
      { title: 'ST interval', numeric: true },
      { title: 'ST − S1', numeric: true },
    ],
    rows: ranked.map((row, i) => [
      String(i + 1),
      name(row.parameter),
      formatIndex(row.S1),
      formatIndexInterval(row.S1Low, row.S1High),
      formatIndex(row.ST),
      formatIndexInterval(row.STLow, row.STHigh),
      formatIndex(row.ST - row.S1),
    ]),
  };
}
