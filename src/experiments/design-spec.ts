/**
 * What an analyst asks a sweep to vary — `--vary nk_output=3000:9000:4`, `--vary detect_p`,
 * `--design lhs --samples 50` — turned into design points: one record of parameter values per point.
 * Every value lies inside its parameter's declared [min, max]; anything else is refused before a run.
 */
import type { Model, Parameter } from '../model/model.js';
import { UserError, type Issue } from '../model/errors.js';
import { knownNamesHint } from '../model/suggest.js';
import { checkDesignCells } from '../model/limits.js';
import { gridDesign, linspace } from '../sample/grid.js';
import { sampleLhs } from '../sample/lhs.js';
import { SOBOL_MAX_DIMS, sobolSequence } from '../sample/sobol.js';
import { stratumToWhole } from '../sample/whole-numbers.js';
import { notWhole } from '../model/rules.js';
import type { Warning } from '../model/warnings.js';

export type DesignKind = 'grid' | 'lhs' | 'sobol';
export const DESIGN_KINDS: readonly DesignKind[] = ['grid', 'lhs', 'sobol'];

/** The most design points one sweep may have; a grid grows as the product of its levels. */
export const MAX_DESIGN_POINTS = 1_000_000;

/** One varied parameter: its range and, for a grid, its levels. */
export interface Factor {
  name: string;
  low: number;
  high: number;
  /** The grid's levels in visiting order; undefined for lhs and sobol (they sample [low, high]). */
  levels?: number[];
  /** The `--vary` text it came from, to name it in errors. */
  source: string;
  /** The parameter takes whole numbers (`integer: true`): levels and samples are whole. */
  integer?: boolean;
  /** What rounding to whole numbers did to its grid levels, when it merged some. */
  warning?: Warning;
}

export interface DesignRequest {
  /** `--vary` texts: `name=LOW:HIGH:N`, `name=v1,v2,…`, `name=LOW:HIGH` or `name` (lhs, sobol). */
  vary: readonly string[];
  kind: DesignKind;
  /** Points of an lhs or sobol design; must be absent for a grid. */
  samples?: number;
  /** Seed of the lhs permutations or the sobol scramble. */
  seed: number;
}

/** Design points over named parameters; `points[i][j]` is the value of `parameters[j]` at point i. */
export interface Design {
  kind: DesignKind;
  parameters: string[];
  factors: Factor[];
  points: number[][];
  samples?: number;
  seed: number;
  /** Grid levels of integer parameters that rounded onto one another. */
  warnings: Warning[];
}

/**
 * Parses `--vary` texts against the model's parameters and builds the design. With no `--vary` the
 * design is the single point of the model's own values (a plain replication study).
 * Values are rounded to 6 decimals (the precision of every CSV munisim writes), so a point copied
 * from design.csv into `munisim run --set` reproduces the run exactly.
 * @throws UserError naming the offending `--vary` text: unknown parameter, non-numeric value,
 *   LOW > HIGH, N < 1, a value outside [min, max], a range missing for lhs/sobol, too many points.
 */
export function planDesign(model: Model, request: DesignRequest): Design {
  const factors = parseVary(model, request.vary, request.kind);
  checkSamples(request, factors.length);
  return buildDesign(request.kind, factors, request.samples, request.seed);
}

