/** Aggregation of replications: per-KPI mean, sd, 95 % Student-t half-width, min, max, n — against hand computation. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateHeader, aggregateRuns, aggregateSummaryFile, parseAggregateRow, type SweepLayout } from '../../src/experiments/aggregate.js';

// Hand computation for x = 2, 4, 4, 5, 7 (n = 5):
//   mean = 22 / 5 = 4.4; squared deviations 5.76, 0.16, 0.16, 0.36, 6.76 → sum 13.2; sd = √(13.2 / 4) = √3.3
//   t₀.₉₇₅,₄ = 2.7764451051977987 (tables: 2.776); half-width = t · sd / √5 = 2.7764451 · 1.8165902 / 2.2360680
const SD = Math.sqrt(3.3);
const HALF = (2.7764451051977987 * SD) / Math.sqrt(5);

describe('aggregateRuns', () => {
  it('gives mean, sd, the Student-t 95 % half-width, min and max as computed by hand', () => {
    const { x } = aggregateRuns(['x'], [[2], [4], [4], [5], [7]]);
    expect(x!.n).toBe(5);
    expect(x!.mean).toBeCloseTo(4.4, 12);
    expect(x!.sd).toBeCloseTo(SD, 12);
    expect(x!.ciHalfWidth95).toBeCloseTo(HALF, 10);
    expect(HALF).toBeCloseTo(2.2556, 4);
    expect([x!.min, x!.max]).toEqual([2, 7]);
  });

  it('counts each KPI over the runs that have it (a milestone that never happened, a failed run)', () => {
    const result = aggregateRuns(['always', 'sometimes', 'never'], [[1, 10, NaN], [3, undefined, NaN], [5, 20, undefined]]);
    expect(result.always).toMatchObject({ n: 3, mean: 3 });
    expect(result.sometimes).toMatchObject({ n: 2, mean: 15 });
    expect(result.never).toBeUndefined();
  });
});

describe('aggregateSummaryFile', () => {
  it('streams summary.csv one point at a time into aggregate rows, failures counted per point', () => {
    const dir = mkdtempSync(join(tmpdir(), 'munisim-aggregate-'));
    const layout: SweepLayout = { parameters: ['rate'], kpis: ['x', 'first_day'], replications: 5 };
    const summary = join(dir, 'summary.csv');
    const failures = join(dir, 'failures.csv');
    writeFileSync(summary, [
      'point,replication,seed,rate,x,first_day',
      '0,0,1,10,2,',
      '0,1,2,10,4,3',
      '0,2,3,10,4,',
      '0,3,4,10,5,5',
      '0,4,5,10,7,',
      '1,0,1,20,1,1',
      '1,1,2,20,,',
      '1,2,3,20,,',
      '1,3,4,20,3,1',
      '1,4,5,20,2,1',
      '',
    ].join('\n'));
    writeFileSync(failures, 'point,replication,seed,rate,kind,error\n1,1,2,20,user,"bad, really"\n1,2,3,20,user,bad\n');
    const rows: string[][] = [];
    const runs = aggregateSummaryFile(summary, failures, layout, (cells) => rows.push(cells));
    expect(runs).toBe(10);
    expect(rows[0]).toEqual(aggregateHeader(layout));
    expect(rows[0].slice(0, 6)).toEqual(['point', 'rate', 'replications', 'failed', 'x.mean', 'x.sd']);
    expect(rows).toHaveLength(3);

    const point0 = parseAggregateRow(rows[1], layout);
    expect(point0).toMatchObject({ point: 0, parameters: [10], replications: 5, failed: 0 });
    expect(point0.kpis[0]!.mean).toBeCloseTo(4.4, 6);
    expect(point0.kpis[0]!.sd).toBeCloseTo(SD, 6);
    expect(point0.kpis[0]!.ciHalfWidth95).toBeCloseTo(HALF, 6);
    expect(rows[1].slice(4, 10)).toEqual(['4.4', '1.81659', '2.255595', '2', '7', '5']);
    // first_day: 3 and 5 → mean 4, sd √2, half-width t₀.₉₇₅,₁ · √2 / √2 = 12.706205
    expect(rows[1].slice(10, 16)).toEqual(['4', '1.414214', '12.706205', '3', '5', '2']);

    const point1 = parseAggregateRow(rows[2], layout);
    expect(point1).toMatchObject({ point: 1, parameters: [20], failed: 2 });
    expect(point1.kpis[0]).toMatchObject({ n: 3, mean: 2, min: 1, max: 3 });
    expect(rows[2].slice(10, 16)).toEqual(['1', '0', '0', '1', '1', '3']);
  });
});
