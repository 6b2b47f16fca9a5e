/**
 * Chart rendering: a Vega-Lite spec becomes a standalone SVG (in Node, no canvas, no browser) and an SVG
 * becomes a PNG. The same spec always gives the same bytes: Vega's process-wide clip/gradient counters are
 * replaced by ids derived from the spec itself, so several charts can also share one HTML page safely.
 */
import { createHash } from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { importEsm } from '../base/import-esm.js';
import { CHART_FONT } from './charts.js';
import { isBold, textWidth } from './text-width.js';

/** Options for {@link renderSvg}. */
export interface RenderOptions {
  /** Receives Vega-Lite's and Vega's warnings (e.g. a dropped encoding); by default they are discarded. */
  onWarning?: (message: string) => void;
}

/**
 * Render a Vega-Lite spec to an SVG document string.
 *
 * Rendering is headless (`renderer: 'none'`); text widths are estimated from the font size because no
 * canvas package is installed. Element ids (`clip…`, `gradient_…`) are renamed to `c<hash>-<n>`, where
 * `<hash>` comes from the spec, so the output is stable between runs and ids do not collide when several
 * charts are inlined into one page.
 *
 * @throws Error when Vega-Lite cannot compile the spec or Vega fails to evaluate it.
 */
export async function renderSvg(vegaLiteSpec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  const [vega, { compile }] = await chartLibraries();
  const logger = warningLogger(options.onWarning);
  const vegaSpec = compile(vegaLiteSpec, { logger }).spec;
  const restore = measureTextWithDejaVu(vega);
  try {
    const view = new vega.View(vega.parse(vegaSpec as Vega.Spec), { renderer: 'none', logger });
    try {
      const svg = await view.toSVG();
      return stabiliseIds(svg, specHash(vegaLiteSpec));
    } finally {
      view.finalize();
    }
  } finally {
    restore();
  }
}

let loaded: Promise<[typeof Vega, typeof import('vega-lite')]> | undefined;

/**
 * vega and vega-lite, imported at the first chart. They are ES modules only, with top-level await,
 * and the CLI bundle is CommonJS (bin/bundle.js), where a static import would become a require().
 */
function chartLibraries(): Promise<[typeof Vega, typeof import('vega-lite')]> {
  loaded ??= Promise.all([importEsm<typeof Vega>('vega'), importEsm<typeof import('vega-lite')>('vega-lite')]);
  return loaded;
}

/** Options for {@link svgToPng}. */
export interface PngOptions {
  /** Zoom factor applied to the SVG's own width and height; 2 gives crisp images on high-density screens. Default 1. */
  scale?: number;
}

/**
 * Rasterise an SVG string to PNG bytes with resvg, using the system fonts (DejaVu Sans as the default).
 *
 * @throws Error when `scale` is not a positive finite number, or resvg cannot parse the SVG.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(`svgToPng: scale must be a positive number, got ${scale}`);
  }
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT },
  });
  return new Uint8Array(resvg.render().asPng());
}

/** The slice of Vega's text measurement that charts depend on (exported by vega-scenegraph, untyped). */
interface TextMetrics {
  width: (item: TextItem, text: unknown) => number;
}
interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

let measuring = 0;
let vegaWidth: TextMetrics['width'] | undefined;

/**
 * Swap Vega's 0.8-em-per-character estimate for DejaVu Sans widths while any render is in flight (Vega
 * documents replacing `textMetrics.width` for canvas-less use); returns the function that undoes it.
 */
function measureTextWithDejaVu(vega: typeof Vega): () => void {
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  if (measuring++ === 0) {
    vegaWidth = metrics.width;
    metrics.width = (item, text) => {
      const size = item.fontSize ?? 11;
      const width = textWidth(text == null ? '' : String(text).trim(), size, isBold(item.fontWeight));
      // A label longer than its limit is drawn truncated, so it never takes more room than the limit.
      return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
    };
  }
  return () => {
    if (--measuring === 0 && vegaWidth) metrics.width = vegaWidth;
  };
}

/** A Vega logger that hands warnings and errors to `onWarning` and prints nothing. */
function warningLogger(onWarning?: (message: string) => void) {
  let level = 2; // Vega's "Warn"
  const emit = (args: unknown[]) => onWarning?.(args.map(String).join(' '));
  const logger = {
    level(next?: number) {
      if (next === undefined) return level;
      level = next;
      return logger;
    },
    error(...args: unknown[]) {
      emit(args);
      return logger;
    },
    warn(...args: unknown[]) {
      if (level >= 2) emit(args);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/** A short, stable digest of a spec: equal specs give equal ids, different specs (almost surely) differ. */
function specHash(spec: TopLevelSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 8);
}

/** Rename every `id="…"` in order of appearance, and every `#…` reference to it. */
function stabiliseIds(svg: string, hash: string): string {
  const renamed = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    const id = match[1];
    if (!renamed.has(id)) renamed.set(id, `c${hash}-${renamed.size + 1}`);
  }
  if (renamed.size === 0) return svg;
  return svg.replace(
    /(\sid=")([^"]+)(")|(url\(#)([^)]+)(\))|(href="#)([^"]+)(")/g,
    (whole, ...groups: (string | undefined)[]) => {
      for (const start of [0, 3, 6]) {
        const id = groups[start + 1];
        if (id !== undefined) {
          const next = renamed.get(id);
          return next === undefined ? whole : `${groups[start]}${next}${groups[start + 2]}`;
        }
      }
      return whole;
    },
  );
}
