/**
 * Sensitivity analysis for any plain function: samplers turn a Problem into rows, the caller runs the
 * model on each row, analysers turn rows and outputs into indices. Nothing here runs a model. The
 * samplers and the Problem live in src/sample (SALib's sample/); they are re-exported here so that a
 * study needs one namespace.
 */
export {
  type Factor,
  type Problem,
  type AnalysisIssue,
  AnalysisInputError,
  problemIssues,
  validateProblem,
  factorNames,
  scaleToFactors,
} from '../sample/problem.js';
export { sampleOat } from '../sample/oat.js';
export { type OatIndices, analyzeOat } from './oat.js';
export { type MorrisSampleOptions, morrisDelta, sampleMorris } from '../sample/morris.js';
export { type MorrisAnalyzeOptions, type MorrisIndices, elementaryEffects, analyzeMorris } from './morris.js';
export { type SaltelliSampleOptions, sampleSaltelli } from '../sample/saltelli.js';
export {
  type SobolAnalyzeOptions,
  type SobolIndices,
  type SobolDiagnostic,
  type SobolDiagnosticOptions,
  analyzeSobol,
  sobolDiagnostics,
  sobolWarnings,
} from './sobol-indices.js';
export { type SeriesColumn, outputColumns, analyzeSeries } from './series.js';
export {
  type TestFunction,
  type SobolTestFunction,
  type LinearTestFunction,
  type ScreeningTestFunction,
  ishigami,
  sobolG,
  linearFunction,
  screeningFunction,
} from './test-functions.js';
