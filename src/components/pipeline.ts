/**
 * A pipeline: a route with no vehicles, such as a rail corridor or a conveyor of trucks too many to
 * count, that moves up to `capacity_per_day` shells a day. At the start of each day (where a route's
 * vehicles depart) it sends one lot, within the source's reserves and its floor and forward share;
 * each lot draws its own transit time, and is detected, lost or blocked at the destination as any
 * route's lot is.
 */
import { z } from '../model/zod.js';
import type { QuantityRef, RouteSpec } from '../model/model.js';
import { RateInput } from '../model/series.js';
import { kindOf, type RunContext } from './contract.js';
import { buildRouteEnds, buildRouteRules, buildRouteTransit, describeRoute, ROUTE_FIELDS, Shipping, type Lot } from './shipping.js';

/** A route's vehicle fields, which a pipeline has no use for: refused with a reason, not as unknown keys. */
const VEHICLE_FIELDS = ['vehicles', 'shipment', 'every_days', 'stagger_days', 'return_days'] as const;

const PipelineInput = z.strictObject({
  ...ROUTE_FIELDS,
  capacity_per_day: RateInput,
  ...Object.fromEntries(VEHICLE_FIELDS.map((key) => [key, z.unknown().optional()])),
}).superRefine((entry, ctx) => {
  for (const key of VEHICLE_FIELDS) {
    if ((entry as Record<string, unknown>)[key] === undefined) continue;
    ctx.addIssue({
      code: 'custom',
      path: [key],
      message: `a route with capacity_per_day is a pipeline and has no ${key}`,
      input: (entry as Record<string, unknown>)[key],
    });
  }
});

export interface PipelineSpec extends RouteSpec {
  kind: 'pipeline';
  /** Most shells sent a day. */
  capacityPerDay: QuantityRef;
}

export class Pipeline extends Shipping<Lot> {
  declare spec: PipelineSpec;
  /** Lots that arrived at a full destination, oldest first. */
  private waiting: Lot[] = [];
  /** Lots done with (unloaded in full or lost, so empty), for later days' lots: a pipeline sends one a day. */
  private readonly spare: Lot[] = [];

  start(spec: PipelineSpec, context: RunContext): void {
    this.startShipping(spec, context);
  }

  protected lots(): readonly Lot[] {
    return this.waiting;
  }

  /** Start of `day`: waiting lots try again, then today's lot leaves if the route is open and it is not empty. */
  startDay(day: number): void {
    if (this.waiting.length > 0) {
      this.retryUnloading(day);
      this.waiting = this.waiting.filter((lot) => lot.waitingToUnload);
    }
    if (!this.isOpen(day)) return;
    const load = this.lotSize(this.context.tables[this.spec.capacityPerDay][day], day);
    if (load <= 0) return;
    const lot = this.spare.pop() ?? { load: new Float64Array(this.context.munitionCount), lost: false, waitingToUnload: false, transitDays: 0 };
    this.loadLot(lot, load, day);
    this.send(lot, day);
  }

  /** A lot that could not unload in full on arrival waits; one unloaded or lost (its load all 0) is spare. */
  protected finished(lot: Lot): void {
    lot.lost = false;
    lot.waitingToUnload = false;
    this.spare.push(lot);
  }

  protected override waitAtDestination(lot: Lot): void {
    this.waiting.push(lot);
  }
}

export const pipelineKind = kindOf<PipelineSpec, z.infer<typeof PipelineInput>>({
  kind: 'pipeline',
  section: 'routes',
  claims: (entry) => entry.capacity_per_day !== undefined,
  schema: PipelineInput,
  build(r, i, tools) {
    const ends = buildRouteEnds(r, i, tools);
    const capacityPerDay = tools.quantity(r.capacity_per_day, ['routes', i, 'capacity_per_day'], 'nonNegative');
    return { kind: 'pipeline', ...ends, vehicles: 0, capacityPerDay, ...buildRouteTransit(r, i, tools), ...buildRouteRules(r, i, ends.to, tools) };
  },
  create: (spec, context) => context.sim.addEntity(Pipeline, spec.id, spec, context),
  describe: (r, model) => describeRoute(r, model, 'pipeline'),
});