/** Parses `--vary` texts; throws UserError listing every bad one. */
export function parseVary(model: Model, vary: readonly string[], kind: DesignKind): Factor[] {
  const issues: Issue[] = [];
  const factors: Factor[] = [];
  const seen = new Set<string>();
  vary.forEach((text, i) => {
    const refuse = (message: string, hint?: string) => { issues.push({ path: `vary[${i}]`, input: text, message, ...(hint !== undefined ? { hint } : {}) }); };
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(text.trim());
    if (!match) {
      refuse('expected name=LOW:HIGH:N, name=v1,v2,… or (lhs, sobol) name or name=LOW:HIGH', 'e.g. `vary` nk_output=3000:9000:4');
      return;
    }
    const [, name, body] = match;
    const parameter = model.parameters.find((p) => p.name === name);
    if (!parameter) {
      refuse(`unknown parameter "${name}"`, knownNamesHint(name, model.parameters.map((p) => p.name), `parameters in ${model.file}`));
      return;
    }
    if (seen.has(name)) { refuse(`"${name}" is varied twice`, 'give each parameter one `vary`'); return; }
    seen.add(name);
    const factor = parseFactor(parameter, body, kind, text, refuse);
    const whole = factor && parameter.integer ? wholeFactor(factor, parameter, refuse) : factor;
    if (whole) factors.push(whole);
  });
  if (issues.length > 0) throw new UserError(issues);
  return factors;
}

function parseFactor(parameter: Parameter, body: string | undefined, kind: DesignKind, source: string,
  refuse: (message: string, hint?: string) => void): Factor | undefined {
  const { name } = parameter;
  const range = `[${parameter.min ?? '-∞'}, ${parameter.max ?? '∞'}]`;
  const inRange = (value: number) => (parameter.min === undefined || value >= parameter.min) && (parameter.max === undefined || value <= parameter.max);
  const number = (text: string, what: string): number | undefined => {
    const value = text.trim() === '' ? NaN : Number(text);
    if (!Number.isFinite(value)) { refuse(`${what} "${text}" is not a number`); return undefined; }
    if (!inRange(value)) {
      refuse(`${what} ${value} is outside the parameter's range ${range}`, `widen min/max of ${name} in the model file if the value is meant`);
      return undefined;
    }
    return value;
  };

  if (body === undefined) {
    if (kind === 'grid') {
      refuse('a grid needs levels', `e.g. \`vary\` ${name}=${parameter.min ?? 0}:${parameter.max ?? 1}:5 or ${name}=v1,v2,v3; a bare name takes the model's min/max with \`kind\` lhs or sobol`);
      return undefined;
    }
    if (parameter.min === undefined || parameter.max === undefined) {
      refuse(`the model gives ${name} no ${parameter.min === undefined ? 'min' : 'max'}, so its range is unknown`, `write \`vary\` ${name}=LOW:HIGH, or give ${name} min and max in the model file`);
      return undefined;
    }
    return { name, low: parameter.min, high: parameter.max, source };
  }

  const parts = body.split(':');
  if (body.includes(',') || parts.length === 1) {
    if (kind !== 'grid') {
      refuse(`${kind} samples a range, not a list of values`, `write \`vary\` ${name}=LOW:HIGH (or just ${name} for the model's min/max)`);
      return undefined;
    }
    const values = body.split(',').map((text) => number(text, 'value'));
    if (values.some((v) => v === undefined)) return undefined;
    const fractional = values.find((v) => notWhole(parameter, v!));
    if (fractional !== undefined) { refuse(notWhole(parameter, fractional)!); return undefined; }
    const levels = (values as number[]).map((v) => clampTo(parameter, roundDesignValue(v)));
    if (new Set(levels).size !== levels.length) { refuse('lists a value twice'); return undefined; }
    return { name, low: Math.min(...levels), high: Math.max(...levels), levels, source };
  }

  if (kind === 'grid' && parts.length !== 3) {
    refuse('a grid range needs a number of levels: name=LOW:HIGH:N', `e.g. \`vary\` ${name}=${parts[0] || 0}:${parts[1] || 1}:5`);
    return undefined;
  }
  if (kind !== 'grid' && parts.length !== 2) {
    refuse(`${kind} takes a range name=LOW:HIGH (the number of points is \`samples\`)`);
    return undefined;
  }
  const low = number(parts[0], 'LOW');
  const high = number(parts[1], 'HIGH');
  if (low === undefined || high === undefined) return undefined;
  if (low > high) { refuse(`LOW (${low}) is above HIGH (${high})`, `write ${name}=${high}:${low}${kind === 'grid' ? `:${parts[2]}` : ''}`); return undefined; }
  if (kind !== 'grid') return { name, low, high, source };

  const n = Number(parts[2]);
  if (parts[2].trim() === '' || !Number.isInteger(n) || n < 1) { refuse(`N must be a whole number ≥ 1, got "${parts[2]}"`); return undefined; }
  if (n > MAX_DESIGN_POINTS) { refuse(`N = ${n} levels is more than a sweep may have (${MAX_DESIGN_POINTS})`); return undefined; }
  if (low === high && n > 1) { refuse(`LOW equals HIGH, so the ${n} levels would all be ${low}`, `write ${name}=${low} for one level`); return undefined; }
  const levels = linspace(low, high, n).map((v) => clampTo(parameter, roundDesignValue(v)));
  if (new Set(levels).size !== levels.length) { refuse(`${n} levels between ${low} and ${high} are closer than 1e-6 apart`); return undefined; }
  return { name, low, high, levels, source };
}

