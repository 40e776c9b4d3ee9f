// Mean–variance portfolio optimization with a budget penalty, by Newton's method:
//   minimize  (γ/2) wᵀΣw − μᵀw + (ρ/2)(1ᵀw − 1)²
// The objective is quadratic, so one Newton step lands on the optimum: the solution of
// (γΣ + ρ11ᵀ) w = μ + ρ1.
import { pathToFileURL } from 'node:url';
import { type DenseMatrix, minimize } from '@hessian/optimize';
import { mulberry32 } from '@hessian/problems';

/** A seeded market: expected returns μ and a covariance Σ = FFᵀ/k + diag(d). */
export function market(n: number, seed = 7): { mu: Float64Array; sigma: Float64Array } {
  const rand = mulberry32(seed);
  const k = 3;
  const F = Float64Array.from({ length: n * k }, () => rand() - 0.5);
  const sigma = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += F[i * k + c] * F[j * k + c];
      sigma[i * n + j] = s / k + (i === j ? 0.01 + 0.04 * rand() : 0);
    }
  const mu = Float64Array.from({ length: n }, () => 0.02 + 0.1 * rand());
  return { mu, sigma };
}

export function portfolioProblem(n: number, gamma = 5, rho = 100) {
  const { mu, sigma } = market(n);
  return {
    mu,
    sigma,
    dimension: n,
    value(w: Float64Array): number {
      let quad = 0;
      let ret = 0;
      let budget = -1;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += sigma[i * n + j] * w[j];
        quad += w[i] * s;
        ret += mu[i] * w[i];
        budget += w[i];
      }
      return 0.5 * gamma * quad - ret + 0.5 * rho * budget * budget;
    },
    gradient(w: Float64Array, out: Float64Array): void {
      let budget = -1;
      for (let i = 0; i < n; i++) budget += w[i];
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += sigma[i * n + j] * w[j];
        out[i] = gamma * s - mu[i] + rho * budget;
      }
    },
    hessian(_w: Float64Array, out: DenseMatrix): void {
      for (let i = 0; i < n * n; i++) out.data[i] = gamma * sigma[i] + rho;
    },
  };
}

export function main(): string {
  const n = 8;
  const problem = portfolioProblem(n);
  const result = minimize(problem, new Float64Array(n).fill(1 / n), { method: 'newton' });
  const w = result.x;
  const total = w.reduce((a, b) => a + b, 0);
  let ret = 0;
  for (let i = 0; i < n; i++) ret += problem.mu[i] * w[i];
  return [
    `status: ${result.status} after ${result.iterations} Newton iteration(s)`,
    `weights: [${Array.from(w, (v) => v.toFixed(4)).join(', ')}]`,
    `budget 1ᵀw = ${total.toFixed(4)}, expected return μᵀw = ${ret.toFixed(4)}`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(main());
