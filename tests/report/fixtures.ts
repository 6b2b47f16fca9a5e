/**
 * Hand-made sensitivity results for the report tests: small, with round numbers whose readings can be
 * worked out by hand, and one parameter name full of markup characters to prove escaping.
 */
import type { SensitivityReportData } from '../../src/report/sensitivity-report.js';

/** A parameter name that would break HTML and Markdown if it were not escaped. */
export const NASTY = 'rail<b>&"delay"|`x`';

const base: Omit<SensitivityReportData, 'method'> = {
  modelName: 'Theatre <east>',
  modelPath: 'models/theatre-east.yaml',
  createdWith: 'munisim sensitivity models/theatre-east.yaml --method sobol -n 1024',
  parameters: [
    { name: 'nk_output', min: 20_000, max: 60_000, value: 40_000, unit: 'rounds/month', source: 'Plant survey 2024' },
    { name: 'front_demand', min: 1_000, max: 3_000, value: 2_000, unit: 'rounds/day', source: 'Staff estimate' },
    { name: NASTY, min: 2, max: 10, value: 5, unit: 'days' },
    { name: 'stock_initial', min: 0, max: 500_000, value: 250_000, unit: 'rounds' },
  ],
  outputs: ['shortfall_total', 'fill_rate'],
  sampleSize: 1024,
  replications: 5,
  noiseShare: { shortfall_total: 0.12, fill_rate: 0.35 },
  warnings: ['3 of 5,120 runs failed and were left out <see runs/failed.csv>'],
};

/** One-at-a-time: for shortfall_total, swings are 2.2M (front_demand), 1.5M (nk_output), 0.3M (NASTY), 0 (stock_initial). */
export const oatData: SensitivityReportData = {
  ...base,
  method: 'oat',
  oat: [
    { output: 'shortfall_total', parameter: 'nk_output', low: 2_900_000, high: 1_400_000, base: 2_000_000 },
    { output: 'shortfall_total', parameter: 'front_demand', low: 1_200_000, high: 3_400_000, base: 2_000_000 },
    { output: 'shortfall_total', parameter: NASTY, low: 1_900_000, high: 2_200_000, base: 2_000_000 },
    { output: 'shortfall_total', parameter: 'stock_initial', low: 2_000_000, high: 2_000_000, base: 2_000_000 },
    { output: 'fill_rate', parameter: 'nk_output', low: 0.7, high: 0.95, base: 0.85 },
    { output: 'fill_rate', parameter: 'front_demand', low: 0.93, high: 0.72, base: 0.85 },
    { output: 'fill_rate', parameter: NASTY, low: 0.86, high: 0.87, base: 0.85 },
    { output: 'fill_rate', parameter: 'stock_initial', low: 0.8, high: 0.88, base: 0.85 },
  ],
};

/** Morris: μ* order for shortfall_total is front_demand (5000) > NASTY (3000) > nk_output (2000) > stock_initial (100). */
export const morrisData: SensitivityReportData = {
  ...base,
  method: 'morris',
  morris: [
    { output: 'shortfall_total', parameter: 'nk_output', muStar: 2000, mu: -1900, sigma: 500, muStarConf: 300 },
    { output: 'shortfall_total', parameter: 'front_demand', muStar: 5000, mu: 4800, sigma: 1500, muStarConf: 600 },
    { output: 'shortfall_total', parameter: NASTY, muStar: 3000, mu: 400, sigma: 4500, muStarConf: 900 },
    { output: 'shortfall_total', parameter: 'stock_initial', muStar: 100, mu: -100, sigma: 50, muStarConf: 40 },
    { output: 'fill_rate', parameter: 'nk_output', muStar: 0.08, mu: 0.08, sigma: 0.02 },
    { output: 'fill_rate', parameter: 'front_demand', muStar: 0.12, mu: -0.12, sigma: 0.03 },
    { output: 'fill_rate', parameter: NASTY, muStar: 0.01, mu: -0.01, sigma: 0.005 },
    { output: 'fill_rate', parameter: 'stock_initial', muStar: 0.05, mu: 0.05, sigma: 0.06 },
  ],
};

/** Sobol: ST order for shortfall_total is nk_output (0.70) > front_demand (0.30) > NASTY (0.12) > stock_initial (0.01). */
export const sobolData: SensitivityReportData = {
  ...base,
  method: 'sobol',
  sobol: [
    { output: 'shortfall_total', parameter: 'front_demand', S1: 0.2, S1Low: 0.15, S1High: 0.26, ST: 0.3, STLow: 0.25, STHigh: 0.36 },
    { output: 'shortfall_total', parameter: 'nk_output', S1: 0.612, S1Low: 0.523, S1High: 0.701, ST: 0.7, STLow: 0.62, STHigh: 0.78 },
    { output: 'shortfall_total', parameter: NASTY, S1: 0.01, S1Low: -0.02, S1High: 0.04, ST: 0.12, STLow: 0.08, STHigh: 0.16 },
    { output: 'shortfall_total', parameter: 'stock_initial', S1: 0.002, S1Low: -0.01, S1High: 0.012, ST: 0.01, STLow: 0.004, STHigh: 0.02 },
    { output: 'fill_rate', parameter: 'front_demand', S1: 0.5, S1Low: 0.4, S1High: 0.6, ST: 0.55, STLow: 0.45, STHigh: 0.65 },
    { output: 'fill_rate', parameter: 'nk_output', S1: 0.3, S1Low: 0.2, S1High: 0.4, ST: 0.35, STLow: 0.25, STHigh: 0.45 },
    { output: 'fill_rate', parameter: NASTY, S1: 0.05, S1Low: 0.0, S1High: 0.1, ST: 0.08, STLow: 0.03, STHigh: 0.13 },
    { output: 'fill_rate', parameter: 'stock_initial', S1: 0.1, S1Low: 0.05, S1High: 0.15, ST: 0.12, STLow: 0.07, STHigh: 0.17 },
  ],
  series: ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30'].flatMap((date, t) => [
    { metric: 'cumulative_shortfall', date, parameter: 'nk_output', index: 'ST', value: 0.2 + 0.15 * t },
    { metric: 'cumulative_shortfall', date, parameter: 'front_demand', index: 'ST', value: 0.6 - 0.1 * t },
    { metric: 'cumulative_shortfall', date, parameter: NASTY, index: 'ST', value: 0.1 },
    { metric: 'cumulative_shortfall', date, parameter: 'stock_initial', index: 'ST', value: 0.3 - 0.1 * t },
  ]),
  fan: ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30'].flatMap((date, t) => [
    { date, series: 'produced', p05: 30_000 + 10_000 * t, p50: 40_000 + 12_000 * t, p95: 50_000 + 15_000 * t },
    { date, series: 'consumed', p05: 45_000 + 8_000 * t, p50: 55_000 + 9_000 * t, p95: 70_000 + 11_000 * t },
  ]),
  fanLabel: 'Rounds per month',
};
