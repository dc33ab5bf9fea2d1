/**
 * `casepath/testing`: what engineers and case-management systems need to property-test
 * process rules and their own event exports — fast-check arbitraries for chronologies
 * (valid, compliant, broken for a chosen rule, malformed), the property checks, model-based
 * paths through the machines and their coverage, and the seeded corpus generator.
 *
 *   import { compliantChronologyArbitrary, checkNoFindings } from 'casepath/testing';
 */
export * from './arbitraries/index.js';
export * from './properties.js';
export { machinePaths, pathToChronology, candidateEvents, generatedPaths, type MachinePath } from './paths.js';
export { machineCoverage, formatCoverage, isComplete, type MachineCoverage } from './coverage.js';
export { generateCase, generateCorpus } from './corpus.js';
export { writeCorpusAsCin, writeCorpusAs903, cinCensusXml, chronologyToCin, chronologyTo903, write903Tables } from './formats/index.js';
