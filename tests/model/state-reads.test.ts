/**
 * What the loader refuses in quantities that read the run (src/model/state-reads.ts and the
 * run-reading functions of src/model/expressions.ts): unknown ids and ids of the wrong kind (with
 * "did you mean"), wrong argument counts, ids not in quotes, any other string, and a call in a field
 * that cannot read the run, each at its file and line; and the docs' table of the functions.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/assembly/load-model.js';
import { compileQuantity, STATE_FUNCTIONS } from '../../src/model/expressions.js';
import { UserError } from '../../src/model/errors.js';
import { RUN_READING_FIELDS } from '../../src/model/state-reads.js';

/** A model whose front's demand is `demand` (line 10), and whose other fields can be replaced. */
const text = (demand: string, extra: Record<string, string> = {}) => `name: refuse
start: 2024-01-01
days: 5
parameters: { p: 2 }
munitions: [{ id: m }]
stockpiles: [{ id: depot, initial: { m: 100 }${extra.capacity ? `, capacity: '${extra.capacity}'` : ''} }, { id: far }]
factories: [{ id: plant, munition: m, to: depot, rate: 5${extra.defect ? `, defect_rate: '${extra.defect}'` : ''} }]
routes: [{ id: rail, from: depot, to: far, munitions: [m], shipment: 10, transit_days: ${extra.transit ? `'${extra.transit}'` : 1} }]
consumers:
  - { id: front, draws_from: [far], munitions: [m], demand: '${demand}'${extra.keep ? `, keep: '${extra.keep}'` : ''} }
${extra.set ? `events: [{ date: 2024-01-02, set: { p: '${extra.set}' } }]` : ''}
`;

