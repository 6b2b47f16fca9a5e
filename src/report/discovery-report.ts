/**
 * The scenario-discovery report and files: which combinations of parameter values lead to the cases of
 * interest, as boxes. boxes.csv and trajectory.csv for programs; report.html (self-contained) and report.md
 * with PNG charts for people, each box also said in plain words. It presents a result; it finds nothing.
 */
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../base/atomic-write.js';
import { formatInRange, formatPercent, joinWords } from '../base/format.js';
import type { DiscoveredBox, DiscoveryResult } from '../experiments/discovery.js';
import { csvLine } from '../output/csv.js';
import { formatValue } from '../output/format.js';
import { writeOutputDir } from '../output/output-dir.js';
import { CHART_WIDTH, CONFIG, PALETTE, SCHEMA } from './charts.js';
import { writeHtml } from './html-writer.js';
import { writeMarkdown } from './markdown-writer.js';
import { renderSvg, svgToPng } from './render.js';
import { name, type Figure, type ReportDocument, type Rich, type Section } from './report-document.js';

const PNG_SCALE = 2;

/** `box,parameter,min,max,restricted,quasi_p,coverage,density,mass`: one row per box and parameter. */
export function boxRows(result: DiscoveryResult): string[][] {
  const rows = [['box', 'parameter', 'min', 'max', 'restricted', 'quasi_p', 'coverage', 'density', 'mass']];
  result.boxes.forEach((box, b) => result.data.parameters.forEach((parameter, j) => rows.push([
    String(b + 1), parameter, formatValue(box.limits.lower[j]), formatValue(box.limits.upper[j]), String(box.restricted[j]),
    Number.isNaN(box.quasiP[j]) ? '' : String(Number(box.quasiP[j].toPrecision(4))), formatValue(box.coverage), formatValue(box.density), formatValue(box.mass),
  ])));
  return rows;
}

/** `box,step,stage,coverage,density,mass,restricted,selected`: every step of every box's trajectory (PRIM). */
export function trajectoryRows(result: DiscoveryResult): string[][] {
  const rows = [['box', 'step', 'stage', 'coverage', 'density', 'mass', 'restricted', 'selected']];
  result.boxes.forEach((box, b) => box.trajectory?.forEach((s) => rows.push([
    String(b + 1), String(s.index), s.stage, formatValue(s.coverage), formatValue(s.density), formatValue(s.mass), String(s.restricted), String(s.index === box.selected),
  ])));
  return rows;
}

/**
 * One box in words: "fill_rate < 0.8 (92 % of the runs in the box, 85 % of all such runs) when nk_output
 * is under 4,210 and front_demand is over 31,500, whatever the rest".
 */
export function boxStatement(result: DiscoveryResult, box: DiscoveredBox): Rich {
  const later = result.boxes.indexOf(box) > 0;
  const { parameters, bounds } = result.data;
  const parts: Rich[] = [];
  parameters.forEach((parameter, j) => {
    if (!box.restricted[j]) return;
    const [lo, hi] = bounds[j];
    const low = box.limits.lower[j] !== lo;
    const high = box.limits.upper[j] !== hi;
    const at = (v: number) => formatInRange(v, lo, hi);
    const text = low && high ? ` is between ${at(box.limits.lower[j])} and ${at(box.limits.upper[j])}` : low ? ` is over ${at(box.limits.lower[j])}` : ` is under ${at(box.limits.upper[j])}`;
    parts.push([name(parameter), text]);
  });
  const units = result.data.per === 'point' ? 'points' : 'runs';
  const out: Rich = [name(result.data.where), ` holds in ${formatPercent(box.density)} of the ${units} in this box (${formatPercent(box.coverage)} of all such ${units}) when `];
  parts.forEach((part, i) => {
    if (i > 0) out.push(i === parts.length - 1 ? ' and ' : ', ');
    out.push(...part);
  });
  out.push(parts.length < parameters.length ? ', whatever the rest' : '');
  // Covering: a later box is found among the cases the earlier ones leave, and only says something there.
  if (later) out.push(` (among the ${units} outside the earlier boxes)`);
  return out;
}

