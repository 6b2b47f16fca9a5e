/**
 * Sensitivity analysis for any plain function: samplers turn a Problem into rows, the caller runs the
 * model on each row, analysers turn rows and outputs into indices. Nothing here runs a model.
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
} from './problem.js';
export { type OatIndices, sampleOat, analyzeOat } from './oat.js';
export {
  type MorrisSampleOptions,
  type MorrisAnalyzeOptions,
  type MorrisIndices,
  morrisDelta,
  sampleMorris,
  elementaryEffects,
  analyzeMorris,
} from './morris.js';
export {
  type SaltelliSampleOptions,
  type SobolAnalyzeOptions,
  type SobolIndices,
  type SobolDiagnostic,
  type SobolDiagnosticOptions,
  sampleSaltelli,
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
