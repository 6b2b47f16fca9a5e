import { describe, expect, it } from 'vitest';
import { Meters } from '../../src/engine/meter.js';

/** A small LCG: the same sequence of (meter, slot, amount) every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('Meters', () => {
  it('keeps every meter apart in the shared blocks: its today and total equal a per-meter count, across closed days', () => {
    const meters = new Meters();
    // Sizes that fill one 256-slot block, spill into the next, and one larger than a block.
    const sizes = [1, 5, 250, 1, 7, 300, 3, ...Array.from({ length: 60 }, (_, i) => 1 + (i % 9))];
    const all = sizes.map((slots) => meters.create(slots));
    const today = sizes.map((slots) => new Array<number>(slots).fill(0));
    const total = sizes.map((slots) => new Array<number>(slots).fill(0));
    const random = lcg(7);
    for (let day = 0; day < 5; day++) {
      for (let k = 0; k < 2000; k++) {
        const m = Math.floor(random() * sizes.length);
        const slot = Math.floor(random() * sizes[m]);
        const amount = Math.floor(random() * 200) - 50; // whole shells, corrections included
        all[m].add(slot, amount);
        today[m][slot] += amount;
        total[m][slot] += amount;
      }
      all.forEach((meter, m) => {
        expect(meter.today.length).toBe(sizes[m]);
        expect(meter.total.length).toBe(sizes[m]);
        expect([...meter.today]).toEqual(today[m]);
        expect([...meter.total]).toEqual(total[m]);
        for (let slot = 0; slot < sizes[m]; slot++) expect(meter.totalOf(slot)).toBe(total[m][slot]);
      });
      meters.closeDay();
      for (const counts of today) counts.fill(0);
      all.forEach((meter, m) => {
        expect([...meter.today]).toEqual(today[m]);
        expect([...meter.total]).toEqual(total[m]);
      });
    }
  });

  it('gives views that stay live: read before counting, they show what is counted after, and closing the day zeroes today', () => {
    const meters = new Meters();
    meters.create(3);
    const meter = meters.create(2);
    const { today, total } = meter;
    meter.add(1, 4);
    meter.add(1, 3);
    expect([...today]).toEqual([0, 7]);
    expect([...total]).toEqual([0, 7]);
    expect(meter.today).toBe(today); // one view per reading, made once
    meters.closeDay();
    meter.add(0, 2);
    expect([...today]).toEqual([2, 0]);
    expect([...total]).toEqual([2, 7]);
  });

  it('counts 0.1 ten times as ten additions in floating point, in both readings', () => {
    const meter = new Meters().create();
    let expected = 0;
    for (let i = 0; i < 10; i++) { meter.add(0, 0.1); expected += 0.1; }
    expect(meter.today[0]).toBe(expected); // 0.9999999999999999, not 1: the same sums as before
    expect(meter.total[0]).toBe(expected);
  });

  it('refuses a slot outside the meter, which in a shared block would count in (or read) its neighbour', () => {
    const meters = new Meters();
    const first = meters.create(2);
    const second = meters.create(1);
    expect(() => first.add(2, 5)).toThrow('meter of 2 slot(s) counted in slot 2');
    expect(() => first.add(-1, 5)).toThrow('counted in slot -1');
    expect(() => first.add(Number.NaN, 5)).toThrow('counted in slot NaN');
    expect(() => first.totalOf(2)).toThrow('meter of 2 slot(s) read in slot 2');
    expect(() => second.totalOf(-1)).toThrow('read in slot -1');
    expect(second.today[0]).toBe(0);
    expect(second.total[0]).toBe(0);
  });
});
