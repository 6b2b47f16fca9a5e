#!/usr/bin/env python3
"""The quickstart model (models/quickstart.yaml) written by hand in SimPy 3: munisim's peer in the bench.

North Korean plants fill a depot; two ships carry shells from it to a Russian depot; a front fires
from that depot. The rules are munisim's engine, rule for rule (src/engine/simulation.ts and
src/components/*.ts): a clock process ticks at every whole day d, closing day d-1 (factories release
their output, the front draws, the day is recorded) and then opening day d (strikes, departures);
arrivals are timed events (one process per voyage); breakdowns alternate exponential up and down
times; every expression is a per-day table computed once. Random draws come from Python's Mersenne
Twister, one stream per component and purpose, so single runs differ from munisim's but the means
over many replications agree.

    python3 bench/quickstart_simpy.py --replications 2000 --out simpy-summary.csv
"""
import argparse
import csv
import datetime
import math
import random
import sys
import time

import simpy

START = datetime.date(2023, 9, 1)
DAYS = 365


def day_of(iso):
    return (datetime.date.fromisoformat(iso) - START).days


def js_round(x):
    """JavaScript's Math.round: halves go up (Python's round() goes to even)."""
    return math.floor(x + 0.5)


class Tables:
    """Every quantity of the model as one value per day, computed once per parameter set."""

    def __init__(self, nk_output, front_demand, days=DAYS):
        set_demand_day = day_of('2024-01-01')  # event: front_demand = 25000 from this day
        self.rate = []
        self.demand = []
        for t in range(days):
            demand_parameter = 25000 if t >= set_demand_day else front_demand
            self.rate.append(nk_output * min(1, 0.5 + t / 180))
            self.demand.append(demand_parameter * (1 if t < 120 else 1.5))
        self.days = days
        self.windows = [(-math.inf, day_of('2024-02-10')), (day_of('2024-03-25'), math.inf)]
        self.strike_day = day_of('2024-06-01')


class Stockpile:
    """A depot that never goes below zero or above its capacity; put and take return what moved."""

    def __init__(self, ident, initial, reserve=None, capacity=None):
        self.id = ident
        self.stock = float(initial)
        self.initial = float(initial)
        self.reserve = reserve
        self.capacity = capacity
        self.received = self.issued = self.destroyed = 0.0
        self.destroyed_total = 0.0

    def room(self):
        return math.inf if self.capacity is None else max(0.0, math.floor(self.capacity) - self.stock)

    def releasable(self):
        return self.stock if self.reserve is None else max(0.0, self.stock - math.floor(self.reserve))

    def put(self, amount):
        accepted = min(amount, self.room())
        if accepted <= 0:
            return 0.0
        self.stock += accepted
        self.received += accepted
        return accepted

    def take(self, amount):
        taken = min(amount, self.stock)
        if taken <= 0:
            return 0.0
        self.stock -= taken
        self.issued += taken
        return taken

    def destroy(self, fraction):
        lost = js_round(self.stock * fraction)
        self.stock -= lost
        self.destroyed += lost
        self.destroyed_total += lost

    def reset_day(self):
        self.received = self.issued = self.destroyed = 0.0


class Factory:
    """Output at the day's rate while up, released in daily lots, defective share scrapped."""

    def __init__(self, env, tables, target, seed, mtbf=60.0, mttr=4.0, defect_rate=0.1, lot_days=1):
        self.env = env
        self.tables = tables
        self.target = target
        self.mtbf, self.mttr = mtbf, mttr
        self.defect_rate = defect_rate
        self.lot_days = lot_days
        self.rng = random.Random(f'{seed}/factory/nk-plants/breakdown')
        self.up = True
        self.mark_time = 0.0
        self.up_days = 0.0
        self.lot = 0.0
        self.produced = self.defective = self.capacity = self.blocked = 0.0
        self.produced_total = 0.0
        env.process(self.breakdowns())

    def breakdowns(self):
        while True:
            yield self.env.timeout(self.rng.expovariate(1 / (self.mtbf if self.up else self.mttr)))
            now = self.env.now
            if self.up:
                self.up_days += now - self.mark_time
            self.mark_time = now
            self.up = not self.up

    def end_day(self, day):
        now = day + 1
        if self.up:
            self.up_days += now - self.mark_time
        self.mark_time = now
        output = self.tables.rate[day] * self.up_days
        self.up_days = 0.0
        self.capacity += output
        self.lot += output
        if now % self.lot_days == 0:
            made = math.floor(self.lot + 1e-9)
            self.lot -= made
            defective = js_round(made * self.defect_rate)
            serviceable = made - defective
            accepted = self.target.put(serviceable)
            self.defective += defective
            self.produced += accepted
            self.produced_total += accepted
            self.blocked += serviceable - accepted

    def reset_day(self):
        self.produced = self.defective = self.capacity = self.blocked = 0.0