/** Peeling trajectory: coverage against density, coloured by the number of restricted dimensions. */
export function tradeoffChart(box: DiscoveredBox, title: string): TopLevelSpec {
  const values = (box.trajectory ?? []).map((s) => ({ step: s.index, coverage: s.coverage, density: s.density, restricted: s.restricted, mass: s.mass, chosen: s.index === box.selected ? 'chosen box' : 'other steps' }));
  const x = { field: 'coverage', type: 'quantitative' as const, title: 'Coverage (share of all cases of interest in the box)', scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  const y = { field: 'density', type: 'quantitative' as const, title: 'Density (share of the box that is of interest)', scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: 'Each point is a box of the peeling (and pasting) trajectory; the ringed one is chosen' },
    description: `Peeling trajectory of ${values.length} boxes, coverage against density`,
    width: CHART_WIDTH, height: 360,
    layer: [
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x, y,
          color: { field: 'restricted', type: 'ordinal' as const, title: 'Restricted dimensions', scale: { scheme: 'viridis' } },
          tooltip: [{ field: 'step' }, { field: 'coverage', format: '.1%' }, { field: 'density', format: '.1%' }, { field: 'mass', format: '.1%' }, { field: 'restricted' }],
        },
      },
      {
        data: { values: values.filter((v) => v.chosen === 'chosen box') },
        mark: { type: 'point', size: 260, strokeWidth: 2.5, color: '#000000' },
        encoding: { x, y },
      },
    ],
    config: CONFIG,
  } as TopLevelSpec;
}

/** Each box's limits over the parameters' ranges (0 = the range's min, 1 = its max), one band per parameter. */
export function limitsChart(result: DiscoveryResult): TopLevelSpec {
  const { parameters, bounds } = result.data;
  const values = result.boxes.flatMap((box, b) => parameters.map((parameter, j) => {
    const [lo, hi] = bounds[j];
    const span = hi - lo || 1;
    const label = box.restricted[j] ? `${formatInRange(box.limits.lower[j], lo, hi)} – ${formatInRange(box.limits.upper[j], lo, hi)}` : 'any';
    return { parameter, box: `box ${b + 1}`, from: (box.limits.lower[j] - lo) / span, to: (box.limits.upper[j] - lo) / span, label, restricted: box.restricted[j] };
  }));
  const y = { field: 'parameter', type: 'nominal' as const, title: null, sort: parameters };
  const yOffset = { field: 'box', type: 'nominal' as const };
  return {
    $schema: SCHEMA,
    title: { text: 'The boxes over the parameter ranges', subtitle: 'Grey: each parameter\'s whole range; bars: the limits of each box (labels in the parameter\'s units)' },
    description: `Limits of ${result.boxes.length} boxes over ${parameters.length} parameters`,
    width: CHART_WIDTH, height: Math.max(2, parameters.length) * 26 * Math.max(1, result.boxes.length),
    data: { values },
    encoding: { y, yOffset },
    layer: [
      { mark: { type: 'bar', color: '#e6e6e6' }, encoding: { x: { datum: 0, type: 'quantitative' as const }, x2: { datum: 1 } } },
      {
        mark: { type: 'bar', height: { band: 0.8 } },
        encoding: {
          x: { field: 'from', type: 'quantitative' as const, title: 'Position in the parameter\'s range', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
          x2: { field: 'to' },
          color: { field: 'box', type: 'nominal' as const, title: null, scale: { range: PALETTE } },
          opacity: { condition: { test: 'datum.restricted', value: 1 }, value: 0.35 },
          tooltip: [{ field: 'box' }, { field: 'parameter' }, { field: 'label', title: 'limits' }],
        },
      },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#222222' }, encoding: { x: { field: 'to', type: 'quantitative' as const }, text: { field: 'label' } } },
    ],
    config: CONFIG,
  } as TopLevelSpec;
}

/** The cases on the two most restricted parameters of a box, cases of interest highlighted, the box drawn. */
export function casesChart(result: DiscoveryResult, box: DiscoveredBox, pair: [number, number]): TopLevelSpec {
  const { parameters, x: cases, y, bounds } = result.data;
  const [a, b] = pair;
  // A readable number of points: every case up to 4,000, then an even thinning.
  const step = Math.max(1, Math.ceil(cases.length / 4000));
  const values = cases.filter((_, i) => i % step === 0).map((row, i) => ({ a: row[a], b: row[b], kind: y[i * step] ? 'of interest' : 'other' }));
  const title = (j: number) => parameters[j];
  return {
    $schema: SCHEMA,
    title: { text: `The cases on ${parameters[a]} and ${parameters[b]}`, subtitle: `Orange: cases where ${result.data.where}; the rectangle is the box on these two parameters` },
    description: `Scatter of ${values.length} cases on ${parameters[a]} and ${parameters[b]} with the box`,
    width: CHART_WIDTH, height: 400,
    layer: [
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 18, opacity: 0.7 },
        encoding: {
          x: { field: 'a', type: 'quantitative' as const, title: title(a), scale: { domain: bounds[a], nice: false } },
          y: { field: 'b', type: 'quantitative' as const, title: title(b), scale: { domain: bounds[b], nice: false } },
          color: { field: 'kind', type: 'nominal' as const, title: null, scale: { domain: ['other', 'of interest'], range: ['#999999', PALETTE[1]] } },
        },
      },
      {
        data: { values: [{ a: box.limits.lower[a], a2: box.limits.upper[a], b: box.limits.lower[b], b2: box.limits.upper[b] }] },
        mark: { type: 'rect', fillOpacity: 0, stroke: PALETTE[0], strokeWidth: 3 },
        encoding: { x: { field: 'a', type: 'quantitative' as const }, x2: { field: 'a2' }, y: { field: 'b', type: 'quantitative' as const }, y2: { field: 'b2' } },
      },
    ],
    config: CONFIG,
  } as TopLevelSpec;
}

