import { DenseMatrix, symmetricEigen } from '@hessian/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cauchyPoint } from './cauchy.js';
import { doglegStep } from './dogleg.js';
import { gltr } from './gltr.js';
import { moreSorensen } from './more-sorensen.js';
import { steihaugCG } from './steihaug.js';
import {
  cauchyStep,
  modelValue,
  type Subproblem,
  type SubproblemExit,
  solveSubproblem,
} from './subproblem.js';

/**
 * The global minimizer of m(p) = gᵀp + ½pᵀBp on ‖p‖ ≤ Δ, by brute force: the
 * eigen-decomposition B = VΛVᵀ and the secular equation Σ (vᵢᵀg)²/(λᵢ + λ)² = Δ² solved by
 * bisection on λ ≥ max(0, −λ₁), with the interior Newton point and the hard case.
 */
function globalMinimum(B: DenseMatrix, g: Float64Array, radius: number) {
  const n = g.length;
  const { values, vectors } = symmetricEigen(B);
  const gv = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) gv[i] += vectors.get(j, i) * g[j];
  const lowest = (i: number) => Math.abs(values[i] - values[0]) < 1e-12;
  const norm = (lam: number, skipLowest: boolean) => {
    let s = 0;
    for (let i = 0; i < n; i++)
      if (!(skipLowest && lowest(i))) s += (gv[i] / (values[i] + lam)) ** 2;
    return Math.sqrt(s);
  };
  const toX = (c: Float64Array) => {
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) p[j] += vectors.get(j, i) * c[i];
    return p;
  };
  const c = new Float64Array(n);
  if (values[0] > 0 && norm(0, false) <= radius) {
    for (let i = 0; i < n; i++) c[i] = -gv[i] / values[i];
    const p = toX(c);
    return { p, value: modelValue(B, g, p) };
  }
  const lo0 = Math.max(0, -values[0]);
  let hard = true;
  for (let i = 0; i < n; i++) if (lowest(i) && Math.abs(gv[i]) > 1e-14) hard = false;
  if (hard && norm(lo0, true) <= radius) {
    for (let i = 0; i < n; i++) c[i] = lowest(i) ? 0 : -gv[i] / (values[i] + lo0);
    c[0] = Math.sqrt(Math.max(radius ** 2 - norm(lo0, true) ** 2, 0));
    const p = toX(c);
    return { p, value: modelValue(B, g, p) };
  }
  let lo = lo0;
  let hi = lo0 + 1;
  while (norm(hi, false) > radius) hi *= 2;
  for (let it = 0; it < 2000; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (norm(mid, false) > radius) lo = mid;
    else hi = mid;
  }
  for (let i = 0; i < n; i++) c[i] = -gv[i] / (values[i] + hi);
  const p = toX(c);
  return { p, value: modelValue(B, g, p) };
}

/** The model's minimum by a fine search on the circle ‖p‖ = Δ plus the Newton point (n = 2). */
function circleSearch(B: DenseMatrix, g: Float64Array, radius: number): number {
  let best = 0;
  const p = new Float64Array(2);
  for (let k = 0; k < 200000; k++) {
    const t = (2 * Math.PI * k) / 200000;
    p[0] = radius * Math.cos(t);
    p[1] = radius * Math.sin(t);
    best = Math.min(best, modelValue(B, g, p));
  }
  const det = B.get(0, 0) * B.get(1, 1) - B.get(0, 1) ** 2;
  if (B.get(0, 0) > 0 && det > 0) {
    p[0] = -(B.get(1, 1) * g[0] - B.get(0, 1) * g[1]) / det;
    p[1] = -(-B.get(1, 0) * g[0] + B.get(0, 0) * g[1]) / det;
    if (Math.hypot(p[0], p[1]) <= radius) best = Math.min(best, modelValue(B, g, p));
  }
  return best;
}

interface Case {
  name: string;
  B: number[][];
  g: number[];
  radius: number;
  /** Exit of the (tight) exact solver. */
  exact: SubproblemExit;
}

