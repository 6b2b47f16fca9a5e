/**
 * Text widths in DejaVu Sans, for laying charts out in Node where there is no canvas to measure with.
 * Vega's fallback guesses 0.8 em per character, which leaves wide empty margins and truncates labels that fit;
 * these advance widths were measured with resvg from DejaVu Sans 2.37 (per 1000 units of font size).
 */

/** Advance widths of the printable ASCII characters U+0020…U+007E, regular weight. */
const REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 316, 337, 636, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 337, 337, 838, 838, 838, 531, 1000, 709, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
  603, 787, 695, 635, 595, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 344, 635,
  634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 395, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];

/** Advance widths of the printable ASCII characters U+0020…U+007E, bold weight. */
const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696,
  696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
  733, 850, 770, 680, 703, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 405, 716,
  712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];

/** Widths of the non-ASCII characters the charts themselves use (μ, σ, dashes, ellipsis): [regular, bold]. */
const OTHER: Record<string, [number, number]> = {
  'μ': [636, 736],
  'σ': [634, 779],
  '—': [1000, 1000],
  '–': [500, 500],
  '…': [1000, 1000],
};

/** Anything else (accented letters, other scripts) is taken as an average lowercase letter, slightly widened. */
const FALLBACK: [number, number] = [640, 720];

/**
 * Width in pixels of `text` set in DejaVu Sans at `fontSizePx`, ignoring kerning (which DejaVu barely uses).
 * Verdana, the fallback font named in the charts, has nearly the same widths.
 */
export function textWidth(text: string, fontSizePx: number, bold = false): number {
  const weight = bold ? 1 : 0;
  let units = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x20 && code <= 0x7e) units += (bold ? BOLD : REGULAR)[code - 0x20];
    else units += (OTHER[char] ?? FALLBACK)[weight];
  }
  return (units * fontSizePx) / 1000;
}

/** Whether a CSS/Vega font weight is drawn with the bold face. */
export function isBold(fontWeight: string | number | undefined): boolean {
  if (fontWeight === undefined || fontWeight === null) return false;
  if (typeof fontWeight === 'number') return fontWeight >= 600;
  return fontWeight === 'bold' || fontWeight === 'bolder' || Number(fontWeight) >= 600;
}
