/**
 * Calibration of the shipped models against public figures (../shared/domain/reference-figures.md):
 * each model is run over seeds 1..30, each figure is measured on every run, and the median and
 * 5–95 % range are set beside the reported value. A figure is a hit when the median falls inside
 * its accepted range. The tables in docs/models.md are this script's output; the shipped-model
 * tests check the same targets over fewer seeds.
 *
 *   npx tsx scripts/calibrate.ts [model …] [--seeds N] [--set name=value …]
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { quantileSorted } from '../src/analysis/statistics.js';
import { simulate, type RunResult } from '../src/assembly/simulate.js';
import { levelOn, peakWindowTotal as peakWindow, perDayBetween as perDay, totalBetween as total } from '../src/analysis/run-queries.js';
import { dayIndex } from '../src/model/dates.js';
import { parseAssignments } from '../src/model/assignments.js';
import { UserError, formatUserError } from '../src/model/errors.js';
import { withFlags } from '../src/cli/flags.js';
import { loadModel } from '../src/assembly/load-model.js';
import { resolveScenario } from '../src/model/scenario.js';

/** One reported figure and how to measure it on a run. */
export interface Target {
  /** What is measured, as it reads in the table. */
  figure: string;
  /** The reported figure as sources give it, with row ids. */
  reported: string;
  /** The accepted range for the simulated median; `undefined` for context rows (nothing reported). */
  accept?: [number, number];
  /** `input`: the figure also set a parameter, so a hit only shows supply could sustain it. */
  role: 'output' | 'input' | 'context';
  /** The documented outcome; tests check hits, docs explain misses. */
  expect: 'hit' | 'miss' | 'context';
  unit: 'shells' | 'shells/day' | 'share' | 'count' | 'date' | 'shells/month';
  measure: (run: RunResult) => number;
}

export interface Calibration {
  model: string;
  file: string;
  targets: Target[];
}

// ---------------------------------------------------------------------------------------------
// Measures over a run's recorder (src/analysis/run-queries.ts). Windows are [from, until) in calendar
// dates, clipped to the run.

/** Sum of several columns' totals. */
function totals(run: RunResult, columns: string[], from: string, until: string): number {
  return columns.reduce((sum, c) => sum + total(run, c, from, until), 0);
}

const END = '2100-01-01';
const BEGIN = '1900-01-01';

// ---------------------------------------------------------------------------------------------
// North Korea → Russia

const nkDelivered = (run: RunResult, from: string, until: string) =>
  totals(run, ['rajin-dunai.delivered', 'tumangang-khasan.delivered'], from, until);