/** 45° rotation of diag(−2, 1, 3) about e3, and of g. */
const R = [
  [Math.SQRT1_2, -Math.SQRT1_2, 0],
  [Math.SQRT1_2, Math.SQRT1_2, 0],
  [0, 0, 1],
];
function rotate(d: number[]): number[][] {
  return R.map((ri) => R.map((rj) => ri.reduce((s, _, k) => s + ri[k] * d[k] * rj[k], 0)));
}
const rotateVector = (v: number[]) => R.map((ri) => ri.reduce((s, x, k) => s + x * v[k], 0));

const cases: Case[] = [
  {
    name: 'interior (B PD, small g)',
    B: [
      [4, 1],
      [1, 3],
    ],
    g: [1, 1],
    radius: 2,
    exact: 'interior',
  },
  {
    name: 'boundary (B PD, large g)',
    B: [
      [4, 1],
      [1, 3],
    ],
    g: [10, -5],
    radius: 0.5,
    exact: 'boundary',
  },
  {
    name: 'easy case, B indefinite',
    B: [
      [1, 2],
      [2, -1],
    ],
    g: [1, 1],
    radius: 1,
    exact: 'boundary',
  },
  {
    name: 'easy case, B singular PSD',
    B: [
      [1, 0],
      [0, 0],
    ],
    g: [1, 1],
    radius: 2,
    exact: 'boundary',
  },
  {
    name: 'hard case (g ⊥ e1)',
    B: [
      [-2, 0, 0],
      [0, 1, 0],
      [0, 0, 3],
    ],
    g: [0, 1, 1],
    radius: 1,
    exact: 'hard-case',
  },
  {
    name: 'hard case, rotated',
    B: rotate([-2, 1, 3]),
    g: rotateVector([0, 1, 1]),
    radius: 3,
    exact: 'hard-case',
  },
  {
    name: 'nearly hard case',
    B: [
      [-2, 0, 0],
      [0, 1, 0],
      [0, 0, 3],
    ],
    g: [1e-6, 1, 1],
    radius: 1,
    exact: 'boundary',
  },
  {
    name: 'hard case with g = 0 (a saddle)',
    B: [
      [-2, 0, 0],
      [0, 1, 0],
      [0, 0, 3],
    ],
    g: [0, 0, 0],
    radius: 1,
    exact: 'hard-case',
  },
];

const tight = {
  exact: moreSorensen({ kEasy: 1e-10, kHard: 1e-10, maxIterations: 200 }),
  gltr: gltr({ tolerance: 1e-10 }),
};
const all: Record<string, Subproblem> = {
  cauchy: cauchyPoint(),
  dogleg: doglegStep(),
  steihaug: steihaugCG(),
  exact: moreSorensen(),
  gltr: gltr(),
  'exact (tight)': tight.exact,
  'gltr (tight)': tight.gltr,
};

function solve(s: Subproblem, c: Case) {
  const B = DenseMatrix.from(c.B);
  const g = Float64Array.from(c.g);
  const p = new Float64Array(g.length);
  const r = solveSubproblem(s, B, g, c.radius, p);
  return { r, p, B, g, value: modelValue(B, g, p) };
}

describe('the brute-force reference', () => {
  it('agrees with a fine search on the circle (n = 2)', () => {
    for (const c of cases.filter((k) => k.g.length === 2)) {
      const B = DenseMatrix.from(c.B);
      const g = Float64Array.from(c.g);
      expect(globalMinimum(B, g, c.radius).value).toBeCloseTo(circleSearch(B, g, c.radius), 8);
    }
  });
});

