/**
 * What every kind of route shares: lots loaded at the source within its loading rules (reserves,
 * the route's floor and forward share), sent with a transit draw, possibly detected or lost, and
 * unloaded at the destination as far as it has room (the rest waits, blocked, and retries at the
 * start of each day). A kind (vehicles on a schedule, a pipeline) only decides when lots leave and
 * how big they are, and what happens to a lot once it has arrived.
 */
import { z } from '../model/zod.js';
import type { Meter } from '../engine/meter.js';
import { sampleDistribution } from '../engine/distributions.js';
import { randomStream, type SimRandom } from '../engine/random.js';
import { Entity, schedule } from '../engine/simjs.js';
import type { DayWindow, Model, RouteSpec } from '../model/model.js';
import { DateInput, DistributionInput, Id, QuantityInput } from '../model/schema.js';
import { WholeShellCarry, wholeShells, wholeUp } from '../model/whole-shells.js';
import type { BalanceTerms, BuildTools, Component, Metric, Reading, RunContext, StockpileAccess } from './contract.js';
import { buildDate } from './moved-date.js';

/** Stands in for a stream whose probability is always 0: 1 is never below it. */
const NEVER_DRAWN = { random: () => 1 } as unknown as SimRandom;

/** Whether any day of `table` is above 0. A loop, not `table.some(…)`: the builtin boxes each day's value for its callback, a heap number per day at every run's start. */
function anyPositive(table: Float64Array): boolean {
  for (let day = 0; day < table.length; day++) if (table[day] > 0) return true;
  return false;
}

/** A lot under way: shells aboard per munition index, its fate, and whether it waits at a full destination. */
export interface Lot {
  load: Float64Array;
  lost: boolean;
  waitingToUnload: boolean;
  transitDays: number;
}

/** The fields of a route entry every route kind accepts, as written. */
export const ROUTE_FIELDS = {
  id: Id,
  from: Id,
  to: Id,
  munitions: z.array(Id).min(1, { error: 'list at least one munition the route carries' }),
  min_load: QuantityInput.optional(),
  transit_days: DistributionInput,
  open: z.array(z.strictObject({ from: DateInput.optional(), until: DateInput.optional() })).optional(),
  detect_probability: QuantityInput.optional(),
  loss_probability: QuantityInput.optional(),
  approval_delay_days: QuantityInput.optional(),
  forward_share: QuantityInput.optional(),
  floor: QuantityInput.optional(),
  total: QuantityInput.optional(),
  unserviceable: z.strictObject({ share: QuantityInput, becomes: z.record(z.string(), Id) }).optional(),
  description: z.string().optional(),
};

type RouteEntry = z.infer<z.ZodObject<typeof ROUTE_FIELDS>>;

/** Where a route runs and what it carries (resolved first, so the stockpiles hold its munitions). */
export function buildRouteEnds(r: RouteEntry, i: number, tools: BuildTools): Pick<RouteSpec, 'id' | 'from' | 'to' | 'munitions'> {
  const from = tools.refer('stockpiles', r.from, ['routes', i, 'from']);
  const to = tools.refer('stockpiles', r.to, ['routes', i, 'to']);
  if (r.from === r.to) tools.report(['routes', i, 'to'], `a route cannot lead from "${r.from}" back to itself`);
  const munitions = r.munitions.map((m, j) => tools.refer('munitions', m, ['routes', i, 'munitions', j]));
  for (const m of munitions) { tools.handles(from, m); tools.handles(to, m); }
  return { id: r.id, from, to, munitions };
}

/** How lots travel: the smallest lot that leaves, and the transit time. */
export function buildRouteTransit(r: RouteEntry, i: number, tools: BuildTools): Pick<RouteSpec, 'minLoad' | 'transitDays'> {
  return {
    minLoad: tools.quantity(r.min_load ?? 1, ['routes', i, 'min_load'], 'nonNegative'),
    transitDays: tools.distribution(r.transit_days, ['routes', i, 'transit_days']),
  };
}

