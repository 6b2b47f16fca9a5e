/**
 * The quickstart's event pattern in plain simjs, as a modeller would write it without munisim: a
 * clock entity ticking once a day, a plant that breaks down and is repaired at exponential times
 * (mean 60 and 4 days), and a route whose two vehicles leave every 9 days and arrive after a
 * triangular(1, 2, 4) transit. No stock, no tables, no records: the engine's own ceiling.
 */
import { Entity, Random, Sim, type SimInstance } from '../src/engine/simjs.js';

interface Vehicle { dueDay: number; backAt: number; away: boolean }

class Plant extends Entity {
  private random!: InstanceType<typeof Random>;
  private up = true;

  start(random: InstanceType<typeof Random>): void {
    this.random = random;
    this.schedule();
  }

  private schedule(): void {
    this.setTimer(this.random.exponential(this.up ? 1 / 60 : 1 / 4)).done(this.toggle, this);
  }

  private toggle(): void {
    this.up = !this.up;
    this.schedule();
  }
}

class Route extends Entity {
  private random!: InstanceType<typeof Random>;
  private readonly vehicles: Vehicle[] = [{ dueDay: 0, backAt: 0, away: false }, { dueDay: 0, backAt: 0, away: false }];
  trips = 0;

  start(random: InstanceType<typeof Random>): void {
    this.random = random;
  }

  /** At the day's tick: each vehicle at home and due leaves. */
  openDay(day: number): void {
    for (const v of this.vehicles) {
      if (v.away || day < v.dueDay || this.time() < v.backAt) continue;
      const transit = this.random.triangular(1, 4, 2);
      v.away = true;
      v.dueDay = day + 9;
      this.trips++;
      this.setTimer(transit).done(this.arrive, this, v);
    }
  }

  private arrive(v: Vehicle): void {
    v.away = false;
    v.backAt = this.time() + this.random.triangular(1, 4, 2);
  }
}

class Clock extends Entity {
  private day = 0;
  private days = 0;
  private route!: Route;

  start(days: number, route: Route): void {
    this.days = days;
    this.route = route;
    this.setTimer(0).done(this.tick, this);
  }

  private tick(): void {
    this.route.openDay(this.day);
    if (++this.day < this.days) this.setTimer(1).done(this.tick, this);
  }
}

/** One run of `days` days; returns the number of events simjs scheduled (its queue's order). */
export function bareRun(days: number, seed: number): number {
  const sim: SimInstance = new Sim();
  const route = sim.addEntity(Route, 'route', new Random(seed * 2 + 1));
  sim.addEntity(Plant, 'plant', new Random(seed * 2));
  sim.addEntity(Clock, 'clock', days, route);
  sim.simulate(days);
  return sim.queue.order;
}