function checkSamples(request: DesignRequest, dims: number): void {
  const { kind, samples } = request;
  if (kind === 'grid') {
    if (samples !== undefined) {
      throw new UserError({ code: 'conflict', path: 'samples', message: 'a grid has the product of its levels as points; `samples` is for `kind` lhs or sobol' });
    }
    return;
  }
  if (samples === undefined) {
    throw new UserError({ code: 'missing', path: 'samples', message: `\`kind\` ${kind} needs the number of points`, hint: 'e.g. `samples` 64' });
  }
  if (!Number.isInteger(samples) || samples < 1 || samples > MAX_DESIGN_POINTS) {
    throw new UserError({ code: 'out_of_range', path: 'samples', message: `expected a whole number from 1 to ${MAX_DESIGN_POINTS}, got ${samples}` });
  }
  if (dims === 0) {
    throw new UserError({ code: 'missing', path: 'vary', message: `\`kind\` ${kind} needs at least one \`vary\` parameter`, hint: 'e.g. `vary` nk_output (the model\'s min/max) or `vary` nk_output=3000:9000' });
  }
  if (kind === 'sobol' && dims > SOBOL_MAX_DIMS) {
    throw new UserError({ code: 'out_of_range', path: 'vary', message: `sobol supports at most ${SOBOL_MAX_DIMS} parameters, got ${dims}` });
  }
}

/**
 * Design points from parsed factors: the grid's full factorial (first factor slowest), or `samples`
 * lhs / scrambled-sobol points in the unit cube scaled onto each factor's [low, high].
 * @throws UserError if the grid has more than {@link MAX_DESIGN_POINTS} points, or the design more
 *   than LIMITS.designCells cells (points × parameters)
 */
export function buildDesign(kind: DesignKind, factors: Factor[], samples: number | undefined, seed: number): Design {
  const parameters = factors.map((f) => f.name);
  let points: number[][];
  if (kind === 'grid') {
    const size = factors.reduce((product, f) => product * (f.levels?.length ?? 1), 1);
    if (size > MAX_DESIGN_POINTS) {
      throw new UserError({ code: 'out_of_range', path: 'vary', message: `the grid has ${size} points (${factors.map((f) => f.levels?.length).join(' × ')}); a sweep may have at most ${MAX_DESIGN_POINTS}`, hint: 'use fewer levels, or `kind` lhs/sobol with `samples`' });
    }
    checkDesignCells(size, factors.length, 'design', 'use fewer levels, or vary fewer parameters');
    points = gridDesign(factors.map((f) => f.levels ?? [f.low]));
  } else {
    const n = samples ?? 0;
    checkDesignCells(n, factors.length, 'samples', 'lower the number of samples, or vary fewer parameters');
    const unit = kind === 'lhs' ? sampleLhs(n, factors.length, seed) : sobolSequence(n, factors.length, { scramble: true, seed });
    points = unit.map((u) => u.map((x, d) => {
      const { low, high, integer } = factors[d];
      if (integer) return stratumToWhole(x, n, Math.ceil(low), Math.floor(high) - Math.ceil(low) + 1);
      return Math.min(high, Math.max(low, roundDesignValue(low + x * (high - low))));
    }));
  }
  const warnings = factors.flatMap((f) => (f.warning ? [f.warning] : []));
  return { kind, parameters, factors, points, samples: kind === 'grid' ? undefined : samples, seed, warnings };
}