/** When the route is open, what befalls lots, and how much the source lets go. */
export function buildRouteRules(r: RouteEntry, i: number, to: number, tools: BuildTools): Pick<RouteSpec, 'open' | 'detectProbability' | 'lossProbability' | 'approvalDelayDays' | 'forwardShare' | 'floor' | 'total' | 'unserviceable'> {
  return {
    open: r.open?.map((w, j) => {
      // A window bound may be the day after the last (a window open to the end).
      const from = w.from === undefined ? undefined : buildDate(w.from, ['routes', i, 'open', j, 'from'], tools);
      const until = w.until === undefined ? undefined : buildDate(w.until, ['routes', i, 'open', j, 'until'], tools);
      const window: DayWindow = { fromDay: from?.day ?? -Infinity, untilDay: until?.day ?? Infinity };
      if (from?.shift !== undefined) window.fromShift = from.shift;
      if (until?.shift !== undefined) window.untilShift = until.shift;
      // A bound moved by a parameter is checked per scenario (src/model/moved-dates.ts).
      const moved = from?.shift !== undefined || until?.shift !== undefined;
      if (!moved && window.fromDay >= window.untilDay) tools.report(['routes', i, 'open', j], `the window opens (${from?.text}) on or after it closes (${until?.text})`);
      return window;
    }),
    detectProbability: tools.quantity(r.detect_probability ?? 0, ['routes', i, 'detect_probability'], 'probability'),
    lossProbability: tools.quantity(r.loss_probability ?? 0, ['routes', i, 'loss_probability'], 'probability'),
    approvalDelayDays: tools.quantity(r.approval_delay_days ?? 0, ['routes', i, 'approval_delay_days'], 'nonNegative'),
    forwardShare: r.forward_share === undefined ? undefined : tools.quantity(r.forward_share, ['routes', i, 'forward_share'], 'probability'),
    floor: r.floor === undefined ? undefined : tools.quantity(r.floor, ['routes', i, 'floor'], 'nonNegative'),
    total: r.total === undefined ? undefined : tools.quantity(r.total, ['routes', i, 'total'], 'nonNegative'),
    unserviceable: r.unserviceable && {
      share: tools.quantity(r.unserviceable.share, ['routes', i, 'unserviceable', 'share'], 'probability'),
      becomes: new Map(Object.entries(r.unserviceable.becomes).map(([good, bad]) => {
        const path = ['routes', i, 'unserviceable', 'becomes', good];
        const g = tools.refer('munitions', good, path);
        const b = tools.refer('munitions', bad, path);
        if (!r.munitions.includes(good)) tools.report(path, `the route does not carry "${good}"`, `it carries: ${r.munitions.join(', ')}`);
        if (good === bad) tools.report(path, `"${good}" cannot become itself`);
        tools.handles(to, b);
        return [g, b];
      })),
    },
  };
}

/** `a → b by id (what moves it, munitions)`: a route's line in `validate`. */
export function describeRoute(r: RouteSpec, model: Model, carrier: string): string {
  return `${model.stockpiles[r.from].id} → ${model.stockpiles[r.to].id} by ${r.id} (${carrier}, ${r.munitions.map((m) => model.munitions[m].id).join(', ')})`;
}

/** A route in a run: lots, their loading, travel and unloading. Kinds subclass it. */
export abstract class Shipping<L extends Lot> extends Entity implements Component {
  id!: string;
  spec!: RouteSpec;
  protected context!: RunContext;
  protected source!: StockpileAccess;
  private destination!: StockpileAccess;
  private streams!: { transit: SimRandom; detect: SimRandom; loss: SimRandom };
  protected shipped!: Meter;
  private delivered!: Meter;
  private lost!: Meter;
  /** Shells found unserviceable on arrival, per original munition. */
  private unserviceable!: Meter;
  /** Per original munition: duds so far are round(exact share of everything unloaded so far). */
  private duds!: WholeShellCarry[];
  private departures!: Meter;
  private detections!: Meter;
  private inTransit!: Float64Array;
  private convertedOut!: Float64Array;
  private convertedIn!: Float64Array;
  /** The `open` windows in this scenario; undefined: always open. */
  private windows?: readonly DayWindow[];
  /** No departures before this day (approval delay, strikes). */
  private closedUntilDay = 0;
  /** The first day the approval gate lets the route be used: a fleet's stagger counts from it. */
  protected approvalDay = 0;
  private firstDetectionTime?: number;
  private firstDetectionDay?: number;
  private deliveredBeforeDetection = 0;
  /** Shells the route may still ship under its `total` (whole shells of day 0's value); Infinity without one. */
  private remaining = Infinity;
  /** The day the last shell of its `total` left. */
  private totalReachedDay?: number;