describe.each(cases)('subproblem $name', (c) => {
  const { value: best } = globalMinimum(DenseMatrix.from(c.B), Float64Array.from(c.g), c.radius);

  it('exact (Moré–Sorensen) and GLTR reach the global minimum within 1e-8', () => {
    const e = solve(tight.exact, c);
    expect(Math.abs(e.value - best)).toBeLessThanOrEqual(1e-8);
    expect(e.r.exit).toBe(c.exact);
    expect(e.r.predicted).toBeCloseTo(-e.value, 12);
    expect(Math.hypot(...e.p)).toBeLessThanOrEqual(c.radius * (1 + 1e-12));
    if (c.g.some((x) => x !== 0)) {
      // GLTR cannot leave the Krylov space of g = 0.
      const k = solve(tight.gltr, c);
      expect(Math.abs(k.value - best)).toBeLessThanOrEqual(1e-8);
      // The Krylov-space model value, up to Lanczos rounding (amplified when nearly hard).
      expect(Math.abs(k.r.predicted + k.value)).toBeLessThanOrEqual(1e-9);
      expect(Math.hypot(...k.p)).toBeLessThanOrEqual(c.radius * (1 + 1e-12));
    }
  });

  it('every solver stays in the region, never beats the global minimum and matches Cauchy', () => {
    const B = DenseMatrix.from(c.B);
    const g = Float64Array.from(c.g);
    const Bg = B.toArray().map((row) => row.reduce((s, x, j) => s + x * g[j], 0));
    const gg = g.reduce((s, x) => s + x * x, 0);
    const cauchy = cauchyStep(
      g,
      gg,
      Bg.reduce((s, x, i) => s + x * g[i], 0),
      c.radius,
      new Float64Array(g.length),
    );
    for (const [name, s] of Object.entries(all)) {
      const r = solve(s, c);
      expect(Math.hypot(...r.p), name).toBeLessThanOrEqual(c.radius * (1 + 1e-12));
      // (The reference itself is accurate to about 1e-9 in the nearly hard case.)
      expect(r.value, name).toBeGreaterThanOrEqual(best - 1e-9);
      expect(r.value, name).toBeLessThanOrEqual(-cauchy.predicted + 1e-12);
      expect(Math.abs(r.r.predicted + r.value), name).toBeLessThanOrEqual(1e-9);
    }
  });
});

describe('the solvers in their own terms', () => {
  const [interior, boundary, indefinite] = cases;

  it('interior, B PD: dogleg, exact and tight GLTR give the Newton point −B⁻¹g', () => {
    // B⁻¹g for B = [[4, 1], [1, 3]], g = (1, 1): (2/11, 3/11).
    for (const s of [doglegStep(), tight.exact, tight.gltr]) {
      const { p, r } = solve(s, interior);
      expect(p[0]).toBeCloseTo(-2 / 11, 14);
      expect(p[1]).toBeCloseTo(-3 / 11, 14);
      expect(r.exit).toBe('interior');
      expect(r.onBoundary).toBe(false);
    }
  });

  it('Cauchy point: the minimizer along −g (interior) or −Δ g/‖g‖ (boundary)', () => {
    const a = solve(cauchyPoint(), interior);
    // gᵀg/gᵀBg = 2/9 for g = (1, 1).
    expect(a.p[0]).toBeCloseTo(-2 / 9, 15);
    expect(a.r.exit).toBe('interior');
    const b = solve(cauchyPoint(), boundary);
    expect(Math.hypot(...b.p)).toBeCloseTo(0.5, 15);
    expect(b.r.exit).toBe('boundary');
    const c = solve(cauchyPoint(), indefinite);
    // gᵀBg = 4 > 0 here: interior along −g.
    expect(c.r.exit).toBe('interior');
  });

  it('dogleg on an indefinite B falls back to the Cauchy point and says so', () => {
    const { p, r } = solve(doglegStep(), indefinite);
    const cp = solve(cauchyPoint(), indefinite);
    expect(r.exit).toBe('cauchy-fallback');
    expect(Array.from(p)).toEqual(Array.from(cp.p));
    expect(r.predicted).toBeGreaterThan(0);
  });

  it('Steihaug CG exits on negative curvature at the better boundary root', () => {
    // B = diag(1, −1), g = (0, 1): the first direction −g has curvature −1.
    const { p, r } = solve(steihaugCG(), {
      ...indefinite,
      B: [
        [1, 0],
        [0, -1],
      ],
      g: [0, 1],
    });
    expect(r.exit).toBe('negative-curvature');
    expect(p[1]).toBeCloseTo(-1, 15);
    expect(r.innerIterations).toBe(1);
  });

  it('Steihaug CG stops at the boundary when an iterate would leave the region', () => {
    const { p, r } = solve(steihaugCG(), boundary);
    expect(r.exit).toBe('boundary');
    expect(Math.hypot(...p)).toBeCloseTo(0.5, 14);
  });

  it('Steihaug CG uses the relative tolerance min(0.5, √‖g‖)', () => {
    // B = diag(1², …, 20²): with ‖g‖ ≈ 4.5 the tolerance is 0.5‖g‖, with ‖g‖ ≈ 4.5e-4 it is
    // 0.021‖g‖; a fixed tolerance 1e-12 runs CG to the end.
    const B = Array.from({ length: 20 }, (_, i) =>
      Array.from({ length: 20 }, (_, j) => (i === j ? (i + 1) ** 2 : 0)),
    );
    const iterations = (scale: number, tolerance?: number) =>
      solve(steihaugCG({ tolerance }), {
        name: 'diag',
        B,
        g: new Array(20).fill(scale),
        radius: 100,
        exact: 'interior',
      }).r.innerIterations;
    expect(iterations(1)).toBe(12);
    expect(iterations(1e-4)).toBe(20);
    expect(iterations(1, 1e-12)).toBe(23);
  });

  it('GLTR goes past the first boundary crossing where Steihaug CG stops', () => {
    const k = solve(tight.gltr, indefinite);
    const s = solve(steihaugCG(), indefinite);
    expect(k.value).toBeLessThan(s.value - 0.5);
    expect(k.r.exit).toBe('negative-curvature');
  });

  it('GLTR reaches the exact hard case through a new Krylov block, not without it', () => {
    const hard = cases[4];
    const best = globalMinimum(DenseMatrix.from(hard.B), Float64Array.from(hard.g), hard.radius);
    const k = solve(tight.gltr, hard);
    expect(k.r.exit).toBe('hard-case');
    expect(Math.abs(k.value - best.value)).toBeLessThanOrEqual(1e-8);
    const noRestart = solve(gltr({ tolerance: 1e-10, maxRestarts: 0 }), hard);
    expect(noRestart.value).toBeGreaterThan(best.value + 0.5);
  });
});