/**
 * A factor of an integer parameter: grid levels are rounded to whole numbers (half away from zero,
 * kept within the parameter's [min, max]) and merged where they meet, with a warning; a sampled
 * range must hold a whole number.
 */
function wholeFactor(factor: Factor, parameter: Parameter, refuse: (message: string, hint?: string) => void): Factor | undefined {
  const { name, low, high, levels } = factor;
  const lowest = Math.ceil(parameter.min ?? -Infinity);
  const highest = Math.floor(parameter.max ?? Infinity);
  const toWhole = (v: number) => Math.min(highest, Math.max(lowest, Math.sign(v) * Math.round(Math.abs(v)))) || 0; // || 0: no -0
  if (levels === undefined) {
    if (Math.ceil(low) > Math.floor(high)) { refuse(`${name} takes whole numbers (integer: true), and there is none from ${low} to ${high}`); return undefined; }
    return { ...factor, integer: true };
  }
  const whole = [...new Set(levels.map(toWhole))];
  const warning: Warning | undefined = whole.length === levels.length ? undefined : {
    code: 'integer_levels',
    path: `vary.${name}`,
    message: `${name} takes whole numbers: its ${levels.length} levels from ${low} to ${high} round to ${whole.length} (${whole.join(', ')})`,
  };
  return { ...factor, levels: whole, integer: true, ...(warning ? { warning } : {}) };
}

/** The parameter values of design point `index`, as a record for `resolveScenario`. */
export function pointParameters(design: Design, index: number): Record<string, number> {
  const values: Record<string, number> = {};
  design.parameters.forEach((name, j) => { values[name] = design.points[index][j]; });
  return values;
}

/** Rounds to 6 decimals: what formatValue writes, so the CSV value parses back to the same double. */
export function roundDesignValue(value: number): number {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e9) return value;
  const rounded = Math.round(value * 1e6) / 1e6;
  return rounded === 0 ? 0 : rounded; // no -0
}

function clampTo(parameter: Parameter, value: number): number {
  if (parameter.min !== undefined && value < parameter.min) return parameter.min;
  if (parameter.max !== undefined && value > parameter.max) return parameter.max;
  return value;
}

/**
 * Checks `--set` values against the model before anything is written: known, finite, in range,
 * and not also varied. @throws UserError listing every problem
 */
export function checkFixedParameters(model: Model, fixed: Record<string, number>, varied: readonly string[]): void {
  const issues: Issue[] = [];
  for (const [name, value] of Object.entries(fixed)) {
    const parameter = model.parameters.find((p) => p.name === name);
    const at = { path: `fixed.${name}`, input: `${name}=${value}` };
    if (!parameter) {
      issues.push({ ...at, code: 'unknown_name', message: `unknown parameter "${name}"`, hint: knownNamesHint(name, model.parameters.map((p) => p.name), `parameters in ${model.file}`) });
    } else if (varied.includes(name)) {
      issues.push({ ...at, code: 'conflict', message: `${name} is also varied with \`vary\``, hint: 'set it or vary it, not both' });
    } else if ((parameter.min !== undefined && value < parameter.min) || (parameter.max !== undefined && value > parameter.max)) {
      issues.push({ ...at, code: 'out_of_range', message: `${value} is outside the parameter's range [${parameter.min ?? '-∞'}, ${parameter.max ?? '∞'}]` });
    } else if (notWhole(parameter, value)) {
      issues.push({ ...at, code: 'not_whole', message: notWhole(parameter, value)! });
    }
  }
  if (issues.length > 0) throw new UserError(issues);
}
