/**
 * `@hessian/autodiff` against hand-written derivatives: extended Rosenbrock, BDQRTIC and
 * logistic regression at n = 10³, 10⁵, 10⁶ (for logistic regression n is the number of
 * samples m, with 10 features: the data matrix has 10n entries).
 *
 * Targets: the autodiff gradient within 5× the autodiff value and within 5× the
 * hand-written gradient; an HVP within 3× the autodiff gradient.
 *
 * Run: pnpm bench autodiff [--n=1000,100000,1000000] [--problems=extended-rosenbrock,bdqrtic,logistic-regression]
 *  (or: node --conditions=source --import tsx benchmarks/src/autodiff.bench.ts)
 */
import { type AutodiffProblem, autodiffProblem, matVec, type Var } from '@hessian/autodiff';
import {
  bdqrtic,
  extendedRosenbrock,
  logisticRegression,
  type TestProblem,
} from '@hessian/problems';
import { environment, fmt, integerList, isMain, parseFlags, table } from './bench-util.js';

/** Σ 100(x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)². */
export const extendedRosenbrockF = (x: Var): Var => {
  const a = x.slice(0, x.length, 2);
  const b = x.slice(1, x.length, 2);
  return b.sub(a.square()).square().mul(100).add(a.sub(1).square()).sum();
};

/** Σ (3 − 4xᵢ)² + (xᵢ² + 2xᵢ₊₁² + 3xᵢ₊₂² + 4xᵢ₊₃² + 5xₙ²)². */
export const bdqrticF = (x: Var): Var => {
  const m = x.length - 4;
  const s = (k: number) => x.slice(k, k + m).square();
  const q = s(0).add(s(1).mul(2)).add(s(2).mul(3)).add(s(3).mul(4)).add(x.at(-1).square().mul(5));
  return x.slice(0, m).mul(-4).add(3).square().sum().add(q.square().sum());
};

const FEATURES = 10;

interface Case {
  readonly hand: TestProblem;
  readonly ad: AutodiffProblem;
  /** Trace, compile and the first call of each mode, ms. */
  readonly setupMs: number;
}

function build(name: string, n: number): Case {
  let hand: TestProblem;
  let f: (x: Var) => Var;
  if (name === 'extended-rosenbrock') {
    hand = extendedRosenbrock(n);
    f = extendedRosenbrockF;
  } else if (name === 'bdqrtic') {
    hand = bdqrtic(n);
    f = bdqrticF;
  } else if (name === 'logistic-regression') {
    const p = logisticRegression({ m: n, n: FEATURES, lambda: 1e-3, seed: 1 });
    const X = { rows: n, cols: FEATURES, data: p.features };
    hand = p;
    f = (w) =>
      matVec(X, w)
        .mul(p.labels)
        .neg()
        .softplus()
        .mean()
        .add(w.dot(w).mul(p.lambda / 2));
  } else throw new RangeError(`autodiff bench: unknown problem '${name}'`);
  const N = hand.dimension;
  const t0 = performance.now();
  const ad = autodiffProblem(f, N);
  const x = new Float64Array(N);
  const g = new Float64Array(N);
  ad.value(x);
  ad.gradient(x, g);
  ad.hessianVectorProduct(x, x, g);
  return { hand, ad, setupMs: performance.now() - t0 };
}

/**
 * ms per call of each function: rounds in which every function runs in turn (a batch
 * of calls lasting about `sampleMs`), the best round of each. Interleaving makes a
 * shared machine's load fall on all of them alike.
 */
function perCall(fns: readonly (() => void)[], rounds = 9, sampleMs = 20): number[] {
  const reps = fns.map((f) => {
    for (let k = 0; k < 5; k++) f();
    const t0 = performance.now();
    f();
    return Math.max(1, Math.ceil(sampleMs / Math.max(performance.now() - t0, 1e-4)));
  });
  const best = fns.map(() => Infinity);
  for (let r = 0; r < rounds; r++)
    fns.forEach((f, k) => {
      const t0 = performance.now();
      for (let i = 0; i < reps[k]; i++) f();
      best[k] = Math.min(best[k], (performance.now() - t0) / reps[k]);
    });
  return best;
}

function relativeError(a: Float64Array, b: Float64Array): number {
  let e = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    e = Math.max(e, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return s === 0 ? e : e / s;
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

export function main(args: readonly string[] = []): string {
  const flags = parseFlags(args);
  const sizes = integerList(flags.get('n'), [1_000, 100_000, 1_000_000]);
  const problems = (flags.get('problems') ?? 'extended-rosenbrock,bdqrtic,logistic-regression')
    .split(',')
    .map((s) => s.trim());
  const rows: string[][] = [];
  for (const name of problems)
    for (const n of sizes) {
      const { hand, ad, setupMs } = build(name, n);
      const N = hand.dimension;
      const x = Float64Array.from({ length: N }, (_, i) => 1.5 * Math.sin(3 * i + 1));
      const v = Float64Array.from({ length: N }, (_, i) => Math.cos(7 * i));
      const [g1, g2, h1, h2] = [0, 1, 2, 3].map(() => new Float64Array(N));
      hand.valueAndGradient(x, g1);
      ad.valueAndGradient(x, g2);
      hand.hessianVectorProduct(x, v, h1);
      ad.hessianVectorProduct(x, v, h2);
      const error = Math.max(relativeError(g2, g1), relativeError(h2, h1));
      let sink = 0;
      const [hv, hg, hh, av, ag, ah] = perCall([
        () => {
          sink += hand.value(x);
        },
        () => hand.gradient(x, g1),
        () => hand.hessianVectorProduct(x, v, h1),
        () => {
          sink += ad.value(x);
        },
        () => ad.gradient(x, g2),
        () => ad.hessianVectorProduct(x, v, h2),
      ]);
      if (sink === 42) rows.push([]);
      rows.push([
        name,
        String(n),
        fmt(hv),
        fmt(hg),
        fmt(hh),
        fmt(av),
        fmt(ag),
        fmt(ah),
        ratio(ag, av),
        ratio(ag, hg),
        ratio(ah, ag),
        fmt(setupMs),
        error.toExponential(1),
      ]);
    }
  return [
    `autodiff vs hand-written derivatives (ms per call, best of 9 interleaved rounds). ${environment()}`,
    'Targets: grad/value <= 5×, grad/hand grad <= 5×, HVP/grad <= 3×. logistic-regression: n samples × 10 features.',
    '',
    table(
      [
        'problem',
        'n',
        'hand f',
        'hand ∇f',
        'hand Hv',
        'ad f',
        'ad ∇f',
        'ad Hv',
        'ad ∇f / ad f',
        'ad ∇f / hand ∇f',
        'ad Hv / ad ∇f',
        'trace+compile ms',
        'max rel err',
      ],
      rows,
    ),
  ].join('\n');
}

if (isMain(import.meta.url)) console.log(main(process.argv.slice(2)));
