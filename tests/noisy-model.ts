/**
 * A model whose KPI has a known distribution, for replications to a precision: one day of a front
 * demanding 1000 shells times a lognormal factor of mean 1 and coefficient of variation `cv`, from a
 * stock that never runs out, so demand_total has mean ≈ 1000 and sd ≈ 1000·cv (rounding aside).
 */
export const NOISY_MODEL = `name: noisy
start: 2024-01-01
days: 1
seed: 5
parameters:
  cv: { value: 0.1, min: 0, max: 1 }
munitions: [{ id: shell }]
stockpiles: [{ id: depot, initial: { shell: 1000000 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [shell], demand: 1000, demand_cv: cv }]
`;
