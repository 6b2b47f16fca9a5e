/**
 * A transfer route (sea, rail, road, air): vehicles load at the source without taking it below its
 * reserve, travel, unload what fits at the destination (the rest waits aboard, blocked), return
 * empty, and leave again once back and at their next scheduled time A + n · every_days. Departures
 * happen at the start of a day while the route is open; each may be detected, each shipment lost.
 */
import { Entity } from '../engine/simjs.js';
import { sampleDistribution } from '../engine/distributions.js';
import { randomStream, type SimRandom } from '../engine/random.js';
import type { RouteSpec } from '../model/model.js';
import { wholeShells } from '../model/whole-shells.js';
import type { RunContext } from './context.js';
import type { Stockpile } from './stockpile.js';

/** Stands in for a stream whose probability is always 0: 1 is never below it. */
const NEVER_DRAWN = { random: () => 1 } as unknown as SimRandom;

/** A day start this close below a scheduled or return time counts as reaching it (8.2 · 10 may be 82 + ε). */
const TIME_TOLERANCE = 1e-9;

/**
 * A vehicle's schedule: its n-th departure since the anchor is due at anchor + n · every, computed by
 * multiplication so that a fractional `every_days` never drifts. Leaving a day or more after the due
 * time (away, closed, nothing to load) re-anchors the schedule at the day it left.
 */
interface Vehicle {
  anchor: number;
  trips: number;
  /** `every_days` the schedule runs on since the anchor (read on each departure day). */
  every: number;
  /** When it is back at the source, empty (fractional). */
  backAt: number;
  away: boolean;
  waitingToUnload: boolean;
  transitDays: number;
  lost: boolean;
  /** Shells aboard, per munition index. */
  load: Float64Array;
}

export class Route extends Entity {
  spec!: RouteSpec;
  private context!: RunContext;
  private source!: Stockpile;
  private destination!: Stockpile;
  private vehicles!: Vehicle[];
  private streams!: { transit: SimRandom; return: SimRandom; detect: SimRandom; loss: SimRandom };
  // Flows of the current day (per munition where it matters), then levels and run totals.
  shipped!: Float64Array;
  delivered!: Float64Array;
  lost!: Float64Array;
  departures = 0;
  detections = 0;
  inTransit!: Float64Array;
  lostTotal!: Float64Array;
  deliveredTotal = 0;
  detectionsTotal = 0;
  /** Shells found unserviceable on arrival, per original munition: a flow, then the run total. */
  unserviceable!: Float64Array;
  convertedOut!: Float64Array;
  convertedIn!: Float64Array;
  shippedTotal = 0;
  /** No departures before this day (approval delay, strikes). */
  private closedUntilDay = 0;
  firstDetectionTime?: number;
  firstDetectionDay?: number;
  deliveredBeforeDetection = 0;

  start(spec: RouteSpec, context: RunContext, munitionCount: number): void {
    this.spec = spec;
    this.context = context;
    this.source = context.stockpiles[spec.from];
    this.destination = context.stockpiles[spec.to];
    this.streams = {
      transit: this.stream('transit', true),
      // A purpose whose probability is 0 on every day never draws; its stream is not even seeded.
      return: this.stream('return', spec.returnDays !== undefined),
      detect: this.stream('detect', context.tables[spec.detectProbability].some((p) => p > 0)),
      loss: this.stream('loss', context.tables[spec.lossProbability].some((p) => p > 0)),
    };
    const stagger = context.tables[spec.staggerDays][0];
    this.vehicles = Array.from({ length: spec.vehicles }, (_, k) => ({
      anchor: k * stagger, trips: 0, every: 0, backAt: 0, away: false, waitingToUnload: false, transitDays: 0, lost: false,
      load: new Float64Array(munitionCount),
    }));
    this.shipped = new Float64Array(munitionCount);
    this.delivered = new Float64Array(munitionCount);
    this.lost = new Float64Array(munitionCount);
    this.inTransit = new Float64Array(munitionCount);
    this.lostTotal = new Float64Array(munitionCount);
    this.unserviceable = new Float64Array(munitionCount);
    this.convertedOut = new Float64Array(munitionCount);
    this.convertedIn = new Float64Array(munitionCount);
    this.closedUntilDay = Math.ceil(context.tables[spec.approvalDelayDays][0]);
  }

  /** A strike on the route: no departures before `day`. Shipments under way still arrive. */
  closeUntil(day: number): void {
    this.closedUntilDay = Math.max(this.closedUntilDay, day);
  }

  private stream(purpose: string, used: boolean): SimRandom {
    return used ? randomStream(this.context.seed, 'route', this.spec.id, purpose) : NEVER_DRAWN;
  }

  /** Shells aboard vehicles waiting for room at the destination. */
  get blocked(): number {
    let total = 0;
    for (const v of this.vehicles) if (v.waitingToUnload) for (const m of this.spec.munitions) total += v.load[m];
    return total;
  }

  isOpen(day: number): boolean {
    if (day < this.closedUntilDay) return false;
    const windows = this.spec.open;
    if (windows === undefined) return true;
    for (const w of windows) if (day >= w.fromDay && day < w.untilDay) return true;
    return false;
  }

