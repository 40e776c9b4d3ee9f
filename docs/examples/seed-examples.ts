// The seed's examples: the minimum of x² + y², the saddle of x² − y², and the Hessian of
// x² + 3xy + y² computed exactly, by finite differences and symbolically.
import { pathToFileURL } from 'node:url';
import { analyzeHessian, hessianAt, minimize } from '@hessian/optimize';
import { symbolicHessian } from '@hessian/symbolic';

const fmt = (v: number) => (Math.abs(v) < 5e-13 ? '0' : Number(v.toPrecision(10)).toString());
const vec = (x: ArrayLike<number>) => `[${Array.from(x, fmt).join(', ')}]`;
const mat = (rows: number[][]) => `[${rows.map(vec).join(', ')}]`;

export function main(): string {
  const out: string[] = [];

  // 1. f = x² + y²: Newton finds the minimum in one step.
  const bowl = {
    value: (x: Float64Array) => x[0] ** 2 + x[1] ** 2,
    gradient: (x: Float64Array) => [2 * x[0], 2 * x[1]],
    hessian: () => [
      [2, 0],
      [0, 2],
    ],
  };
  const r1 = minimize(bowl, [3, -4], { method: 'newton' });
  const k1 = r1.extra?.criticalPoint as { kind: string };
  out.push(`x² + y²: ${r1.status} at ${vec(r1.x)} after ${r1.iterations} iteration(s): ${k1.kind}`);

  // 2. f = x² − y²: exact Newton seeks critical points, and finds the saddle.
  const saddle = {
    value: (x: Float64Array) => x[0] ** 2 - x[1] ** 2,
    gradient: (x: Float64Array) => [2 * x[0], -2 * x[1]],
    hessian: () => [
      [2, 0],
      [0, -2],
    ],
  };
  const r2 = minimize(saddle, [0.1, 0.2], { method: 'newton' });
  const k2 = r2.extra?.criticalPoint as { kind: string };
  out.push(`x² − y²: ${r2.status} at ${vec(r2.x)} after ${r2.iterations} iteration(s): ${k2.kind}`);

  // 3. The Hessian of f = x² + 3xy + y², three ways.
  const f = {
    value: (x: Float64Array) => x[0] ** 2 + 3 * x[0] * x[1] + x[1] ** 2,
    gradient: (x: Float64Array) => [2 * x[0] + 3 * x[1], 3 * x[0] + 2 * x[1]],
    hessian: () => [
      [2, 3],
      [3, 2],
    ],
  };
  const origin = [0, 0];
  const exact = hessianAt(f, origin);
  const fd = hessianAt({ value: f.value, gradient: f.gradient }, origin);
  const symbolic = symbolicHessian('x^2 + 3*x*y + y^2', ['x', 'y']);
  out.push(`Hessian of x² + 3xy + y², exact:              ${mat(exact.toArray())}`);
  out.push(`Hessian of x² + 3xy + y², finite differences: ${mat(fd.toArray())}`);
  out.push(
    `Hessian of x² + 3xy + y², symbolic:           [${symbolic.map((r) => `[${r.map((e) => e.text).join(', ')}]`).join(', ')}]`,
  );
  const a = analyzeHessian(exact);
  out.push(`eigenvalues ${vec(a.eigenvalues)}: ${a.definiteness}, so the origin is a saddle`);
  return out.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(main());