  /** Sets up what every route has; a kind's `start` calls it first. */
  protected startShipping(spec: RouteSpec, context: RunContext): void {
    const { tables, meters, munitionCount } = context;
    this.id = spec.id;
    this.spec = spec;
    this.context = context;
    this.source = context.stockpiles[spec.from];
    this.destination = context.stockpiles[spec.to];
    this.streams = {
      transit: this.stream('transit', true),
      // A purpose whose probability is 0 on every day never draws; its stream is not even seeded.
      detect: this.stream('detect', anyPositive(tables[spec.detectProbability])),
      loss: this.stream('loss', anyPositive(tables[spec.lossProbability])),
    };
    this.shipped = meters.create(munitionCount);
    this.delivered = meters.create(munitionCount);
    this.lost = meters.create(munitionCount);
    this.unserviceable = meters.create(munitionCount);
    this.duds = spec.unserviceable ? Array.from({ length: munitionCount }, () => new WholeShellCarry()) : [];
    this.departures = meters.create();
    this.detections = meters.create();
    this.inTransit = new Float64Array(munitionCount);
    this.convertedOut = new Float64Array(munitionCount);
    this.convertedIn = new Float64Array(munitionCount);
    // Up to a whole day with the shared tolerance: "0.07 * 100" (7.000000000000001) opens on day 7, not 8.
    this.approvalDay = wholeUp(tables[spec.approvalDelayDays][0]);
    this.closedUntilDay = this.approvalDay;
    // Bounds moved by a parameter take their day-0 value (the scenario checked it is a whole day in the horizon).
    this.windows = spec.open?.some((w) => w.fromShift !== undefined || w.untilShift !== undefined)
      ? spec.open.map((w) => ({
        fromDay: w.fromDay + (w.fromShift === undefined ? 0 : tables[w.fromShift][0]),
        untilDay: w.untilDay + (w.untilShift === undefined ? 0 : tables[w.untilShift][0]),
      }))
      : spec.open;
    // A loan or pledge is agreed once: its size is read on day 0, whatever a later `set` does.
    if (spec.total !== undefined) this.remaining = wholeShells(tables[spec.total][0]);
    if (this.remaining <= 0) this.totalReachedDay = 0;
  }

  /** A stream of this route's for `purpose`; one never used is not seeded. */
  protected stream(purpose: string, used: boolean): SimRandom {
    return used ? randomStream(this.context.seed, 'route', this.spec.id, purpose) : NEVER_DRAWN;
  }

  /** A strike on the route: no departures before `day`. Shipments under way still arrive. */
  closeUntil(day: number): void {
    this.closedUntilDay = Math.max(this.closedUntilDay, day);
  }

  isOpen(day: number): boolean {
    if (day < this.closedUntilDay) return false;
    const windows = this.windows;
    if (windows === undefined) return true;
    for (const w of windows) if (day >= w.fromDay && day < w.untilDay) return true;
    return false;
  }

  /** The lots that may be waiting for room at the destination (those with `waitingToUnload`), in the order they retry. */
  protected abstract lots(): readonly L[];

  /** `lot` is done with: unloaded in full, or lost on the way (at simulated time `this.time()`). */
  protected abstract finished(lot: L, day: number): void;

  /** Shells aboard lots waiting for room at the destination. */
  get blocked(): number {
    let total = 0;
    for (const lot of this.lots()) if (lot.waitingToUnload) for (const m of this.spec.munitions) total += lot.load[m];
    return total;
  }

  /** Start of `day`: lots waiting at a full destination try again. */
  protected retryUnloading(day: number): void {
    for (const lot of this.lots()) if (lot.waitingToUnload) this.unload(lot, day);
  }

  /** Shells the source may release today: above reserves and the route's floor, within the forward share. */
  protected loadable(day: number): number {
    const { tables } = this.context;
    let releasable = 0;
    let held = 0;
    let everHeld = 0;
    let shipped = 0;
    for (const m of this.spec.munitions) {
      releasable += this.source.releasable(m, day);
      held += this.source.stock[m];
      everHeld += this.source.initial[m] + this.source.received.total[m];
      shipped += this.shipped.total[m];
    }
    let loadable = releasable;
    if (this.spec.floor !== undefined) loadable = Math.min(loadable, held - wholeShells(tables[this.spec.floor][day]));
    if (this.spec.forwardShare !== undefined) loadable = Math.min(loadable, wholeShells(tables[this.spec.forwardShare][day] * everHeld) - shipped);
    return Math.max(0, Math.min(loadable, this.remaining));
  }

  /** Whole shells of a lot of up to `most` that may leave today: 0 when under `min_load`. */
  protected lotSize(most: number, day: number): number {
    const load = Math.min(wholeShells(most), this.loadable(day));
    return load <= 0 || load < wholeShells(this.context.tables[this.spec.minLoad][day]) ? 0 : load;
  }

  /** Takes `load` shells (at most what is releasable) from the source onto `lot`, munitions in order. */
  protected loadLot(lot: L, load: number, day: number): void {
    let room = load;
    for (const m of this.spec.munitions) {
      const taken = this.source.take(m, Math.min(room, this.source.releasable(m, day)));
      lot.load[m] = taken;
      this.shipped.add(m, taken);
      this.inTransit[m] += taken;
      this.remaining -= taken;
      room -= taken;
    }
    if (this.remaining <= 0 && this.totalReachedDay === undefined) this.totalReachedDay = day;
  }

