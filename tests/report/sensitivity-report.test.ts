import { describe, expect, it } from 'vitest';
import { buildSensitivityReport, type SensitivityReportData } from '../../src/report/sensitivity-report.js';
import { NASTY, morrisData, oatData, sobolData } from './fixtures.js';
import { hasPngSignature } from './png.js';

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** What a reader sees of the HTML outside the charts: tags dropped, entities decoded, spaces collapsed. */
function visibleText(html: string): string {
  const withoutCharts = html.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<style[\s\S]*?<\/style>/g, '');
  const blocksApart = withoutCharts.replace(/<\/?(?:p|li|td|th|tr|dt|dd|h[1-6]|caption|section|footer)\b[^>]*>/g, ' ');
  return decodeEntities(blocksApart.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ');
}

/** The Parameter column of the ranking table `key`, top to bottom. */
function rankingOrder(html: string, key: string): string[] {
  const table = new RegExp(`<table data-table="${key}">([\\s\\S]*?)</table>`).exec(html);
  if (!table) throw new Error(`no table ${key} in the report`);
  return [...table[1].matchAll(/<tr><td class="num">\d+<\/td><td><code>([^<]*)<\/code><\/td>/g)].map((m) => decodeEntities(m[1]));
}

/** Percent as in the notes, computed here from the raw share: whole percent from 10 % up. */
const pct = (share: number) => Math.round(share * 100);

describe('buildSensitivityReport — one-at-a-time', async () => {
  const report = await buildSensitivityReport(oatData);

  it('ranks parameters by swing |high − low|', () => {
    // shortfall_total swings: front_demand 2.2M, nk_output 1.5M, NASTY 0.3M, stock_initial 0.
    expect(rankingOrder(report.html, 'oat:shortfall_total')).toEqual(['front_demand', 'nk_output', NASTY, 'stock_initial']);
    // fill_rate swings: nk_output 0.25, front_demand 0.21, stock_initial 0.08, NASTY 0.01.
    expect(rankingOrder(report.html, 'oat:fill_rate')).toEqual(['nk_output', 'front_demand', 'stock_initial', NASTY]);
  });

  it('names the largest effect with its values at min and max', () => {
    const text = visibleText(report.html);
    expect(text).toContain('front_demand has the largest effect on shortfall_total: from 1.2M at its min to 3.4M at its max (base case 2M).');
    expect(text).toContain('stock_initial leaves the output unchanged at both ends of its range.');
    // fill_rate: NASTY gives 0.86 and 0.87 against a base of 0.85 — both above.
    expect(text).toContain(`For ${NASTY} both ends of the range move the output the same way`);
  });

  it('draws one tornado per output', () => {
    expect(report.images.map((i) => i.name)).toEqual(['tornado-shortfall_total.png', 'tornado-fill_rate.png']);
  });
});

describe('buildSensitivityReport — Morris', async () => {
  const report = await buildSensitivityReport(morrisData);

  it('ranks parameters by μ*', () => {
    expect(rankingOrder(report.html, 'morris:shortfall_total')).toEqual(['front_demand', NASTY, 'nk_output', 'stock_initial']);
    expect(rankingOrder(report.html, 'morris:fill_rate')).toEqual(['front_demand', 'nk_output', 'stock_initial', NASTY]);
  });

  it('reads μ* ranking, σ/μ* > 1 and negligible parameters from the numbers', () => {
    const text = visibleText(report.html);
    expect(text).toContain(`μ* ranks front_demand, ${NASTY} and nk_output as the most influential parameters for shortfall_total (μ* = 5,000, 3,000, 2,000).`);
    // σ/μ*: NASTY 4500/3000 = 1.5 on shortfall_total; stock_initial 0.06/0.05 = 1.2 on fill_rate; all others below 1.
    expect(text).toContain(`σ/μ* > 1 for ${NASTY} suggests interactions or non-linearity`);
    expect(text).toContain('σ/μ* > 1 for stock_initial suggests interactions or non-linearity');
    // |μ| = 400 < 0.5 × 3000 for NASTY.
    expect(text).toContain(`For ${NASTY}, |μ| is well below μ*`);
    // stock_initial: μ* 100 < 5 % of 5000.
    expect(text).toContain('stock_initial has μ* below 5 % of the largest');
  });
});