class Vehicle:
    __slots__ = ('ready_at', 'scheduled_at', 'away', 'waiting', 'departed_at', 'departed_day', 'transit', 'lost', 'load')

    def __init__(self):
        self.ready_at = 0.0
        self.scheduled_at = 0.0
        self.away = self.waiting = self.lost = False
        self.departed_at = 0.0
        self.departed_day = 0
        self.transit = 0.0
        self.load = 0.0


class Route:
    """Ships load without going below the source's reserve, sail, unload what fits, come back empty."""

    def __init__(self, env, tables, source, destination, seed, vehicles=2, every_days=9.0, shipment=115000,
                 min_load=1.0, detect_p=0.05, loss_p=0.01):
        self.env = env
        self.tables = tables
        self.source, self.destination = source, destination
        self.vehicles = [Vehicle() for _ in range(vehicles)]
        self.every_days, self.shipment, self.min_load = every_days, shipment, min_load
        self.detect_p, self.loss_p = detect_p, loss_p
        stream = lambda purpose: random.Random(f'{seed}/route/rajin-dunai/{purpose}')
        self.transit_rng, self.detect_rng, self.loss_rng = stream('transit'), stream('detect'), stream('loss')
        self.shipped = self.delivered = self.lost = 0.0
        self.detections = self.departures = 0
        self.in_transit = 0.0
        self.lost_total = self.delivered_total = 0.0
        self.first_detection_time = None
        self.first_detection_day = None
        self.delivered_before_detection = 0.0

    def blocked(self):
        return sum(v.load for v in self.vehicles if v.waiting)

    def is_open(self, day):
        return any(start <= day < end for start, end in self.tables.windows)

    def start_day(self, day):
        for v in self.vehicles:
            if v.waiting:
                self.unload(v, day)
        if not self.is_open(day):
            return
        for v in self.vehicles:
            if not v.away and v.ready_at <= day and not self.depart(v, day):
                break

    def depart(self, v, day):
        load = min(math.floor(self.shipment), self.source.releasable())
        if load <= 0 or load < self.min_load:
            return False
        taken = self.source.take(load)
        v.load = taken
        self.shipped += taken
        self.in_transit += taken
        now = self.env.now
        v.away = True
        # Left at the first day start after it was ready: the schedule keeps its fractional time.
        v.scheduled_at = v.ready_at if now - v.ready_at < 1 else now
        v.departed_at = now
        v.departed_day = day
        self.departures += 1
        v.transit = self.transit_rng.triangular(1, 4, 2)
        detected = self.detect_rng.random() < self.detect_p
        v.lost = self.loss_rng.random() < self.loss_p
        if detected:
            self.detections += 1
            if self.first_detection_time is None:
                self.first_detection_time = now
                self.first_detection_day = day
        self.env.process(self.voyage(v))
        return True

    def voyage(self, v):
        yield self.env.timeout(v.transit)
        day = min(self.tables.days - 1, math.floor(self.env.now))
        if v.lost:
            self.lost += v.load
            self.lost_total += v.load
            self.in_transit -= v.load
            v.load = 0.0
            self.return_home(v, day)
        else:
            self.unload(v, day)

    def unload(self, v, day):
        if v.load > 0:
            accepted = self.destination.put(v.load)
            v.load -= accepted
            self.delivered += accepted
            self.in_transit -= accepted
            self.delivered_total += accepted
            if self.first_detection_time is None or self.env.now < self.first_detection_time:
                self.delivered_before_detection += accepted
        v.waiting = v.load > 0
        if not v.waiting:
            self.return_home(v, day)

    def return_home(self, v, day):
        v.ready_at = max(self.env.now + v.transit, v.scheduled_at + self.every_days)
        v.away = False

    def reset_day(self):
        self.shipped = self.delivered = self.lost = 0.0
        self.detections = self.departures = 0