  /** `lot` leaves on `day`: its transit, detection and loss are drawn (all three, always), and its arrival timed. */
  protected send(lot: L, day: number): void {
    const { tables } = this.context;
    const now = this.time();
    this.departures.add(0, 1);
    lot.transitDays = sampleDistribution(this.spec.transitDays, tables, day, this.streams.transit);
    // Both draws happen on every departure, so the streams stay aligned across scenarios.
    const detected = this.streams.detect.random() < tables[this.spec.detectProbability][day];
    lot.lost = this.streams.loss.random() < tables[this.spec.lossProbability][day];
    if (detected) {
      this.detections.add(0, 1);
      if (this.firstDetectionTime === undefined) { this.firstDetectionTime = now; this.firstDetectionDay = day; }
    }
    schedule(this, lot.transitDays, this.arrive, this, lot);
  }

  private arrive(lot: L): void {
    const day = this.context.dayAt(this.time());
    if (lot.lost) {
      for (const m of this.spec.munitions) {
        this.lost.add(m, lot.load[m]);
        this.inTransit[m] -= lot.load[m];
        lot.load[m] = 0;
      }
      this.finished(lot, day);
    } else {
      this.unload(lot, day);
      if (lot.waitingToUnload) this.waitAtDestination(lot);
    }
  }

  /** `lot` arrived at a destination without room for all of it; it retries at each day start. */
  protected waitAtDestination(lot: L): void {
    void lot; // a vehicle waits in its own place in the fleet
  }

  /** Puts what fits at the destination; the rest waits aboard, and the lot is finished once empty. */
  private unload(lot: L, day: number): void {
    let left = 0;
    for (const m of this.spec.munitions) {
      if (lot.load[m] <= 0) continue;
      const accepted = this.destination.put(m, lot.load[m], day);
      if (accepted > 0 && this.spec.unserviceable) this.findUnserviceable(m, accepted, day);
      lot.load[m] -= accepted;
      this.delivered.add(m, accepted);
      this.inTransit[m] -= accepted;
      if (this.firstDetectionTime === undefined || this.time() < this.firstDetectionTime) this.deliveredBeforeDetection += accepted;
      left += lot.load[m];
    }
    lot.waitingToUnload = left > 0;
    if (!lot.waitingToUnload) this.finished(lot, day);
  }

  private findUnserviceable(m: number, delivered: number, day: number): void {
    const { share, becomes } = this.spec.unserviceable!;
    const bad = becomes.get(m);
    if (bad === undefined) return;
    const exact = delivered * this.context.tables[share][day];
    const duds = this.destination.reclassifyReceived(m, bad, this.duds[m].peek(exact, delivered));
    this.duds[m].commit(exact, duds);
    this.unserviceable.add(m, duds);
    this.convertedOut[m] += duds;
    this.convertedIn[bad] += duds;
  }

  metrics(): Metric[] {
    const carried = this.spec.munitions;
    const metrics: Metric[] = [
      { name: 'shipped', kind: 'flow', read: this.shipped.today, munitions: carried },
      { name: 'delivered', kind: 'flow', read: this.delivered.today, munitions: carried },
      { name: 'in_transit', kind: 'level', read: this.inTransit, munitions: carried },
      { name: 'lost', kind: 'flow', read: this.lost.today, munitions: carried },
      { name: 'departures', kind: 'flow', read: this.departures.today },
      { name: 'detections', kind: 'flow', read: this.detections.today },
      { name: 'blocked', kind: 'level', read: () => this.blocked },
    ];
    if (this.spec.unserviceable) metrics.push({ name: 'unserviceable', kind: 'flow', read: this.unserviceable.today, munitions: [...this.spec.unserviceable.becomes.keys()] });
    if (this.spec.total !== undefined) metrics.push({ name: 'remaining', kind: 'level', read: () => this.remaining });
    return metrics;
  }

  balance(m: number, terms: BalanceTerms): void {
    terms.inTransit += this.inTransit[m];
    terms.lost += this.lost.total[m];
    terms.converted += this.convertedIn[m] - this.convertedOut[m];
  }

  milestones(): [string, number | undefined][] {
    const milestones: [string, number | undefined][] = [['first_detection_day', this.firstDetectionDay], ['delivered_before_detection', this.deliveredBeforeDetection]];
    if (this.spec.total !== undefined) milestones.push(['total_reached_day', this.totalReachedDay]);
    return milestones;
  }

  readings(): Partial<Record<Reading, () => number>> {
    const sum = (values: Float64Array) => () => { let total = 0; for (const m of this.spec.munitions) total += values[m]; return total; };
    return { shipped: sum(this.shipped.total), delivered: sum(this.delivered.total), in_transit: sum(this.inTransit) };
  }

  unserviceableMunitions(): readonly number[] {
    return this.spec.unserviceable ? [...this.spec.unserviceable.becomes.values()] : [];
  }
}