/** The two parameters a box restricts most (smallest share of the range kept), or the first two. */
export function mostRestricted(result: DiscoveryResult, box: DiscoveredBox): [number, number] {
  const kept = result.data.bounds.map(([lo, hi], j) => ((box.limits.upper[j] - box.limits.lower[j]) / (hi - lo || 1)));
  const order = kept.map((k, j) => [k, j]).sort((p, q) => p[0] - q[0] || p[1] - q[1]).map((p) => p[1]);
  return [order[0], order[1] ?? order[0]];
}

/** A built report: the page, the Markdown, and the PNGs it refers to. */
export interface DiscoveryReport {
  html: string;
  markdown: string;
  images: { name: string; png: Uint8Array }[];
}

export async function buildDiscoveryReport(result: DiscoveryResult, command: string): Promise<DiscoveryReport> {
  const { data } = result;
  const images: DiscoveryReport['images'] = [];
  const figure = async (spec: TopLevelSpec, fileName: string, alt: string): Promise<Figure> => {
    const svg = await renderSvg(spec);
    const png = svgToPng(svg, { scale: PNG_SCALE });
    images.push({ name: fileName, png });
    return { fileName, alt, svg, png };
  };
  const units = data.per === 'point' ? 'design points (means of their runs)' : 'runs';
  const method = result.method === 'prim'
    ? `PRIM (Friedman & Fisher 1999) as in the EMA Workbench: peeling α = ${result.options.alpha}, pasting, the box chosen as the densest with coverage ≥ ${result.options.threshold} × the largest${result.options.box !== undefined ? ` (the first box: step ${result.options.box}, as asked)` : ''}; covering up to ${result.options.maxBoxes} boxes`
    : `a classification tree (CART, Gini impurity, depth ≤ ${result.options.maxDepth}); each leaf where the cases of interest are the majority is a box`;
  const sections: Section[] = [{
    heading: ['The question'], level: 2,
    facts: [
      ['Model', [name(data.modelName)]],
      ['Cases of interest', [name(data.where), ` — ${result.interest} of ${result.cases} ${units} (base rate ${formatPercent(result.baseRate)})`]],
      ['Design', [`${data.designKind}, ${data.parameters.length} parameters; folder `, name(data.dir)]],
      ['Method', [method]],
      ['Left out', [`${data.failed} failed runs, ${data.missing} runs without a value of ${joinWords(data.kpis)}`]],
      ['Created with', [name(command)]],
    ],
  }];
  if (data.status !== 'complete') sections.push({ heading: ['Warnings'], level: 2, warnings: [`the experiment is ${data.status}: only its finished runs are analysed`] });
  sections.push({
    heading: ['What leads there'], level: 2,
    paragraphs: result.boxes.length === 0 ? [[`No box was found (${result.stop}).`]] : [[`${result.boxes.length} ${result.boxes.length === 1 ? 'box' : 'boxes'}; covering stopped because ${result.stop}.`]],
    notes: result.boxes.map((box, b) => [`Box ${b + 1}: `, ...boxStatement(result, box)]),
  });
  if (result.boxes.length > 0) {
    sections.push({ heading: ['The boxes'], level: 2, figure: await figure(limitsChart(result), 'box-limits.png', `Limits of the ${result.boxes.length} boxes over the parameter ranges`) });
  }
  for (const [b, box] of result.boxes.entries()) {
    const rows = data.parameters.map((parameter, j) => {
      const [lo, hi] = data.bounds[j];
      return [name(parameter), formatInRange(box.limits.lower[j], lo, hi), formatInRange(box.limits.upper[j], lo, hi), box.restricted[j] ? 'yes' : 'no',
        Number.isNaN(box.quasiP[j]) ? '' : box.quasiP[j] < 0.001 ? '< 0.001' : box.quasiP[j].toFixed(3),
        box.resampled.length ? formatPercent(box.resampled[j]) : ''];
    });
    const section: Section = {
      heading: [`Box ${b + 1}`], level: 3,
      paragraphs: [[`Coverage ${formatPercent(box.coverage)}, density ${formatPercent(box.density)}, mass ${formatPercent(box.mass)} (${box.interest} of ${box.cases} ${data.per === 'point' ? 'points' : 'runs'} in it are of interest). A quasi-p-value is the chance of so many cases of interest in the box if that restriction were dropped (a one-sided binomial test, Bryant & Lempert 2010): small means the restriction matters.`]],
      table: {
        key: `box-${b + 1}`, caption: `Box ${b + 1}: limits per parameter`,
        columns: [{ title: 'parameter' }, { title: 'min', numeric: true }, { title: 'max', numeric: true }, { title: 'restricted' }, { title: 'quasi-p', numeric: true }, { title: 'restricted in resamples', numeric: true }],
        rows,
      },
    };
    sections.push(section);
    if (box.trajectory) sections.push({ heading: [`Box ${b + 1}: peeling trajectory`], level: 3, figure: await figure(tradeoffChart(box, `Peeling trajectory of box ${b + 1}`), `trajectory-${b + 1}.png`, `Coverage against density along the peeling trajectory of box ${b + 1}`) });
    if (b === 0) {
      const pair = mostRestricted(result, box);
      sections.push({ heading: ['Box 1 on its two most restricted parameters'], level: 3, figure: await figure(casesChart(result, box, pair), 'cases-box-1.png', `Cases on ${data.parameters[pair[0]]} and ${data.parameters[pair[1]]} with box 1`) });
    }
  }
  const doc: ReportDocument = { title: `Scenario discovery: ${data.where}`, sections, footer: ['munisim discover; boxes.csv and trajectory.csv hold every figure shown here.'] };
  return { html: writeHtml(doc), markdown: writeMarkdown(doc), images };
}

/** Writes boxes.csv, trajectory.csv (PRIM), report.html, report.md and its PNGs into `dir`, all or nothing. */
export async function writeDiscovery(dir: string, result: DiscoveryResult, options: { command: string; replace: boolean }): Promise<void> {
  const report = await buildDiscoveryReport(result, options.command);
  await writeOutputDir(dir, options.replace, async (tmp) => {
    const csv = (rows: string[][]) => rows.map(csvLine).join('');
    writeFileAtomic(join(tmp, 'boxes.csv'), csv(boxRows(result)));
    if (result.method === 'prim') writeFileAtomic(join(tmp, 'trajectory.csv'), csv(trajectoryRows(result)));
    writeFileAtomic(join(tmp, 'report.html'), report.html);
    writeFileAtomic(join(tmp, 'report.md'), report.markdown);
    for (const image of report.images) writeFileAtomic(join(tmp, image.name), image.png);
  });
}