const NK_RU: Calibration = {
  model: 'north-korea-to-russia',
  file: 'models/north-korea-to-russia.yaml',
  targets: [
    {
      figure: 'Sea voyages Rajin → Dunai/Vostochny, Sep 2023–Mar 2025',
      reported: '64 voyages by 4 ships (T-sea)',
      accept: [58, 70], role: 'output', expect: 'hit', unit: 'count',
      measure: (run) => {
        const p = run.scenario.parameters;
        const perVoyage = Math.floor(p.containers_per_voyage * p.shells_per_container * p.shell_container_share);
        return Math.round(total(run, 'rajin-dunai.shipped', BEGIN, END) / perVoyage);
      },
    },
    {
      figure: 'First public detection of the sea shipments',
      reported: 'shipments from 7 Sep 2023 made public 13 Oct 2023 (est, not a reference row)',
      accept: [day0('2023-08-01', '2023-09-01'), day0('2023-08-01', '2023-10-14')], role: 'output', expect: 'hit', unit: 'date',
      measure: (run) => run.summary['first_detection_day.rajin-dunai'] ?? run.scenario.days,
    },
    {
      figure: 'North Korean shells landed in Russia in 2024',
      reported: '~3M a year (N13)',
      accept: [2_500_000, 3_500_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => nkDelivered(run, '2024-01-01', '2025-01-01'),
    },
    {
      figure: 'North Korean shells landed in Russia, Aug 2023–Mar 2025',
      reported: '≥1.5M received (Q1, T-mass 1.6M, part of the period); ≤7.4M if all 16,000 containers held 152 mm (T-sea × T-box)',
      accept: [1_500_000, 7_400_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => nkDelivered(run, BEGIN, END),
    },
    {
      figure: 'Share of North Korean deliveries found unserviceable',
      reported: 'about half (Q1, Q2)',
      accept: [0.4, 0.6], role: 'input', expect: 'hit', unit: 'share',
      measure: (run) => total(run, 'far-east-west.unserviceable', BEGIN, END) / total(run, 'far-east-west.delivered', BEGIN, END),
    },
    {
      figure: 'North Korean shells (as landed) ÷ Russian fire, 2024',
      reported: 'about half of Russian shells from North Korea (N13)',
      accept: [0.4, 0.6], role: 'output', expect: 'miss', unit: 'share',
      measure: (run) => nkDelivered(run, '2024-01-01', '2025-01-01') / total(run, 'ru-front.consumed', '2024-01-01', '2025-01-01'),
    },
    {
      figure: 'Russian fire, 2024 total',
      reported: '~6M (N13: ~3M from NK is about half) to ~9.9M (C8/C9/C15 daily rates)',
      accept: [5_500_000, 10_500_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, 'ru-front.consumed', '2024-01-01', '2025-01-01'),
    },
    {
      figure: 'Russian fire per day, Aug–Sep 2023',
      reported: '20k (C8)',
      accept: [18_000, 22_000], role: 'input', expect: 'hit', unit: 'shells/day',
      measure: (run) => perDay(run, 'ru-front.consumed', '2023-08-01', '2023-10-01'),
    },
    {
      figure: 'Russian fire per day, Oct–Dec 2023',
      reported: '>30k (C8)',
      accept: [30_000, 40_000], role: 'input', expect: 'hit', unit: 'shells/day',
      measure: (run) => perDay(run, 'ru-front.consumed', '2023-10-01', '2024-01-01'),
    },
    {
      figure: 'Russian fire per day, Jan–May 2024',
      reported: '10k (C9); 7:1 against ≤2k (C8, C11); 60–70k (C10, conflicting)',
      accept: [10_000, 14_000], role: 'input', expect: 'hit', unit: 'shells/day',
      measure: (run) => perDay(run, 'ru-front.consumed', '2024-01-01', '2024-06-01'),
    },
    {
      figure: 'Russian fire per day, Jun–Nov 2024',
      reported: '3:1, 44.5k on 6–14 Aug (C8); ~40k late 2024 (C15)',
      accept: [36_000, 45_000], role: 'input', expect: 'hit', unit: 'shells/day',
      measure: (run) => perDay(run, 'ru-front.consumed', '2024-06-01', '2024-12-01'),
    },
    {
      figure: 'Russian fire per day, Dec 2024–Mar 2025',
      reported: 'cut to ~23k by depot strikes, then 27–28k (C15)',
      accept: [22_500, 28_000], role: 'input', expect: 'miss', unit: 'shells/day',
      measure: (run) => perDay(run, 'ru-front.consumed', '2024-12-01', '2025-04-01'),
    },
    {
      figure: 'Russian serviceable stock behind the front, 31 Mar 2025',
      reported: '— (no public figure)',
      role: 'context', expect: 'context', unit: 'shells',
      measure: (run) => levelOn(run, 'ru-west.stock.152mm', '2025-04-01') + levelOn(run, 'ru-west.stock.122mm', '2025-04-01'),
    },
  ],
};

/** Day index of `iso` in a model starting `start` (for accepted ranges given as dates). */
function day0(start: string, iso: string): number {
  return dayIndex(start, iso);
}


// ---------------------------------------------------------------------------------------------
// South Korea → US → Ukraine

const UA = 'ua-front-fire.consumed';
const MONTH = 30.4;

const SK_US_UA: Calibration = {
  model: 'south-korea-us-ukraine',
  file: 'models/south-korea-us-ukraine.yaml',
  targets: [
    {
      figure: 'South Korean shells moved to the US (sold + lent)',
      reported: '100k sold + 330–500k lent (S-sk)',
      accept: [430_000, 600_000], role: 'input', expect: 'hit', unit: 'shells',
      measure: (run) => totals(run, ['sk-sale.delivered', 'sk-loan.delivered'], BEGIN, END),
    },
    {
      figure: 'Most South Korean shells delivered in any 41 days',
      reported: '~330k movable in 41 days by air and sea (T-sk)',
      accept: [250_000, 400_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => peakWindow(run, 'sk-loan.delivered', 41),
    },
    {
      figure: 'US 155 mm output, Aug 2023 (a month)',
      reported: '24k/month (P1)',
      accept: [22_000, 26_000], role: 'input', expect: 'hit', unit: 'shells/month',
      measure: (run) => perDay(run, 'us-155.produced', '2023-08-01', '2023-09-01') * MONTH,
    },
    {
      figure: 'US 155 mm output, Sep 2024 (a month)',
      reported: 'actual ~40k/month; plan 60k by Oct 2024 (P3)',
      accept: [36_000, 44_000], role: 'input', expect: 'hit', unit: 'shells/month',
      measure: (run) => perDay(run, 'us-155.produced', '2024-09-01', '2024-10-01') * MONTH,
    },
    {
      figure: 'EU pledge deliveries, cumulative to end Nov 2023',
      reported: '~300k (P7)',
      accept: [250_000, 350_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, 'eu-deliveries.delivered', BEGIN, '2023-12-01'),
    },
    {
      figure: 'EU pledge deliveries, cumulative to end Mar 2024',
      reported: '~500k (P7)',
      accept: [420_000, 580_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, 'eu-deliveries.delivered', BEGIN, '2024-04-01'),
    },
    {
      figure: 'EU pledge deliveries, cumulative to end Nov 2024',
      reported: '1M (P7)',
      accept: [850_000, 1_150_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, 'eu-deliveries.delivered', BEGIN, '2024-12-01'),
    },
    {
      figure: 'Czech initiative, delivered by end Jun 2024',
      reported: 'first 50k in Jun 2024 (P8)',
      accept: [30_000, 70_000], role: 'input', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, 'cz-deliveries.delivered', BEGIN, '2024-07-01'),
    },
    {
      figure: 'Czech initiative, delivered by end Aug 2024',
      reported: '100k more in Jul–Aug (P8)',
      accept: [120_000, 180_000], role: 'input', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, 'cz-deliveries.delivered', BEGIN, '2024-09-01'),
    },
    {
      figure: 'Czech initiative, delivered in 2024',
      reported: 'goal 500k in 2024 (P8)',
      accept: [400_000, 550_000], role: 'input', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, 'cz-deliveries.delivered', BEGIN, END),
    },
    {
      figure: 'US 155 mm delivered to Ukraine (stock + forwarded), Nov 2022–Dec 2024',
      reported: '~2.1M: ~3M by late 2024 less ~0.9M by Oct 2022 (DoD fact sheets; not a reference row)',
      accept: [1_600_000, 2_600_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => totals(run, ['us-pda.delivered', 'us-forward.delivered'], BEGIN, END),
    },
    {
      figure: 'Ukrainian fire per day, Nov 2022–Jan 2023',
      reported: '4–7k (C4), 5–7k (C3)',
      accept: [4_000, 7_000], role: 'output', expect: 'hit', unit: 'shells/day',
      measure: (run) => perDay(run, UA, '2022-11-01', '2023-02-01'),
    },
    {
      figure: 'Ukrainian fire per day, Apr 2023',
      reported: '7.7k, rationing (C12)',
      accept: [6_500, 9_000], role: 'output', expect: 'hit', unit: 'shells/day',
      measure: (run) => perDay(run, UA, '2023-04-01', '2023-05-01'),
    },
    {
      figure: 'Ukrainian 155 mm fire per month, 2023',
      reported: '110k/month; needs 356k (C13)',
      accept: [90_000, 130_000], role: 'output', expect: 'hit', unit: 'shells/month',
      measure: (run) => total(run, `${UA}.155mm`, '2023-01-01', '2024-01-01') / 12,
    },
    {
      figure: 'Ukrainian fire per day, Aug–Sep 2023',
      reported: '13k (C8)',
      accept: [11_000, 15_000], role: 'output', expect: 'hit', unit: 'shells/day',
      measure: (run) => perDay(run, UA, '2023-08-01', '2023-10-01'),
    },
    {
      figure: 'Ukrainian fire per day, Oct–Dec 2023',
      reported: '≤10k (C8)',
      accept: [4_000, 10_000], role: 'output', expect: 'hit', unit: 'shells/day',
      measure: (run) => perDay(run, UA, '2023-10-01', '2024-01-01'),
    },
    {
      figure: 'Ukrainian fire per day, Feb–Mar 2024',
      reported: '≤2k (C11), 2k (C9)',
      accept: [1_000, 3_000], role: 'output', expect: 'hit', unit: 'shells/day',
      measure: (run) => perDay(run, UA, '2024-02-01', '2024-04-01'),
    },
    {
      figure: 'Ukrainian fire per day, Jul–Aug 2024',
      reported: '3:1 against ~40k; 14.6k on 6–14 Aug (C8)',
      accept: [11_000, 16_000], role: 'output', expect: 'miss', unit: 'shells/day',
      measure: (run) => perDay(run, UA, '2024-07-01', '2024-09-01'),
    },
    {
      figure: "Share of Ukraine's need met, whole period",
      reported: '— (C11, C13: need far above fire)',
      role: 'context', expect: 'context', unit: 'share',
      measure: (run) => total(run, UA, BEGIN, END) / total(run, 'ua-front-fire.demand', BEGIN, END),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// The war, both sides, 2022–2024

const RU = 'ru-front.consumed';
const UAF = 'ua-front.consumed';
const ratio = (run: RunResult, from: string, until: string) => total(run, RU, from, until) / total(run, UAF, from, until);

const WAR: Calibration = {
  model: 'ukraine-war-2022-2024',
  file: 'models/ukraine-war-2022-2024.yaml',
  targets: [
    {
      figure: 'Russian fire, 24 Feb–31 Dec 2022',
      reported: '10–11M (C6), 12M (C7)',
      accept: [9_500_000, 12_500_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, RU, BEGIN, '2023-01-01'),
    },
    {
      figure: 'Russian serviceable stock on 1 Mar 2023, share of pre-war serviceable stock',
      reported: 'harsh rationing, firing rounds once deemed unserviceable (C16)',
      accept: [0, 0.3], role: 'output', expect: 'hit', unit: 'share',
      measure: (run) => levelOn(run, 'ru-depot.stock.152mm', '2023-03-01') / Math.floor(run.scenario.parameters.ru_prewar * run.scenario.parameters.ru_serviceable_share),
    },
    {
      figure: 'Russian fire, 2023',
      reported: '~7M (C7)',
      accept: [6_000_000, 8_000_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, RU, '2023-01-01', '2024-01-01'),
    },
    {
      figure: 'Russian fire per day, Oct–Dec 2023',
      reported: '>30k (C8)',
      accept: [30_000, 40_000], role: 'output', expect: 'miss', unit: 'shells/day',
      measure: (run) => perDay(run, RU, '2023-10-01', '2024-01-01'),
    },
    {
      figure: 'Russian fire, 2024',
      reported: '~6M (N13-derived) to ~9.9M (C8/C9/C15 daily rates)',
      accept: [5_500_000, 10_500_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, RU, '2024-01-01', '2025-01-01'),
    },
    {
      figure: 'Russian fire per day, Jun–Nov 2024',
      reported: '~40k (C8, C15)',
      accept: [36_000, 45_000], role: 'output', expect: 'miss', unit: 'shells/day',
      measure: (run) => perDay(run, RU, '2024-06-01', '2024-12-01'),
    },
    {
      figure: 'Russian new and refurbished output, 2024',
      reported: '4.5M (P10)',
      accept: [4_000_000, 5_000_000], role: 'input', expect: 'hit', unit: 'shells',
      measure: (run) => totals(run, ['ru-new.produced', 'ru-refurb.produced'], '2024-01-01', '2025-01-01'),
    },
    {
      figure: 'Iranian shells landed in Russia, Oct 2022–Mar 2023',
      reported: '>300k in six months (P19)',
      accept: [300_000, 400_000], role: 'input', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, 'caspian.delivered', '2022-10-01', '2023-04-01'),
    },
    {
      figure: 'North Korean shells landed in Russia, 2024',
      reported: '~3M a year (N13)',
      accept: [2_500_000, 3_500_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, 'rajin-dunai.delivered', '2024-01-01', '2025-01-01'),
    },
    {
      figure: 'North Korean shells (as landed) ÷ Russian fire, 2024',
      reported: 'about half (N13)',
      accept: [0.4, 0.6], role: 'output', expect: 'hit', unit: 'share',
      measure: (run) => total(run, 'rajin-dunai.delivered', '2024-01-01', '2025-01-01') / total(run, RU, '2024-01-01', '2025-01-01'),
    },
    {
      figure: 'Ukrainian fire per day, Mar–Dec 2022',
      reported: '5–7k (C3, C4), 5–6k (C5)',
      accept: [5_000, 7_000], role: 'output', expect: 'hit', unit: 'shells/day',
      measure: (run) => perDay(run, UAF, '2022-03-01', '2023-01-01'),
    },
    {
      figure: "Ukraine's Soviet-calibre stock on 1 Jul 2022, share of pre-war",
      reported: 'nearly exhausted by Jun 2022 (C5)',
      accept: [0, 0.25], role: 'output', expect: 'hit', unit: 'share',
      measure: (run) => levelOn(run, 'ua-depot.stock.152mm', '2022-07-01') / run.scenario.parameters.ua_soviet_prewar,
    },
    {
      figure: 'Ukrainian fire per day, Apr 2023',
      reported: '7.7k, rationing (C12)',
      accept: [6_500, 9_000], role: 'output', expect: 'hit', unit: 'shells/day',
      measure: (run) => perDay(run, UAF, '2023-04-01', '2023-05-01'),
    },
    {
      figure: 'Ukrainian 155 mm fire per month, 2023',
      reported: '110k/month (C13)',
      accept: [90_000, 130_000], role: 'output', expect: 'miss', unit: 'shells/month',
      measure: (run) => total(run, `${UAF}.155mm`, '2023-01-01', '2024-01-01') / 12,
    },
    {
      figure: 'Ukrainian fire per day, Aug–Sep 2023',
      reported: '13k (C8)',
      accept: [11_000, 15_000], role: 'output', expect: 'hit', unit: 'shells/day',
      measure: (run) => perDay(run, UAF, '2023-08-01', '2023-10-01'),
    },
    {
      figure: 'Ukrainian fire per day, Feb–Mar 2024',
      reported: '≤2k (C11), 2k (C9)',
      accept: [1_000, 3_000], role: 'output', expect: 'hit', unit: 'shells/day',
      measure: (run) => perDay(run, UAF, '2024-02-01', '2024-04-01'),
    },
    {
      figure: 'Ukrainian fire per day, Jul–Aug 2024',
      reported: '~13–14.6k (C8)',
      accept: [11_000, 16_000], role: 'output', expect: 'miss', unit: 'shells/day',
      measure: (run) => perDay(run, UAF, '2024-07-01', '2024-09-01'),
    },
    {
      figure: 'Russian ÷ Ukrainian fire, Jan–May 2024',
      reported: '7:1 (C8); 10k vs 2k (C9)',
      accept: [5, 9], role: 'output', expect: 'miss', unit: 'share',
      measure: (run) => ratio(run, '2024-01-01', '2024-06-01'),
    },
    {
      figure: 'Russian ÷ Ukrainian fire, Jul–Aug 2024',
      reported: '3:1 (C8)',
      accept: [2.5, 3.5], role: 'output', expect: 'hit', unit: 'share',
      measure: (run) => ratio(run, '2024-07-01', '2024-09-01'),
    },
    {
      figure: 'EU pledge deliveries, cumulative to end Nov 2024',
      reported: '1M (P7)',
      accept: [850_000, 1_150_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, 'eu-ua.delivered', BEGIN, '2024-12-01'),
    },
    {
      figure: 'US 155 mm delivered to Ukraine by end Oct 2022',
      reported: '~0.9M (DoD fact sheets; not a reference row)',
      accept: [750_000, 1_050_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => total(run, 'us-ua.delivered', BEGIN, '2022-11-01'),
    },
    {
      figure: 'US 155 mm delivered to Ukraine by end 2024 (South Korean shells forwarded included)',
      reported: '~3M (DoD fact sheets; not a reference row)',
      accept: [2_500_000, 3_500_000], role: 'output', expect: 'hit', unit: 'shells',
      measure: (run) => totals(run, ['us-ua.delivered', 'sk-via-us.delivered'], BEGIN, END),
    },
    {
      figure: 'Russian serviceable stock on 31 Dec 2024',
      reported: '— (no public figure)',
      role: 'context', expect: 'context', unit: 'shells',
      measure: (run) => levelOn(run, 'ru-depot.stock.152mm', '2025-01-01'),
    },
  ],
};

export const CALIBRATIONS: Calibration[] = [NK_RU, SK_US_UA, WAR];

// ---------------------------------------------------------------------------------------------
// Running and formatting.

export interface CalibrationRow {
  target: Target;
  values: number[];
  median: number;
  p5: number;
  p95: number;
  /** Median within the accepted range (undefined for context rows). */
  hit?: boolean;
}

/** Runs `calibration` over `seeds` (with parameter overrides, if any) and measures every target on every run. */
export function calibrate(calibration: Calibration, seeds: number[], parameters: Record<string, number> = {}): { rows: CalibrationRow[]; runs: RunResult[] } {
  const scenario = resolveScenario(loadModel(calibration.file), { parameters });
  const runs = seeds.map((seed) => simulate(scenario, seed));
  const rows = calibration.targets.map((target) => {
    const values = runs.map((run) => target.measure(run));
    const sorted = [...values].sort((a, b) => a - b);
    const median = quantileSorted(sorted, 0.5);
    const hit = target.accept === undefined ? undefined : median >= target.accept[0] && median <= target.accept[1];
    return { target, values, median, p5: quantileSorted(sorted, 0.05), p95: quantileSorted(sorted, 0.95), hit };
  });
  return { rows, runs };
}

function format(value: number, unit: Target['unit'], start: string): string {
  switch (unit) {
    case 'share': return value.toFixed(2);
    case 'count': return value.toFixed(0);
    case 'date': {
      const date = new Date(`${start}T00:00:00Z`);
      date.setUTCDate(date.getUTCDate() + Math.round(value));
      return date.toISOString().slice(0, 10);
    }
    default: {
      const abs = Math.abs(value);
      if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
      if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
      return value.toFixed(0);
    }
  }
}

/** The calibration table in Markdown. */
export function calibrationTable(calibration: Calibration, rows: CalibrationRow[], start: string): string {
  const lines = [
    '| figure | reported | accepted | simulated median | 5–95 % | role | result |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const { target } = row;
    const f = (v: number) => format(v, target.unit, start);
    const accepted = target.accept ? `${f(target.accept[0])} – ${f(target.accept[1])}` : '—';
    const result = row.hit === undefined ? '—' : row.hit ? 'hit' : '**miss**';
    lines.push(`| ${target.figure} | ${target.reported} | ${accepted} | ${f(row.median)} | ${f(row.p5)} – ${f(row.p95)} | ${target.role} | ${result} |`);
  }
  return lines.join('\n');
}

function main(argv: string[]): void {
  // --set name=value (repeatable): try a parameter value without editing the model.
  const { values, positionals: names } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { seeds: { type: 'string', default: '30' }, set: { type: 'string', multiple: true, default: [] } },
  });
  const n = Number(values.seeds);
  if (!(Number.isInteger(n) && n >= 1)) {
    process.stderr.write(`--seeds: expected a whole number ≥ 1, got ${values.seeds}\n`);
    process.exitCode = 2;
    return;
  }
  let parameters: Record<string, number>;
  try {
    parameters = withFlags(() => parseAssignments(values.set, 'set'));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    process.stderr.write(`${formatUserError(error)}\n`);
    process.exitCode = 2;
    return;
  }
  const chosen = names.length === 0 ? CALIBRATIONS : CALIBRATIONS.filter((c) => names.some((name) => c.model === name || c.file === name));
  if (chosen.length === 0) {
    process.stderr.write(`unknown model ${names.join(', ')}; known: ${CALIBRATIONS.map((c) => c.model).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const seeds = Array.from({ length: n }, (_, i) => i + 1);
  for (const calibration of chosen) {
    const started = Date.now();
    const { rows, runs } = calibrate(calibration, seeds, parameters);
    const balance = Math.max(...runs.map((r) => r.summary.balance_error ?? 0));
    process.stdout.write(`\n### ${calibration.model} (seeds 1..${n}, ${((Date.now() - started) / 1000).toFixed(1)} s, largest balance error ${balance})\n\n`);
    process.stdout.write(`${calibrationTable(calibration, rows, runs[0].scenario.model.start)}\n`);
    const surprises = rows.filter((r) => r.hit !== undefined && r.hit !== (r.target.expect === 'hit'));
    for (const r of surprises) process.stdout.write(`\nnote: "${r.target.figure}" is documented as ${r.target.expect} but is now a ${r.hit ? 'hit' : 'miss'}\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
