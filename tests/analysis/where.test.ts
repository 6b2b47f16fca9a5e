import { describe, expect, it } from 'vitest';
import { compileWhere } from '../../src/analysis/where.js';
import { UserError, formatIssue } from '../../src/model/errors.js';

const KPIS = ['fill_rate', 'shortfall_total', 'first_shortfall_day.ru-front', 'first_shortfall_day.ru-front-2', 'produced_total'];
// fill_rate, shortfall_total, first_shortfall_day.ru-front, ….ru-front-2, produced_total
const RUN = [0.7, 1200, 250, 400, 1_500_000];

describe('compileWhere', () => {
  it.each([
    ['fill_rate < 0.8', true],
    ['fill_rate<0.8', true],
    ['fill_rate >= 0.8', false],
    ['first_shortfall_day.ru-front < 300', true],
    ['first_shortfall_day.ru-front-2 < 300', false],
    ['first_shortfall_day.ru-front-2 - first_shortfall_day.ru-front == 150', true],
    ['fill_rate < 0.8 and produced_total < 1.5e6', false],
    ['fill_rate < 0.8 && produced_total <= 1_500_000', true],
    ['fill_rate > 0.9 or shortfall_total > 1000', true],
    ['not (fill_rate < 0.8)', false],
    ['!(fill_rate < 0.8) || -shortfall_total < -1000', true],
    ['shortfall_total / 2 + 1 * 3 == 603', true],
    ['fill_rate != 0.7', false],
  ])('%s → %s', (text, expected) => {
    expect(compileWhere(text, KPIS).test(RUN)).toBe(expected);
  });

  it('lists the KPIs it reads, and a missing value makes a comparison false', () => {
    const where = compileWhere('first_shortfall_day.ru-front < 300 or fill_rate < 0.5', KPIS);
    expect(where.used).toEqual(['first_shortfall_day.ru-front', 'fill_rate']);
    expect(where.test([0.9, 0, Number.NaN, 0, 0])).toBe(false);
  });

  it.each([
    ['fil_rate < 0.8', 'at column 1: unknown KPI "fil_rate"', 'did you mean "fill_rate"?'],
    ['first_shortfall_day.ru-fron < 3', 'at column 1: unknown KPI "first_shortfall_day.ru-fron"', 'did you mean "first_shortfall_day.ru-front"?'],
    ['fill_rate', 'at column 1: the whole expression needs a condition, got a number', 'compare it, e.g. `fill_rate < 0.8`'],
    ['fill_rate < ', 'at column 13: ends where a value was expected', undefined],
    ['(fill_rate < 0.8', "at column 17: expected ')' to close the '(' at column 1", undefined],
    ['fill_rate < 0.8 shortfall_total > 1', "at column 17: unexpected 'shortfall_to' after a complete expression", undefined],
    ['fill_rate < 0.8 and 3', "at column 21: 'and' needs a condition, got a number", undefined],
    ['fill_rate < #', "at column 13: unexpected '#'", undefined],
    ['', 'at column 1: is empty', undefined],
  ])('refuses %j: %s', (text, message, hint) => {
    try {
      compileWhere(text, KPIS);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      const [issue] = (error as UserError).issues;
      expect(issue.path).toBe('where');
      expect(issue.message).toBe(message);
      if (hint) expect(issue.hint).toBe(hint);
      expect(formatIssue(issue)).toContain(JSON.stringify(text));
    }
  });
});
