/**
 * A test model of two independent chains, plant → depot → front, A and B. Plant A's rate is
 * `rate_a - 50`, so rate_a below 50 makes the model invalid (a failing design point); B's stock and
 * demand are options, so a caller can make front B run short or never.
 */
export function twoChainsModel(options: { depotB: number; demandB: number }): string {
  return `name: two-chains
start: 2024-01-01
days: 40
seed: 7
parameters:
  rate_a: { value: 150, min: 0, max: 300 }
  rate_b: { value: 100, min: 0, max: 300 }
  demand_a: { value: 120, min: 0, max: 500 }
munitions: [{ id: shell }]
stockpiles:
  - { id: depot-a, initial: { shell: 500 } }
  - { id: depot-b, initial: { shell: ${options.depotB} } }
factories:
  - { id: plant-a, munition: shell, to: depot-a, rate: "rate_a - 50", breakdown: { mtbf_days: 10, mttr_days: 2 } }
  - { id: plant-b, munition: shell, to: depot-b, rate: rate_b, breakdown: { mtbf_days: 10, mttr_days: 2 } }
consumers:
  - { id: front-a, draws_from: [depot-a], munitions: [shell], demand: demand_a, demand_cv: 0.3 }
  - { id: front-b, draws_from: [depot-b], munitions: [shell], demand: ${options.demandB}, demand_cv: 0.3 }
`;
}