function issuesOf(yaml: string) {
  try {
    parseModel(yaml, 'refuse.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).issues;
  }
  throw new Error('expected the model to be refused');
}

describe('ids', () => {
  it.each([
    ['stock("depo")', 'stock("depo") names unknown stockpile "depo"', 'did you mean "depot"?'],
    ['stock("plant")', 'stock("plant") needs a stockpile id, but "plant" is a factory', undefined],
    ['stock("depot", "mm")', 'stock("depot", "mm") names unknown munition "mm"', 'did you mean "m"?'],
    ['stock("depot", "far")', 'stock("depot", "far") needs a munition id, but "far" is a stockpile', undefined],
    ['in_transit("rial")', 'in_transit("rial") names unknown route "rial"', 'did you mean "rail"?'],
    ['shipped("depot")', 'shipped("depot") needs a route id, but "depot" is a stockpile', undefined],
    ['delivered("front")', 'delivered("front") needs a route id, but "front" is a front (consumer)', undefined],
    ['consumed("rail")', 'consumed("rail") needs a front (consumer) id, but "rail" is a route', undefined],
    ['produced("plnt")', 'produced("plnt") names unknown factory "plnt"', 'did you mean "plant"?'],
    ['demand_avg("frnt", 3)', 'demand_avg("frnt", …) names unknown front (consumer) "frnt"', 'did you mean "front"?'],
  ])('%s is refused at its line: %s', (call, message, hint) => {
    const [issue] = issuesOf(text(call));
    expect(issue).toMatchObject({ file: 'refuse.yaml', path: 'consumers[0].demand', line: 10 });
    expect(issue.message).toContain(message);
    if (hint) expect(issue.hint).toBe(hint);
  });
});

describe('calls', () => {
  it.each([
    ['stock()', 'stock takes 1 or 2 arguments ("stockpile"[, "munition"]), got 0'],
    ['stock("depot", "m", "x")', 'stock takes 1 or 2 arguments ("stockpile"[, "munition"]), got 3'],
    ['shipped("rail", 2)', 'shipped takes 1 argument ("route"), got 2'],
    ['demand_avg("front")', 'demand_avg takes 2 arguments ("consumer", days), got 1'],
    ['stock(depot)', 'stock\'s first argument must be the stockpile\'s id in quotes, got depot'],
    ['stock("depot", p)', 'stock\'s second argument must be the munition\'s id in quotes, got p'],
    ['produced(1)', 'produced\'s first argument must be the factory\'s id in quotes, got 1'],
    ['demand_avg("front", 2.5)', 'demand_avg\'s days must be a whole number ≥ 1, got 2.5'],
    ['demand_avg("front", 0)', 'demand_avg\'s days must be a whole number ≥ 1, got 0'],
    ['demand_avg("front", stock("depot"))', 'demand_avg\'s days cannot read the run'],
    ['demand_avg("front", "3")', 'demand_avg\'s days must be a whole number ≥ 1, got "3"'],
    ['stock("depot") + "x"', 'contains the constant "x"; only numbers are allowed'],
    ['max("depot")', 'contains the constant "depot"; only numbers are allowed'],
  ])('%s: %s', (expression, message) => {
    const [issue] = issuesOf(text(expression));
    expect(issue).toMatchObject({ path: 'consumers[0].demand', line: 10 });
    expect(issue.message).toContain(message);
  });

  it('keeps the sandbox: a string is no way into mathjs (only ids of run-reading calls are strings)', () => {
    const context = { parameterNames: new Set<string>(), dayOf: () => undefined };
    for (const source of ['evaluate("1+1")', 'stock(evaluate("1"))', 'stock("a").constructor', 'stock["a"]']) {
      expect(() => compileQuantity(source, context), source).toThrow();
    }
    // The id stays text: it is never evaluated, whatever it says.
    const q = compileQuantity('stock("import") + 1', context);
    expect(q.kind === 'expression' && q.state).toEqual([{ name: 'stock', ids: ['import'], symbol: '$0' }]);
  });
});

describe('fields', () => {
  it.each([
    ['capacity', { capacity: 'stock("depot") + 5' }, 'stockpiles[0].capacity', 6],
    ['defect_rate', { defect: 'produced("plant") > 0 ? 0.1 : 0' }, 'factories[0].defect_rate', 7],
    ['transit_days', { transit: 'stock("far")' }, 'routes[0].transit_days', 8],
    ['keep', { keep: 'consumed("front")' }, 'consumers[0].keep', 10],
    ['an event\'s set', { set: 'stock("depot")' }, 'events[0].set.p', 11],
  ])('%s cannot read the run', (_name, extra, path, line) => {
    const issues = issuesOf(text('10', extra));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path, line });
    expect(issues[0].message).toMatch(/calls (stock|produced|consumed)\(\), but this field cannot read the run/);
    expect(issues[0].hint).toBe(`only ${RUN_READING_FIELDS.join(', ')} can, written as a plain expression`);
  });

  it('accepts them in rate, demand, shipment and capacity_per_day', () => {
    const model = parseModel(`name: ok
start: 2024-01-01
days: 3
munitions: [{ id: m }]
stockpiles: [{ id: a, initial: { m: 100 } }, { id: b }]
factories: [{ id: f, munition: m, to: a, rate: 'produced("f") < 10 ? 5 : 0' }]
routes:
  - { id: r, from: a, to: b, munitions: [m], shipment: 'stock("b") < 5 ? 10 : 1', transit_days: 1 }
  - { id: p, from: a, to: b, munitions: [m], capacity_per_day: 'in_transit("r") + 1', transit_days: 1 }
consumers: [{ id: c, draws_from: [b], munitions: [m], demand: 'demand_avg("c", 2) + shipped("r") * 0 + delivered("p") * 0 + consumed("c") * 0 + 1' }]
`, 'ok.yaml');
    expect(model.quantities.filter((q) => q.reads).map((q) => q.path)).toEqual(['factories[0].rate', 'routes[0].shipment', 'routes[1].capacity_per_day', 'consumers[0].demand']);
    expect(model.quantities.find((q) => q.path === 'consumers[0].demand')!.reads).toEqual([
      { name: 'demand_avg', component: 0 }, { name: 'shipped', component: 0 }, { name: 'delivered', component: 1 }, { name: 'consumed', component: 0 },
    ]);
  });
});

it('the docs table of "Quantities that read the run" lists every run-reading function', () => {
  const docs = readFileSync(new URL('../../docs/model-format.md', import.meta.url), 'utf8');
  const section = docs.slice(docs.indexOf('## Quantities that read the run'));
  for (const [name, signature] of Object.entries(STATE_FUNCTIONS)) {
    expect(section, `${name}(${signature.args}) is missing`).toContain(`| \`${name}(${signature.args})\` | ${signature.min === signature.max ? signature.min : `${signature.min} or ${signature.max}`} | ${signature.value} |`);
  }
  for (const field of RUN_READING_FIELDS) expect(section).toContain(`\`${field.split('.').at(-1)}\``);
});
