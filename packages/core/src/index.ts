export {
  type AnalyzeHessianOptions,
  analyzeHessian,
  type ClassifyOptions,
  type CriticalPointClassification,
  type CriticalPointKind,
  classifyCriticalPoint,
  criticalPointKind,
  type Definiteness,
  definitenessOf,
  type HessianAnalysis,
  type HessianAtOptions,
  hessianAt,
  type Inertia,
  type QuadraticModel,
  quadraticModel,
} from './analysis.js';
export * from './check-derivatives.js';
export * from './checkpoint.js';
export * from './curvature/exact.js';
export * from './curvature/finite-difference.js';
export * from './curvature/provider.js';
export * from './driver.js';
export * from './execute.js';
export * from './finite-difference.js';
export * from './kernels/arena.js';
export {
  jsKernels,
  SG_NEW,
  SG_OLD,
  SS,
  SY,
  type VectorKernels,
  YY,
} from './kernels/vector-kernels.js';
export * from './linalg.js';
export * from './matrix.js';
export * from './options.js';
export * from './problem.js';
export * from './protocol.js';
export * from './random.js';
export * from './result.js';
export * from './vector.js';
