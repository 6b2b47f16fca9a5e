/**
 * "Did you mean": the known name nearest to a misspelt one, by edit distance (Damerau–Levenshtein,
 * optimal string alignment: insert, delete, substitute, or swap two neighbours, each costs 1).
 * A name is suggested only when it is close enough to be the likely intent, so a wild guess is never offered.
 */

/** Edit distance between `a` and `b` (optimal string alignment); stops early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Three rolling rows: the swap of two neighbours looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length];
}

/**
 * The candidate nearest to `name`, or undefined when none is close: at most one edit per three
 * characters of `name` (at least one), and fewer edits than `name` has characters. Case is ignored
 * when measuring; the first of equally near candidates wins.
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  const typed = name.toLowerCase();
  const limit = Math.min(Math.max(1, Math.floor(typed.length / 3)), typed.length - 1);
  if (limit < 1) return undefined;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(typed, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) { best = candidate; bestDistance = distance; }
  }
  return best;
}

/** `did you mean "transit_days"?`, or undefined when no candidate is near `name`. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const match = nearest(name, candidates);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}

/**
 * The hint for a name that is not among `known`: the nearest one when it is close, else the whole list
 * (`none` when empty), e.g. `did you mean "nk_output"?` or `known parameters: a, b`.
 */
export function knownNamesHint(name: string, known: readonly string[], noun = 'parameters'): string {
  return didYouMean(name, known) ?? (known.length ? `known ${noun}: ${known.join(', ')}` : `there are no ${noun}`);
}
