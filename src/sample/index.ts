/**
 * Experimental designs for sweeps and sensitivity analysis: full factorial grids, Latin hypercubes,
 * Sobol sequences, and the sensitivity samplers (one-at-a-time, Morris, Saltelli). Each returns rows of
 * numbers; mapping them onto model parameters and running the model are other modules' jobs.
 */
export { gridDesign, linspace } from './grid.js';
export { sampleLhs } from './lhs.js';
export { sobolSequence, SOBOL_MAX_DIMS, type SobolOptions } from './sobol.js';
export { type Factor, type Problem, AnalysisInputError, validateProblem, scaleToFactors } from './problem.js';
export { sampleOat } from './oat.js';
export { morrisDelta, sampleMorris, type MorrisSampleOptions } from './morris.js';
export { sampleSaltelli, type SaltelliSampleOptions } from './saltelli.js';