describe('the Cauchy decrease (property, random symmetric B, g, Δ)', () => {
  // Entries below 1e-100 in magnitude are 0: ‖g‖² would underflow to subnormals.
  const entry = fc
    .double({ min: -10, max: 10, noNaN: true })
    .map((x) => (Math.abs(x) < 1e-100 ? 0 : x));
  const problem = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      upper: fc.array(entry, { minLength: (n * (n + 1)) / 2, maxLength: (n * (n + 1)) / 2 }),
      g: fc.array(entry, { minLength: n, maxLength: n }),
      radius: fc.double({ min: 1e-3, max: 100, noNaN: true }),
    }),
  );

  it('every solver, with its default options, decreases the model at least as much as the Cauchy point', () => {
    const solvers = {
      cauchy: cauchyPoint(),
      dogleg: doglegStep(),
      steihaug: steihaugCG(),
      exact: moreSorensen(),
      gltr: gltr(),
    };
    fc.assert(
      fc.property(problem, ({ n, upper, g: ga, radius }) => {
        const B = new DenseMatrix(n, n);
        let k = 0;
        for (let i = 0; i < n; i++)
          for (let j = i; j < n; j++) {
            B.set(i, j, upper[k]);
            B.set(j, i, upper[k++]);
          }
        const g = Float64Array.from(ga);
        const gg = g.reduce((s, x) => s + x * x, 0);
        let gBg = 0;
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) gBg += g[i] * B.get(i, j) * g[j];
        const cauchy = cauchyStep(g, gg, gBg, radius, new Float64Array(n)).predicted;
        for (const [name, s] of Object.entries(solvers)) {
          const p = new Float64Array(n);
          const r = solveSubproblem(s, B, g, radius, p);
          const decrease = -modelValue(B, g, p);
          const scale = Math.max(1, Math.abs(cauchy), Math.abs(decrease));
          expect(decrease, name).toBeGreaterThanOrEqual(cauchy - 1e-10 * scale);
          expect(Math.abs(r.predicted - decrease), name).toBeLessThanOrEqual(1e-9 * scale);
          expect(Math.hypot(...p), name).toBeLessThanOrEqual(radius * (1 + 1e-12));
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