describe('buildSensitivityReport — Sobol', async () => {
  const report = await buildSensitivityReport(sobolData);
  const text = visibleText(report.html);

  it('ranks parameters by ST', () => {
    expect(rankingOrder(report.html, 'sobol:shortfall_total')).toEqual(['nk_output', 'front_demand', NASTY, 'stock_initial']);
    expect(rankingOrder(report.html, 'sobol:fill_rate')).toEqual(['front_demand', 'nk_output', 'stock_initial', NASTY]);
  });

  it('states the first-order share with its interval, computed from the input', () => {
    const row = sobolData.sobol!.find((r) => r.parameter === 'nk_output' && r.output === 'shortfall_total')!;
    const expected = `nk_output explains ${pct(row.S1)} % (${pct(row.S1Low)}–${pct(row.S1High)} %) of the variance of shortfall_total`;
    expect(expected).toBe('nk_output explains 61 % (52–70 %) of the variance of shortfall_total');
    expect(text).toContain(expected);
  });

  it('adds up the first-order indices and flags interactions and fixable parameters', () => {
    const sum = sobolData.sobol!.filter((r) => r.output === 'shortfall_total').reduce((s, r) => s + r.S1, 0); // 0.824
    expect(text).toContain(`The first-order indices add up to ${pct(sum)} %; the other ${pct(1 - sum)} % of the variance comes from interactions`);
    expect(text).toContain(`${NASTY} acts largely through interactions: ST 0.12 against S1 0.010.`);
    expect(text).toContain('ST stays below 5 % for stock_initial even at the top of its interval');
  });

  it('notes replication noise per output', () => {
    expect(text).toContain('Replication noise accounts for 12 % of the variance of shortfall_total across runs, so the parameters together can explain at most about 88 %.');
    expect(text).toContain('Replication noise accounts for 35 % of the variance of fill_rate across runs, so the parameters together can explain at most about 65 %. That is a large share');
  });

  it('adds the indices-over-time and fan charts with their notes', () => {
    expect(report.images.map((i) => i.name)).toEqual([
      'sobol-shortfall_total.png',
      'sobol-fill_rate.png',
      'indices-cumulative_shortfall-st.png',
      'fan.png',
    ]);
    // front_demand leads in January and February (0.6, 0.5); nk_output from March (0.5 vs 0.4), ending at 0.65.
    expect(text).toContain('On 2024-04-30, nk_output has the highest ST of cumulative_shortfall (0.65).');
    expect(text).toContain('The leading parameter changes over time: front_demand from 2024-01-31, then nk_output from 2024-03-31.');
    expect(text).toContain('On 2024-04-30, the median of produced is 76,000 (5–95 %: 60,000 to 95,000).');
  });
});

describe.each([
  ['oat', oatData],
  ['morris', morrisData],
  ['sobol', sobolData],
] as const)('the %s report as a document', async (_method, data) => {
  const report = await buildSensitivityReport(data);

  it('states the question: model, method, sample size, replications, parameter ranges and outputs', () => {
    const text = visibleText(report.html);
    expect(text).toContain('Which of the 4 uncertain parameters drive shortfall_total and fill_rate in the model Theatre <east>');
    expect(text).toContain('models/theatre-east.yaml');
    expect(text).toContain('Sample size 1,024');
    expect(text).toContain('Replications 5 per sample point');
    expect(text).toContain('nk_output 20,000 40,000 60,000 rounds/month Plant survey 2024');
    expect(text).toContain('3 of 5,120 runs failed and were left out <see runs/failed.csv>');
  });

  it('escapes every name and message in the HTML', () => {
    expect(report.html).not.toContain('<b>');
    expect(report.html).not.toContain('<east>');
    expect(report.html).not.toContain('<see');
    expect(report.html).toContain('rail&lt;b&gt;&amp;&quot;delay&quot;|`x`');
    expect(report.html).toContain('<title>Sensitivity analysis of Theatre &lt;east&gt;</title>');
  });

  it('is self-contained: no scripts, no links, nothing fetched', () => {
    expect(report.html).not.toMatch(/<script|<link|<img|<iframe|@import|@font-face/i);
    const urls = [...report.html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    // Only the SVG and XLink namespace names, which are identifiers, not fetched.
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(report.html).toContain("default-src 'none'");
  });

  it('inlines one SVG per returned image, and Markdown references every image by name', () => {
    expect(report.images.length).toBeGreaterThan(0);
    expect(report.html.match(/<figure class="chart"/g)).toHaveLength(report.images.length);
    for (const image of report.images) {
      expect(image.name).toMatch(/^[a-z0-9._-]+\.png$/);
      expect(hasPngSignature(image.png)).toBe(true);
      expect(report.markdown).toContain(`](${image.name})`);
      expect(report.html).toContain(`data-image="${image.name}"`);
    }
    const referenced = [...report.markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(referenced).toEqual(report.images.map((i) => i.name));
  });

  it('repeats the ranking tables in Markdown, names in code spans with | escaped', () => {
    expect(report.markdown).toContain('| `nk_output` | 20,000 | 40,000 | 60,000 | rounds/month | Plant survey 2024 |');
    expect(report.markdown).toContain('`` rail<b>&"delay"\\|`x` ``');
    expect(report.markdown).toContain('> ⚠ 3 of 5,120 runs failed and were left out \\<see runs/failed.csv\\>');
    const rankings = report.markdown.match(/^\| Rank \|/gm) ?? [];
    expect(rankings).toHaveLength(2);
  });

  it('is deterministic', async () => {
    const again = await buildSensitivityReport(data);
    expect(again.html).toBe(report.html);
    expect(again.markdown).toBe(report.markdown);
    expect(again.images.map((i) => Buffer.from(i.png).toString('base64'))).toEqual(report.images.map((i) => Buffer.from(i.png).toString('base64')));
  });
});

describe('image names', () => {
  it('are sanitised to [a-z0-9._-] and made unique', async () => {
    const data: SensitivityReportData = {
      ...oatData,
      outputs: ['Shortfall Total/€', 'shortfall-total', '../etc'],
      oat: ['Shortfall Total/€', 'shortfall-total', '../etc'].map((output) => ({ output, parameter: 'p', low: 1, high: 2, base: 1.5 })),
      noiseShare: undefined,
    };
    const report = await buildSensitivityReport(data);
    expect(report.images.map((i) => i.name)).toEqual(['tornado-shortfall-total.png', 'tornado-shortfall-total-2.png', 'tornado-etc.png']);
  });

  it('says so when the main method has no results for an output', async () => {
    const report = await buildSensitivityReport({ ...sobolData, sobol: sobolData.sobol!.filter((r) => r.output !== 'fill_rate') });
    expect(visibleText(report.html)).toContain('Sobol variance decomposition: fill_rate No results for this output.');
  });
});
