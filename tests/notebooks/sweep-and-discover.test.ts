/**
 * The sweep-and-discover notebook, executed (see notebook.ts): an LHS sweep of the quickstart model charted
 * against both parameters, and a PRIM box for fill_rate < 0.8 that restricts front_demand from below and
 * leaves nk_output free (the route, not the plants, limits deliveries), stated in the answer.
 */
import { expect, it } from 'vitest';
import { describeNotebook } from './notebook.js';

interface Limit { parameter: string; restricted: boolean; low: number; high: number }

describeNotebook('sweep-and-discover.ipynb', (executed) => {
  it('charts the fill rate against each parameter', () => {
    expect(executed().displays('[chart: Fill rate against front_demand')).toHaveLength(1);
    expect(executed().displays('[chart: Fill rate against nk_output')).toHaveLength(1);
  });

  it('finds a box that needs high demand and any North Korean output, and says so', () => {
    const [table] = executed().displays('The first box');
    const limits = table.data?.['application/json'] as Limit[];
    const demand = limits.find((l) => l.parameter === 'front_demand')!;
    expect(demand.restricted).toBe(true);
    expect(demand.low).toBeGreaterThan(10_000); // the box starts above the bottom of the range…
    expect(demand.high).toBe(40_000); // …and runs to its top: more demand, lower fill
    expect(limits.find((l) => l.parameter === 'nk_output')!.restricted).toBe(false);
    expect(executed().stdout).toMatch(/Answer: the fill rate falls below 80 % when front_demand between [\d,]+ and 40,000 .*; nk_output does not decide it over its range\./);
  });
});
