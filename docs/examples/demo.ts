/**
 * The main job until the benchmark issue lands: the Hessian of each seed example at
 * its critical points, exact and by finite differences, with eigenvalues,
 * definiteness and the second-order classification.
 *
 * Run: `pnpm main` (node --conditions=source --import tsx docs/examples/demo.ts).
 */
import { pathToFileURL } from 'node:url';
import {
  classifyCriticalPoint,
  type DenseMatrix,
  finiteDifferenceCurvature,
  hessianAt,
  luSolve,
  type ProblemSpec,
} from '@hessian/core';

/** A 2-D example with exact gradient and Hessian. */
interface Example {
  name: string;
  problem: ProblemSpec;
  points: number[][];
}

function example(
  name: string,
  f: (x: number, y: number) => number,
  g: (x: number, y: number) => [number, number],
  h: (x: number, y: number) => [number, number, number],
  points: number[][],
): Example {
  return {
    name,
    points,
    problem: {
      dimension: 2,
      value: (x) => f(x[0], x[1]),
      gradient: (x) => g(x[0], x[1]),
      hessian: (x) => {
        const [a, b, c] = h(x[0], x[1]);
        return [
          [a, b],
          [b, c],
        ];
      },
    },
  };
}

/** Himmelblau's critical points to 6 decimals (refined by Newton's method below). */
const HIMMELBLAU_POINTS = [
  [3, 2],
  [-2.805118, 3.131312],
  [-3.77931, -3.283186],
  [3.584428, -1.848126],
  [-0.270845, -0.923039],
  [0.086677, 2.884254],
  [3.385154, 0.073852],
  [-3.073026, -0.081353],
  [-0.127961, -1.953715],
];

/** The seed examples. */
export const EXAMPLES: Example[] = [
  example(
    'x² + y²',
    (x, y) => x * x + y * y,
    (x, y) => [2 * x, 2 * y],
    () => [2, 0, 2],
    [[0, 0]],
  ),
  example(
    'x² − y²',
    (x, y) => x * x - y * y,
    (x, y) => [2 * x, -2 * y],
    () => [2, 0, -2],
    [[0, 0]],
  ),
  example(
    'x² + 3xy + y²',
    (x, y) => x * x + 3 * x * y + y * y,
    (x, y) => [2 * x + 3 * y, 3 * x + 2 * y],
    () => [2, 3, 2],
    [[0, 0]],
  ),
  example(
    '−(x² + y²)',
    (x, y) => -(x * x + y * y),
    (x, y) => [-2 * x, -2 * y],
    () => [-2, 0, -2],
    [[0, 0]],
  ),
  example(
    'x⁴ + y²',
    (x, y) => x ** 4 + y * y,
    (x, y) => [4 * x ** 3, 2 * y],
    (x) => [12 * x * x, 0, 2],
    [[0, 0]],
  ),
  example(
    'Himmelblau',
    (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
    (x, y) => {
      const a = x * x + y - 11;
      const b = x + y * y - 7;
      return [4 * x * a + 2 * b, 2 * a + 4 * y * b];
    },
    (x, y) => [12 * x * x + 4 * y - 42, 4 * (x + y), 4 * x + 12 * y * y - 26],
    HIMMELBLAU_POINTS,
  ),
];

/** Newton's method on ∇f = 0: converges to any nondegenerate critical point nearby. */
function refine(problem: ProblemSpec, x0: number[], steps = 5): Float64Array {
  const x = Float64Array.from(x0);
  const g = new Float64Array(x.length);
  const d = new Float64Array(x.length);
  for (let k = 0; k < steps; k++) {
    g.set(problem.gradient!(x, g) as ArrayLike<number>);
    if (!luSolve(hessianAt(problem, x), g, d)) break; // singular (degenerate): keep x
    for (let i = 0; i < x.length; i++) x[i] -= d[i];
  }
  return x;
}

/** A number to `digits` significant digits, without trailing zeros; tiny entries as 0. */
function num(v: number, digits = 6, zero = 0): string {
  if (Math.abs(v) <= zero) return '0';
  return String(Number(v.toPrecision(digits)));
}

function matrix(H: DenseMatrix, zero = 0): string {
  return `[${H.toArray()
    .map((r) => `[${r.map((v) => num(v, 6, zero)).join(', ')}]`)
    .join(', ')}]`;
}

/** Left-aligned columns separated by two spaces. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => [...r[j]].length)));
  return rows
    .map((r) =>
      r
        .map((c, j) => c + ' '.repeat(widths[j] - [...c].length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Builds the report; returns the text printed. */
export function main(): string {
  const fd = finiteDifferenceCurvature({ scheme: 'central' });
  const rows: string[][] = [
    [
      'function',
      'point',
      'kind',
      'definiteness',
      'eigenvalues',
      'exact H',
      'finite-difference H',
      'max|ΔH|',
    ],
  ];
  for (const { name, problem, points } of EXAMPLES)
    for (const p of points) {
      const x = refine(problem, p);
      const c = classifyCriticalPoint(problem, x);
      const cf = classifyCriticalPoint(problem, x, { curvature: fd });
      const F = cf.hessian;
      let scale = 0;
      let err = 0;
      for (let k = 0; k < F.data.length; k++) {
        scale = Math.max(scale, Math.abs(c.hessian.data[k]));
        err = Math.max(err, Math.abs(F.data[k] - c.hessian.data[k]));
      }
      const kind = c.kind === cf.kind ? c.kind : `${c.kind} (FD: ${cf.kind})`;
      rows.push([
        name,
        `(${Array.from(x, (v) => String(Number(v.toFixed(6)))).join(', ')})`,
        kind,
        c.analysis.definiteness,
        Array.from(c.analysis.eigenvalues, (l) => num(l)).join(', '),
        matrix(c.hessian),
        matrix(F, 1e-7 * Math.max(scale, 1)),
        err.toExponential(1),
      ]);
    }
  return [
    'Hessian analysis of the seed examples at their critical points',
    '(exact Hessians; finite differences: central, of the exact gradient; critical points refined',
    " by Newton's method on ∇f = 0; tolerances: ‖∇f‖∞ ≤ 1e-6, |λ| ≤ 1e-8·max(1, max|λ|) is zero)",
    '',
    table(rows),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(main());
