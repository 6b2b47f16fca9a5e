/**
 * Sorties: a vehicle route whose every_days is below 1 on a day flies at the scheduled times
 * A + n · every_days within that day (not at day starts), each vehicle once it is back, loading what
 * the source holds at that moment. Worked by hand; departure times are read from the route itself.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Shipping } from '../../src/components/shipping.js';
import { runYaml, series, yamlModel } from '../helpers.js';

const header = (days: number) => `name: sorties\nstart: 2024-01-01\ndays: ${days}\nmunitions: [{ id: m }]\n`;

/** Runs `body` and returns the simulated time of every departure, by route id. */
function departureTimes(body: string, days: number): Record<string, number[]> {
  const times: Record<string, number[]> = {};
  const send = (Shipping.prototype as unknown as { send: (...args: unknown[]) => void }).send;
  vi.spyOn(Shipping.prototype as unknown as { send: (...args: unknown[]) => void }, 'send').mockImplementation(function (this: Shipping<never>, ...args: unknown[]) {
    (times[this.id] ??= []).push(Math.round(this.time() * 1e9) / 1e9);
    return send.apply(this, args);
  });
  runYaml(yamlModel(body, header(days)));
  return times;
}

afterEach(() => { vi.restoreAllMocks(); });

const plenty = 'stockpiles: [{ id: src, initial: { m: 100000 } }, { id: dst }]\n';

describe('one vehicle, every_days 0.25, 0.1 days out and 0.1 back', () => {
  const body = `${plenty}routes: [{ id: air, from: src, to: dst, munitions: [m], shipment: 10, every_days: 0.25, transit_days: 0.1 }]\n`;

  it('departs four times a day, at t = d, d + 0.25, d + 0.5, d + 0.75', () => {
    expect(departureTimes(body, 2).air).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75]);
  });

  it('ships and delivers 40 a day (each sortie lands 0.1 after it leaves, within the day)', () => {
    const result = runYaml(yamlModel(body, header(2)));
    expect(series(result, 'air.departures')).toEqual([4, 4]);
    expect(series(result, 'air.shipped')).toEqual([40, 40]);
    expect(series(result, 'air.delivered')).toEqual([40, 40]);
    expect(series(result, 'air.in_transit')).toEqual([0, 0]);
  });
});

describe('a vehicle not back by its slot waits for the next one', () => {
  // 0.3 out and 0.3 back: away 0.6, so it flies every third slot: 0, 0.75, 1.5, 2.25, 3, 3.75, 4.5, 5.25.
  const body = `${plenty}routes: [{ id: air, from: src, to: dst, munitions: [m], shipment: 10, every_days: 0.25, transit_days: 0.3 }]\n`;

  it('departs at 0, 0.75, 1.5, 2.25, 3, 3.75, 4.5, 5.25 (no make-up sorties, no drift)', () => {
    expect(departureTimes(body, 6).air).toEqual([0, 0.75, 1.5, 2.25, 3, 3.75, 4.5, 5.25]);
  });

  it('delivers at 0.3, 1.05, 1.8, 2.55, 3.3, 4.05, 4.8, 5.55: 10, 20, 10, 10, 20, 10 a day', () => {
    const result = runYaml(yamlModel(body, header(6)));
    expect(series(result, 'air.departures')).toEqual([2, 1, 1, 2, 1, 1]);
    expect(series(result, 'air.delivered')).toEqual([10, 20, 10, 10, 20, 10]);
  });
});

describe('each sortie loads what the source holds at its time', () => {
  it('25 shells and 10 a sortie: 10 at t = 0, 10 at 0.25, 5 at 0.5, none at 0.75; a lot released at t = 1 flies at 1 and 1.25', () => {
    // The factory's day-0 lot (20) is released when day 0 closes, at t = 1, before day 1's sorties.
    const body = `stockpiles: [{ id: src, initial: { m: 25 } }, { id: dst }]
factories: [{ id: plant, munition: m, to: src, rate: "t < 1 ? 20 : 0" }]
routes: [{ id: air, from: src, to: dst, munitions: [m], shipment: 10, every_days: 0.25, transit_days: 0.1 }]
`;
    expect(departureTimes(body, 2).air).toEqual([0, 0.25, 0.5, 1, 1.25]);
    const result = runYaml(yamlModel(body, header(2)));
    expect(series(result, 'air.shipped')).toEqual([25, 20]);
    // Day 0's row is recorded after the plant's release at t = 1, before day 1's sorties.
    expect(series(result, 'src.stock')).toEqual([20, 0]);
  });

  it('two routes with sorties at the same times load in file order: 15 shells, 10 each → 10 and 5 at t = 0', () => {
    const result = runYaml(yamlModel(`stockpiles: [{ id: src, initial: { m: 15 } }, { id: a }, { id: b }]
routes:
  - { id: first, from: src, to: a, munitions: [m], shipment: 10, every_days: 0.5, transit_days: 0.1 }
  - { id: second, from: src, to: b, munitions: [m], shipment: 10, every_days: 0.5, transit_days: 0.1 }
`, header(1)));
    expect(series(result, 'first.shipped')).toEqual([10]);
    expect(series(result, 'second.shipped')).toEqual([5]);
  });
});

describe('schedules across days and fleets', () => {
  it('two vehicles staggered by 0.1: slots 0, 0.25, … and 0.1, 0.35, …', () => {
    const body = `${plenty}routes: [{ id: air, from: src, to: dst, munitions: [m], vehicles: 2, stagger_days: 0.1, shipment: 10, every_days: 0.25, transit_days: 0.05 }]\n`;
    expect(departureTimes(body, 1).air).toEqual([0, 0.1, 0.25, 0.35, 0.5, 0.6, 0.75, 0.85]);
  });

  it('every_days "t < 1 ? 0.5 : 2": sorties at 0 and 0.5, then day starts 1, 3, 5', () => {
    // Day 1 reads 2: the slot due at 1 is kept (it departs on day 1) and the schedule runs on 2 from there.
    const body = `${plenty}routes: [{ id: air, from: src, to: dst, munitions: [m], shipment: 10, every_days: "t < 1 ? 0.5 : 2", transit_days: 0.1 }]\n`;
    expect(departureTimes(body, 6).air).toEqual([0, 0.5, 1, 3, 5]);
  });

  it('every_days "t < 2 ? 2 : 0.25": day 0, then sorties from its next due time, day 2', () => {
    const body = `${plenty}routes: [{ id: air, from: src, to: dst, munitions: [m], shipment: 10, every_days: "t < 2 ? 2 : 0.25", transit_days: 0.1 }]\n`;
    expect(departureTimes(body, 3).air).toEqual([0, 2, 2.25, 2.5, 2.75]);
  });

  it('flies no sortie on a day the route is closed', () => {
    const result = runYaml(yamlModel(`${plenty}routes: [{ id: air, from: src, to: dst, munitions: [m], shipment: 10, every_days: 0.25, transit_days: 0.1 }]
events: [{ date: 2024-01-02, close: { route: air, days: 1 } }]
`, header(3)));
    expect(series(result, 'air.departures')).toEqual([4, 0, 4]);
  });

  it('every_days 0.1: slot 10 · 0.1 is day 1 exactly, so 10 sorties a day', () => {
    const result = runYaml(yamlModel(`${plenty}routes: [{ id: air, from: src, to: dst, munitions: [m], shipment: 1, every_days: 0.1, transit_days: 0.02 }]\n`, header(3)));
    expect(series(result, 'air.departures')).toEqual([10, 10, 10]);
  });
});
