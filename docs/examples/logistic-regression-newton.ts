/**
 * The seed's logistic-regression example: L2-regularized logistic regression trained
 * by Newton's method on seeded synthetic data, with the loss, gradient and Hessian
 * written out. For this loss, Newton's method is iteratively reweighted least squares
 * (IRLS): each step solves the weighted least-squares system
 * (XᵀSX + λI) p = −(Xᵀ(σ − y) + λw) with weights S = diag(σᵢ(1 − σᵢ)).
 *
 * Run: node --conditions=source --import tsx docs/examples/logistic-regression-newton.ts
 *
 * The test beside this file checks that L-BFGS (`@hessian/quasi-newton`) reaches the same
 * weights, to within what strong convexity bounds by its gradient norm.
 */
import { pathToFileURL } from 'node:url';
import { type DenseMatrix, mulberry32, type ProblemSpec, type Result, run } from '@hessian/core';
import { criticalPointOf, newton } from '@hessian/newton';

/** Labelled samples: X is m×d row-major (column 0 is the intercept's 1), y ∈ {0, 1}. */
export interface Dataset {
  readonly m: number;
  readonly d: number;
  readonly X: Float64Array;
  readonly y: Float64Array;
  /** The weights the labels were drawn from. */
  readonly trueWeights: Float64Array;
}

/**
 * m samples with an intercept and d − 1 standard normal features (Box–Muller); labels
 * drawn as Bernoulli(σ(xᵀw_true)) with w_true uniform in [−2, 2]^d. Seeded: the same
 * arguments give the same data, bit for bit.
 */
export function syntheticData(m = 500, d = 6, seed = 42): Dataset {
  const rand = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const trueWeights = Float64Array.from({ length: d }, () => 4 * rand() - 2);
  const X = new Float64Array(m * d);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    X[i * d] = 1;
    let z = trueWeights[0];
    for (let j = 1; j < d; j++) {
      X[i * d + j] = normal();
      z += X[i * d + j] * trueWeights[j];
    }
    y[i] = rand() < sigmoid(z) ? 1 : 0;
  }
  return { m, d, X, y, trueWeights };
}

/** σ(z) = 1/(1 + e^−z), without overflow for either sign of z. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z), without overflow. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * The regularized negative log-likelihood of `data` with its derivatives:
 *
 *   L(w)   = Σᵢ [log(1 + e^{zᵢ}) − yᵢ zᵢ] + (λ/2)‖w‖²,   z = Xw
 *   ∇L(w)  = Xᵀ(σ(z) − y) + λw
 *   ∇²L(w) = XᵀSX + λI,   S = diag(σ(zᵢ)(1 − σ(zᵢ)))
 *
 * (the intercept is regularized too, for brevity). ∇²L is positive definite for λ > 0,
 * so L is strictly convex and its one critical point is the minimizer.
 */
export function logisticLoss(data: Dataset, lambda = 1): ProblemSpec {
  const { m, d, X, y } = data;
  const z = new Float64Array(m);
  const linear = (w: Float64Array) => {
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j] * w[j];
      z[i] = s;
    }
  };
  const penalty = (w: Float64Array) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += w[j] * w[j];
    return 0.5 * lambda * s;
  };
  return {
    dimension: d,
    value(w) {
      linear(w);
      let L = penalty(w);
      for (let i = 0; i < m; i++) L += softplus(z[i]) - y[i] * z[i];
      return L;
    },
    valueAndGradient(w, out) {
      linear(w);
      let L = penalty(w);
      for (let j = 0; j < d; j++) out[j] = lambda * w[j];
      for (let i = 0; i < m; i++) {
        L += softplus(z[i]) - y[i] * z[i];
        const r = sigmoid(z[i]) - y[i];
        for (let j = 0; j < d; j++) out[j] += X[i * d + j] * r;
      }
      return L;
    },
    hessian(w, out: DenseMatrix) {
      linear(w);
      const H = out.data;
      H.fill(0);
      for (let i = 0; i < m; i++) {
        const s = sigmoid(z[i]);
        const weight = s * (1 - s);
        for (let j = 0; j < d; j++) {
          const a = weight * X[i * d + j];
          for (let k = 0; k <= j; k++) H[j * d + k] += a * X[i * d + k];
        }
      }
      for (let j = 0; j < d; j++) {
        H[j * d + j] += lambda;
        for (let k = 0; k < j; k++) H[k * d + j] = H[j * d + k];
      }
    },
  };
}

/** Trains on `data` from w = 0 to ‖∇L‖∞ ≤ 1e-10 with exact Newton (unit steps). */
export function train(data: Dataset = syntheticData(), lambda = 1): Result {
  return run(newton(), logisticLoss(data, lambda), new Float64Array(data.d), {
    gradientTolerance: 1e-10,
    maxIterations: 15,
    trace: true,
  });
}

/** Trains on the default data; returns the text printed. */
export function main(): string {
  const data = syntheticData();
  const r = train(data);
  const fmt = (v: number) => v.toFixed(4).padStart(8);
  const lines = [
    `L2-regularized logistic regression (m = ${data.m}, d = ${data.d}, λ = 1, seed 42), Newton/IRLS from w = 0`,
    '',
    'iter  L(w)                  ‖∇L‖∞      ‖step‖₂',
    ...r.trace!.map(
      (t) =>
        `${String(t.iteration).padStart(4)}  ${t.value.toPrecision(17).padEnd(20)}  ${t.gradientNorm.toExponential(2).padEnd(9)}  ${t.stepNorm === undefined ? '' : t.stepNorm.toExponential(2)}`,
    ),
    '',
    `status: ${r.status} after ${r.iterations} iterations; evaluations ${JSON.stringify(r.evaluations)}`,
    `critical point: ${criticalPointOf(r)?.kind}`,
    `w      = [${Array.from(r.x, fmt).join(', ')}]`,
    `w_true = [${Array.from(data.trueWeights, fmt).join(', ')}]`,
  ];
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(main());