  /** Start of `day`: vehicles waiting at a full destination try again, then ready vehicles depart. */
  startDay(day: number): void {
    for (const v of this.vehicles) if (v.waitingToUnload) this.unload(v, day);
    if (!this.isOpen(day)) return;
    for (const v of this.vehicles) {
      if (!v.away && this.isReady(v, day) && !this.depart(v, day)) break; // nothing to load: the others would find nothing either
    }
  }

  /** Back home, and its next scheduled departure is due by the start of `day`. */
  private isReady(v: Vehicle, day: number): boolean {
    return day >= v.backAt - TIME_TOLERANCE && day >= v.anchor + v.trips * v.every - TIME_TOLERANCE;
  }

  resetDay(): void {
    this.shipped.fill(0);
    this.delivered.fill(0);
    this.lost.fill(0);
    this.unserviceable.fill(0);
    this.departures = 0;
    this.detections = 0;
  }

  private depart(v: Vehicle, day: number): boolean {
    const { tables } = this.context;
    const load = Math.min(wholeShells(tables[this.spec.shipment][day]), this.loadable(day));
    if (load <= 0 || load < wholeShells(tables[this.spec.minLoad][day])) return false;
    let room = load;
    for (const m of this.spec.munitions) {
      const taken = this.source.take(m, Math.min(room, this.source.releasable(m, day)));
      v.load[m] = taken;
      this.shipped[m] += taken;
      this.inTransit[m] += taken;
      room -= taken;
    }
    this.shippedTotal += load;
    const now = this.time();
    v.away = true;
    this.advanceSchedule(v, day);
    this.departures++;
    v.transitDays = sampleDistribution(this.spec.transitDays, tables, day, this.streams.transit);
    // Both draws happen on every departure, so the streams stay aligned across scenarios.
    const detected = this.streams.detect.random() < tables[this.spec.detectProbability][day];
    v.lost = this.streams.loss.random() < tables[this.spec.lossProbability][day];
    if (detected) {
      this.detections++;
      this.detectionsTotal++;
      if (this.firstDetectionTime === undefined) { this.firstDetectionTime = now; this.firstDetectionDay = day; }
    }
    this.setTimer(v.transitDays).done(this.arrive, this, v);
    return true;
  }

  /** Shells the source may release today: above reserves and the route's floor, within the forward share. */
  private loadable(day: number): number {
    const { tables } = this.context;
    let releasable = 0;
    let held = 0;
    let everHeld = 0;
    for (const m of this.spec.munitions) {
      releasable += this.source.releasable(m, day);
      held += this.source.stock[m];
      everHeld += this.source.initial[m] + this.source.receivedTotal[m];
    }
    let loadable = releasable;
    if (this.spec.floor !== undefined) loadable = Math.min(loadable, held - wholeShells(tables[this.spec.floor][day]));
    if (this.spec.forwardShare !== undefined) loadable = Math.min(loadable, wholeShells(tables[this.spec.forwardShare][day] * everHeld) - this.shippedTotal);
    return Math.max(0, loadable);
  }

  private arrive(v: Vehicle): void {
    const day = this.context.dayAt(this.time());
    if (v.lost) {
      for (const m of this.spec.munitions) {
        this.lost[m] += v.load[m];
        this.lostTotal[m] += v.load[m];
        this.inTransit[m] -= v.load[m];
        v.load[m] = 0;
      }
      this.returnHome(v, day);
    } else {
      this.unload(v, day);
    }
  }

  private unload(v: Vehicle, day: number): void {
    let left = 0;
    for (const m of this.spec.munitions) {
      if (v.load[m] <= 0) continue;
      const accepted = this.destination.put(m, v.load[m], day);
      if (accepted > 0 && this.spec.unserviceable) this.findUnserviceable(m, accepted, day);
      v.load[m] -= accepted;
      this.delivered[m] += accepted;
      this.inTransit[m] -= accepted;
      this.deliveredTotal += accepted;
      if (this.firstDetectionTime === undefined || this.time() < this.firstDetectionTime) this.deliveredBeforeDetection += accepted;
      left += v.load[m];
    }
    v.waitingToUnload = left > 0;
    if (!v.waitingToUnload) this.returnHome(v, day);
  }

  private findUnserviceable(m: number, delivered: number, day: number): void {
    const { share, becomes } = this.spec.unserviceable!;
    const bad = becomes.get(m);
    if (bad === undefined) return;
    const duds = this.destination.reclassifyReceived(m, bad, Math.round(delivered * this.context.tables[share][day]));
    this.unserviceable[m] += duds;
    this.convertedOut[m] += duds;
    this.convertedIn[bad] += duds;
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

  private returnHome(v: Vehicle, day: number): void {
    const back = this.spec.returnDays === undefined
      ? v.transitDays
      : sampleDistribution(this.spec.returnDays, this.context.tables, day, this.streams.return);
    v.backAt = this.time() + back;
    v.away = false;
  }
}
