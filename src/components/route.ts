/**
 * A transfer route (sea, rail, road, air): vehicles load at the source without taking it below its
 * reserve, travel, unload what fits at the destination (the rest waits aboard, blocked), return
 * empty, and leave again once back and at their next scheduled time A + n · every_days. With
 * every_days of 1 or more (or 0) departures happen at the start of a day; below 1 a vehicle flies
 * sorties at the scheduled times themselves, within the day. Each may be detected, each shipment lost.
 */
import { z } from '../model/zod.js';
import { sampleDistribution } from '../engine/distributions.js';
import type { SimRandom } from '../engine/random.js';
import { schedule } from '../engine/simjs.js';
import type { VehicleRouteSpec } from '../model/model.js';
import { DistributionInput, LIMITS, QuantityInput, quantityInput, WholeOrExpression } from '../model/schema.js';
import { kindOf, type RunContext } from './contract.js';
import { buildRouteEnds, buildRouteRules, buildRouteTransit, describeRoute, ROUTE_FIELDS, Shipping, type Lot } from './shipping.js';

/** A day start this close below a scheduled or return time counts as reaching it (8.2 · 10 may be 82 + ε). */
const TIME_TOLERANCE = 1e-9;

const F = ROUTE_FIELDS;
const RouteInput = z.strictObject({
  id: F.id,
  from: F.from,
  to: F.to,
  munitions: F.munitions,
  every_days: QuantityInput.optional(),
  vehicles: WholeOrExpression(z.number().int({ error: 'expected a whole number' }).min(1).max(LIMITS.vehicles)).optional(),
  stagger_days: QuantityInput.optional(),
  shipment: quantityInput('shipment is shells per vehicle departure, not per time (a rate per day is a pipeline\'s capacity_per_day)'),
  min_load: F.min_load,
  transit_days: F.transit_days,
  return_days: DistributionInput.optional(),
  open: F.open,
  detect_probability: F.detect_probability,
  loss_probability: F.loss_probability,
  approval_delay_days: F.approval_delay_days,
  forward_share: F.forward_share,
  floor: F.floor,
  total: F.total,
  unserviceable: F.unserviceable,
  description: F.description,
});

/**
 * A vehicle's schedule: its n-th departure since the anchor is due at anchor + n · every, computed by
 * multiplication so that a fractional `every_days` never drifts. Leaving a day or more after the due
 * time (away, closed, nothing to load) re-anchors the schedule at the day it left.
 */
interface Vehicle extends Lot {
  anchor: number;
  trips: number;
  /** `every_days` the schedule runs on since the anchor (read on each departure day). */
  every: number;
  /** When it is back at the source, empty (fractional). */
  backAt: number;
  away: boolean;
}

export class Route extends Shipping<Vehicle> {
  declare spec: VehicleRouteSpec;
  private vehicles!: Vehicle[];
  private returnStream!: SimRandom;
  /** The day whose sorties are planned (open, with every_days in (0, 1) that day); -1 on other days. */
  private sortieDay = -1;

  start(spec: VehicleRouteSpec, context: RunContext): void {
    this.startShipping(spec, context);
    this.returnStream = this.stream('return', spec.returnDays !== undefined);
    const stagger = context.tables[spec.staggerDays][0];
    const fleet = spec.fleet === undefined ? spec.vehicles : context.tables[spec.fleet][0];
    // Vehicle k is first due k staggers after the gate opens, so the gate does not bunch the fleet into a convoy.
    this.vehicles = Array.from({ length: fleet }, (_, k) => ({
      anchor: this.approvalDay + k * stagger, trips: 0, every: 0, backAt: 0, away: false, waitingToUnload: false, transitDays: 0, lost: false,
      load: new Float64Array(context.munitionCount),
    }));
  }

  protected lots(): readonly Vehicle[] {
    return this.vehicles;
  }

  /**
   * Start of `day`: vehicles waiting at a full destination try again, then ready vehicles depart, or,
   * when the day's every_days is below 1, each vehicle at home plans its first sortie of the day.
   */
  startDay(day: number): void {
    this.sortieDay = -1;
    this.retryUnloading(day);
    if (!this.isOpen(day)) return;
    const every = this.context.tables[this.spec.everyDays][day];
    if (every > 0 && every < 1) { this.planSorties(day, every); return; }
    for (const v of this.vehicles) {
      if (!v.away && this.isReady(v, day) && !this.depart(v, day)) break; // nothing to load: the others would find nothing either
    }
  }

  /** Back home, and its next scheduled departure is due by the start of `day`. */
  private isReady(v: Vehicle, day: number): boolean {
    return day >= v.backAt - TIME_TOLERANCE && day >= v.anchor + v.trips * v.every - TIME_TOLERANCE;
  }

  private depart(v: Vehicle, day: number): boolean {
    const load = this.lotSize(this.context.tables[this.spec.shipment][day], day);
    if (load <= 0) return false;
    this.loadLot(v, load, day);
    v.away = true;
    this.advanceSchedule(v, day);
    this.send(v, day);
    return true;
  }

