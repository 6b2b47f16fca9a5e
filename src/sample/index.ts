/**
 * Experimental designs for sweeps and sensitivity analysis: full factorial grids, Latin hypercubes
 * and Sobol sequences. Each returns points (rows of numbers); mapping them onto model parameters and
 * running the model are other modules' jobs.
 */
export { gridDesign, linspace } from './grid.js';
export { sampleLhs } from './lhs.js';
export { sobolSequence, SOBOL_MAX_DIMS, type SobolOptions } from './sobol.js';
