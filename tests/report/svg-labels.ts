/**
 * Reads the labels of a rendered chart back out of its SVG — text, anchor point, rotation and estimated box —
 * so tests can check what a reader would see: no two tick labels alike, none touching another.
 */
import { expect } from 'vitest';
import { textWidth } from '../../src/report/text-width.js';

/** One `<text>` of a Vega SVG, with its position inside its group. */
export interface SvgLabel {
  text: string;
  x: number;
  y: number;
  /** Rotation in degrees, as Vega writes it (330 for −30°). */
  angle: number;
  /** The offset Vega applies after rotating (its `dy`-like `translate(0, n)`). */
  shiftY: number;
  anchor: 'start' | 'middle' | 'end';
  size: number;
}

const decode = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The `<text>` elements directly inside each `<g class="mark-text role-…">` of the given role, one array per group. */
export function labelGroups(svg: string, role: string): SvgLabel[][] {
  const groups: SvgLabel[][] = [];
  const pattern = new RegExp(`<g class="mark-text role-${role}(?: [^"]*)?"[^>]*>((?:<text[^>]*>[\\s\\S]*?</text>)*)</g>`, 'g');
  for (const group of svg.matchAll(pattern)) {
    const labels: SvgLabel[] = [];
    for (const m of group[1].matchAll(/<text([^>]*)>([\s\S]*?)<\/text>/g)) {
      const attrs = m[1];
      const t = attrs.match(/transform="translate\(([-\d.e]+),([-\d.e]+)\)(?: rotate\(([-\d.e]+)\))?(?: translate\(([-\d.e]+),([-\d.e]+)\))?"/);
      if (!t) continue;
      labels.push({
        text: decode(m[2]),
        x: Number(t[1]),
        y: Number(t[2]),
        angle: Number(t[3] ?? 0),
        shiftY: Number(t[5] ?? 0),
        anchor: (attrs.match(/text-anchor="(\w+)"/)?.[1] ?? 'start') as SvgLabel['anchor'],
        size: Number(attrs.match(/font-size="([\d.]+)px"/)?.[1] ?? 11),
      });
    }
    if (labels.length > 0) groups.push(labels);
  }
  return groups;
}

/**
 * A label's box in its own rotated frame (labels of one axis share one angle, so comparing them there is
 * exact): x along the text, y across it, from the glyphs' ascent to their descent.
 */
export function labelBox(label: SvgLabel): { x0: number; x1: number; y0: number; y1: number } {
  const rad = (-label.angle * Math.PI) / 180;
  const u = label.x * Math.cos(rad) - label.y * Math.sin(rad);
  const v = label.x * Math.sin(rad) + label.y * Math.cos(rad) + label.shiftY;
  const width = textWidth(label.text, label.size);
  const start = label.anchor === 'start' ? u : label.anchor === 'end' ? u - width : u - width / 2;
  return { x0: start, x1: start + width, y0: v - 0.8 * label.size, y1: v + 0.2 * label.size };
}

/** Pairs of labels whose boxes come closer than `gapPx`. */
export function crowdedPairs(labels: SvgLabel[], gapPx: number): [string, string][] {
  const boxes = labels.map(labelBox);
  const pairs: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.x0 < b.x1 + gapPx && b.x0 < a.x1 + gapPx && a.y0 < b.y1 && b.y0 < a.y1) pairs.push([labels[j].text, labels[i].text]);
    }
  }
  return pairs;
}

/** Every axis of the chart has distinct tick labels, at least 4 px apart. @returns the label groups */
export function expectReadableAxes(svg: string): SvgLabel[][] {
  const axes = labelGroups(svg, 'axis-label');
  expect(axes.length).toBeGreaterThan(0);
  for (const labels of axes) {
    const texts = labels.map((l) => l.text);
    expect(texts, `duplicate tick labels: ${texts.join(' | ')}`).toEqual([...new Set(texts)]);
    expect(crowdedPairs(labels, 4), `tick labels touching: ${texts.join(' | ')}`).toEqual([]);
  }
  return axes;
}

/** The SVG's own width in pixels. */
export function svgWidth(svg: string): number {
  return Number(svg.match(/<svg[^>]*\swidth="([\d.]+)"/)?.[1]);
}