class Consumer:
    """The front: the day's demand times a lognormal factor (cv 0.2), drawn from the Russian depot."""

    def __init__(self, tables, depot, seed, cv=0.2):
        self.tables = tables
        self.depot = depot
        self.rng = random.Random(f'{seed}/consumer/ru-front/demand')
        sigma2 = math.log(1 + cv * cv)
        self.mu, self.sigma = -sigma2 / 2, math.sqrt(sigma2)
        self.demand = self.consumed = self.shortfall = 0.0
        self.demand_total = self.consumed_total = 0.0
        self.first_shortfall_day = None

    def end_day(self, day):
        factor = math.exp(self.mu + self.sigma * self.rng.gauss(0.0, 1.0))
        demand = js_round(self.tables.demand[day] * factor)
        need = demand - self.depot.take(demand)
        self.consumed = demand - need
        self.consumed_total += self.consumed
        self.demand = demand
        self.demand_total += demand
        self.shortfall = need
        if need > 0 and self.first_shortfall_day is None:
            self.first_shortfall_day = day

    def reset_day(self):
        self.demand = self.consumed = self.shortfall = 0.0


COLUMNS = 22  # as munisim's recorder: factory 4, two stockpiles 4 each, route 7, front 3


def run(tables, seed):
    env = simpy.Environment()
    nk = Stockpile('nk-depot', 20_000_000, reserve=10_000_000)
    ru = Stockpile('ru-depot', 2_000_000, capacity=8_000_000)
    factory = Factory(env, tables, nk, seed)
    route = Route(env, tables, nk, ru, seed)
    front = Consumer(tables, ru, seed)
    days = tables.days
    series = [[0.0] * days for _ in range(COLUMNS)]

    def record(day):
        values = (factory.produced, factory.defective, factory.capacity, factory.blocked,
                  nk.stock, nk.received, nk.issued, nk.destroyed, ru.stock, ru.received, ru.issued, ru.destroyed,
                  route.shipped, route.delivered, route.departures, route.in_transit, route.lost, route.detections, route.blocked(),
                  front.demand, front.consumed, front.shortfall)
        for column, value in zip(series, values):
            column[day] = value

    def clock():
        day = 0
        while True:
            if day > 0:
                closing = day - 1
                factory.end_day(closing)
                front.end_day(closing)
                record(closing)
                for part in (factory, front, route, nk, ru):
                    part.reset_day()
            if day >= days:
                return
            if day == tables.strike_day:
                ru.destroy(0.1)
            route.start_day(day)
            yield env.timeout(1)
            day += 1

    env.run(until=env.process(clock()))
    residual = (nk.initial + ru.initial + factory.produced_total - nk.stock - ru.stock - route.in_transit
                - front.consumed_total - route.lost_total - nk.destroyed_total - ru.destroyed_total)
    if abs(residual) > 1e-6 * (nk.initial + ru.initial + factory.produced_total):
        raise RuntimeError(f'stock not conserved: residual {residual}')
    demand, consumed = front.demand_total, front.consumed_total
    return {
        'produced_total': factory.produced_total,
        'consumed_total': consumed,
        'demand_total': demand,
        'shortfall_total': demand - consumed,
        'fill_rate': consumed / demand if demand > 0 else 1,
        'balance_error': abs(residual),
        'first_shortfall_day.ru-front': front.first_shortfall_day,
        'first_detection_day.rajin-dunai': route.first_detection_day,
        'delivered_before_detection.rajin-dunai': route.delivered_before_detection,
        'final_stock.nk-depot': nk.stock,
        'final_stock.ru-depot': ru.stock,
    }


def cell(value):
    if value is None:
        return ''
    if float(value).is_integer():
        return str(int(value))
    return f'{value:.6f}'.rstrip('0').rstrip('.')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--replications', type=int, default=2000)
    parser.add_argument('--seed', type=int, default=1, help='replication r uses seed + r')
    parser.add_argument('--nk-output', type=float, default=5500)
    parser.add_argument('--front-demand', type=float, default=20000)
    parser.add_argument('--out', default='-', help='summary CSV, one row per replication (- for stdout)')
    args = parser.parse_args()
    started = time.perf_counter()
    tables = Tables(args.nk_output, args.front_demand)
    out = sys.stdout if args.out == '-' else open(args.out, 'w', newline='')
    writer = None
    for r in range(args.replications):
        summary = run(tables, args.seed + r)
        if writer is None:
            writer = csv.writer(out, lineterminator='\n')
            writer.writerow(['replication', 'seed', *summary.keys()])
        writer.writerow([r, args.seed + r, *(cell(v) for v in summary.values())])
    if out is not sys.stdout:
        out.close()
    print(f'{args.replications} replications in {time.perf_counter() - started:.2f} s', file=sys.stderr)


if __name__ == '__main__':
    main()
