/**
 * A transfer route (sea, rail, road, air): vehicles load at the source without taking it below its
 * reserve, travel, unload what fits at the destination (the rest waits aboard, blocked), return
 * empty, and leave again once back and at their next scheduled time A + n · every_days. Departures
 * happen at the start of a day while the route is open; each may be detected, each shipment lost.
 */
import { z } from 'zod';
import { sampleDistribution } from '../engine/distributions.js';
import type { SimRandom } from '../engine/random.js';
import type { VehicleRouteSpec } from '../model/model.js';
import { DistributionInput, LIMITS, QuantityInput, quantityInput } from '../model/schema.js';
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
  vehicles: z.number().int({ error: 'expected a whole number' }).min(1).max(LIMITS.vehicles).optional(),
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

  start(spec: VehicleRouteSpec, context: RunContext): void {
    this.startShipping(spec, context);
    this.returnStream = this.stream('return', spec.returnDays !== undefined);
    const stagger = context.tables[spec.staggerDays][0];
    this.vehicles = Array.from({ length: spec.vehicles }, (_, k) => ({
      anchor: k * stagger, trips: 0, every: 0, backAt: 0, away: false, waitingToUnload: false, transitDays: 0, lost: false,
      load: new Float64Array(context.munitionCount),
    }));
  }

  protected lots(): readonly Vehicle[] {
    return this.vehicles;
  }

  /** Start of `day`: vehicles waiting at a full destination try again, then ready vehicles depart. */
  startDay(day: number): void {
    this.retryUnloading(day);
    if (!this.isOpen(day)) return;
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

  /** Unloaded or lost: the vehicle returns empty. */
  protected finished(v: Vehicle, day: number): void {
    const back = this.spec.returnDays === undefined
      ? v.transitDays
      : sampleDistribution(this.spec.returnDays, this.context.tables, day, this.returnStream);
    v.backAt = this.time() + back;
    v.away = false;
  }
}

export const routeKind = kindOf<VehicleRouteSpec, z.infer<typeof RouteInput>>({
  kind: 'route',
  section: 'routes',
  schema: RouteInput,
  build(r, i, tools) {
    const ends = buildRouteEnds(r, i, tools);
    const everyDays = tools.quantity(r.every_days ?? 0, ['routes', i, 'every_days'], 'nonNegative');
    const vehicles = r.vehicles ?? 1;
    const staggerDays = tools.quantity(r.stagger_days ?? 0, ['routes', i, 'stagger_days'], 'nonNegative');
    const shipment = tools.quantity(r.shipment, ['routes', i, 'shipment'], 'nonNegative');
    const transit = buildRouteTransit(r, i, tools);
    const returnDays = r.return_days === undefined ? undefined : tools.distribution(r.return_days, ['routes', i, 'return_days']);
    return { kind: 'route', ...ends, everyDays, vehicles, staggerDays, shipment, ...transit, returnDays, ...buildRouteRules(r, i, ends.to, tools) };
  },
  create: (spec, context) => context.sim.addEntity(Route, spec.id, spec, context),
  describe: (r, model) => describeRoute(r, model, `${r.vehicles} ${r.vehicles === 1 ? 'vehicle' : 'vehicles'}`),
});