  /**
   * After a departure on `day`: on time (the first day start at or after its due time) keeps the
   * anchor and counts the trip; later re-anchors at `day`. A changed `every_days` re-anchors at the due time of
   * this departure, so the new interval runs from it rather than rescaling the trips already made.
   */
  private advanceSchedule(v: Vehicle, day: number): void {
    const due = v.anchor + v.trips * v.every;
    const every = this.context.tables[this.spec.everyDays][day];
    if (day !== Math.ceil(due - TIME_TOLERANCE)) { v.anchor = day; v.trips = 0; }
    else if (every !== v.every) { v.anchor = due; v.trips = 0; }
    v.every = every;
    v.trips++;
  }

  /**
   * A sortie day: a schedule that ran on another every_days restarts from its next due time (or the
   * day start, if that is past), so vehicle k's first sorties keep their stagger; then each vehicle at
   * home plans its next slot.
   */
  private planSorties(day: number, every: number): void {
    this.sortieDay = day;
    for (const v of this.vehicles) {
      if (v.every !== every) { v.anchor = Math.max(v.anchor + v.trips * v.every, day); v.trips = 0; v.every = every; }
      if (!v.away) this.planSortie(v, Math.max(v.backAt, day), day);
    }
  }

  /**
   * The first slot A + n · every at or after `from` (and after the slots already used) flies now or on
   * a timer, if it falls within `day`; a slot after the day is left to the next day's start.
   */
  private planSortie(v: Vehicle, from: number, day: number): void {
    const n = Math.max(v.trips, Math.ceil((from - v.anchor - TIME_TOLERANCE) / v.every));
    v.trips = n;
    const at = onWholeDay(v.anchor + n * v.every);
    if (at >= day + 1) return;
    const now = this.time();
    if (at <= now + TIME_TOLERANCE) this.sortie(v);
    else schedule(this, at - now, this.sortie, this, v);
  }

  /** A slot of `v`'s: it leaves with what it may load, or, closed or with nothing to load, waits for its next slot. */
  private sortie(v: Vehicle): void {
    const day = this.sortieDay;
    v.trips++;
    if (this.isOpen(day)) {
      const load = this.lotSize(this.context.tables[this.spec.shipment][day], day);
      if (load > 0) {
        this.loadLot(v, load, day);
        v.away = true;
        this.send(v, day);
        return;
      }
    }
    this.planSortie(v, this.time(), day);
  }

  /** Unloaded or lost: the vehicle returns empty (on a sortie day, to fly the next slot after it is back). */
  protected finished(v: Vehicle, day: number): void {
    const back = this.spec.returnDays === undefined
      ? v.transitDays
      : sampleDistribution(this.spec.returnDays, this.context.tables, day, this.returnStream);
    v.backAt = this.time() + back;
    v.away = false;
    if (this.sortieDay >= 0 && this.sortieDay === this.context.dayAt(this.time())) this.planSortie(v, v.backAt, this.sortieDay);
  }
}

/** `time` itself, or the whole day it is within {@link TIME_TOLERANCE} of (0.1 · 10 is day 1). */
function onWholeDay(time: number): number {
  const day = Math.round(time);
  return Math.abs(time - day) <= TIME_TOLERANCE ? day : time;
}

export const routeKind = kindOf<VehicleRouteSpec, z.infer<typeof RouteInput>>({
  kind: 'route',
  section: 'routes',
  schema: RouteInput,
  build(r, i, tools) {
    const ends = buildRouteEnds(r, i, tools);
    const everyDays = tools.quantity(r.every_days ?? 0, ['routes', i, 'every_days'], 'nonNegative');
    // An expression is read on day 0 of each scenario; until then the spec counts 1.
    const fleet = typeof r.vehicles === 'string' ? tools.quantity(r.vehicles, ['routes', i, 'vehicles'], 'count') : undefined;
    const vehicles = typeof r.vehicles === 'number' ? r.vehicles : 1;
    const staggerDays = tools.quantity(r.stagger_days ?? 0, ['routes', i, 'stagger_days'], 'nonNegative');
    const shipment = tools.quantity(r.shipment, ['routes', i, 'shipment'], 'nonNegative');
    const transit = buildRouteTransit(r, i, tools);
    const returnDays = r.return_days === undefined ? undefined : tools.distribution(r.return_days, ['routes', i, 'return_days']);
    return { kind: 'route', ...ends, everyDays, vehicles, ...(fleet === undefined ? {} : { fleet }), staggerDays, shipment, ...transit, returnDays, ...buildRouteRules(r, i, ends.to, tools) };
  },
  create: (spec, context) => context.sim.addEntity(Route, spec.id, spec, context),
  describe: (r, model) => {
    const fleet = r.fleet === undefined ? undefined : model.quantities[r.fleet].quantity;
    if (fleet?.kind === 'expression') return describeRoute(r, model, `"${fleet.source}" vehicles`);
    return describeRoute(r, model, `${r.vehicles} ${r.vehicles === 1 ? 'vehicle' : 'vehicles'}`);
  },
});
