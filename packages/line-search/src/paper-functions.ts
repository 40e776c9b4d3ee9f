/**
 * The six test functions of Moré & Thuente (1994, §5) with the paper's parameters,
 * and the paper's Tables 1–6, for tests and the table in docs/line-search.md.
 * Internal: not exported from the package.
 *
 * @packageDocumentation
 */
import type { ScalarFunction } from './scalar-search.js';

/** One test function of the paper with its constants. */
export interface PaperFunction {
  /** 1–6, as in the paper. */
  readonly id: number;
  /** Its parameters, for the table. */
  readonly parameters: string;
  /** μ, the sufficient decrease constant (c1). */
  readonly mu: number;
  /** η, the curvature constant (c2). */
  readonly eta: number;
  readonly phi: ScalarFunction;
}

/** A row of the paper's Tables 1–6: evaluations, final alpha, final phi'(alpha), as printed. */
export interface PaperRow {
  readonly alpha0: number;
  readonly evaluations: number;
  readonly alpha: string;
  readonly slope: string;
}

function yanai(beta1: number, beta2: number): ScalarFunction {
  const g = (b: number) => Math.sqrt(1 + b * b) - b;
  const g1 = g(beta1);
  const g2 = g(beta2);
  return (a) => {
    const r1 = Math.sqrt((1 - a) ** 2 + beta2 * beta2);
    const r2 = Math.sqrt(a * a + beta1 * beta1);
    return { value: g1 * r1 + g2 * r2, slope: (-g1 * (1 - a)) / r1 + (g2 * a) / r2 };
  };
}

function wiggly(beta: number, l: number): ScalarFunction {
  const k = (l * Math.PI) / 2;
  return (a) => {
    let v: number;
    let s: number;
    if (a <= 1 - beta) {
      v = 1 - a;
      s = -1;
    } else if (a >= 1 + beta) {
      v = a - 1;
      s = 1;
    } else {
      v = (a - 1) ** 2 / (2 * beta) + beta / 2;
      s = (a - 1) / beta;
    }
    return {
      value: v + ((2 * (1 - beta)) / (l * Math.PI)) * Math.sin(k * a),
      slope: s + (1 - beta) * Math.cos(k * a),
    };
  };
}

/** The six functions, each with the paper's β (and l) and its μ, η. */
export const PAPER_FUNCTIONS: readonly PaperFunction[] = [
  {
    id: 1,
    parameters: 'β = 2',
    mu: 0.001,
    eta: 0.1,
    phi: (a) => ({ value: -a / (a * a + 2), slope: (a * a - 2) / (a * a + 2) ** 2 }),
  },
  {
    id: 2,
    parameters: 'β = 0.004',
    mu: 0.1,
    eta: 0.1,
    phi: (a) => {
      const t = a + 0.004;
      return { value: t ** 5 - 2 * t ** 4, slope: 5 * t ** 4 - 8 * t ** 3 };
    },
  },
  { id: 3, parameters: 'β = 0.01, l = 39', mu: 0.1, eta: 0.1, phi: wiggly(0.01, 39) },
  { id: 4, parameters: 'β₁ = 0.001, β₂ = 0.001', mu: 0.001, eta: 0.001, phi: yanai(0.001, 0.001) },
  { id: 5, parameters: 'β₁ = 0.01, β₂ = 0.001', mu: 0.001, eta: 0.001, phi: yanai(0.01, 0.001) },
  { id: 6, parameters: 'β₁ = 0.001, β₂ = 0.01', mu: 0.001, eta: 0.001, phi: yanai(0.001, 0.01) },
];

/** The four first trials of the paper's tests. */
export const PAPER_ALPHA0 = [1e-3, 1e-1, 1e1, 1e3] as const;

/** Moré & Thuente (1994), Tables 1–6, in the order of {@link PAPER_FUNCTIONS} and {@link PAPER_ALPHA0}. */
export const PAPER_TABLES: readonly (readonly PaperRow[])[] = [
  [
    { alpha0: 1e-3, evaluations: 6, alpha: '1.4', slope: '-9.2e-3' },
    { alpha0: 1e-1, evaluations: 3, alpha: '1.4', slope: '4.7e-3' },
    { alpha0: 1e1, evaluations: 1, alpha: '10', slope: '9.4e-3' },
    { alpha0: 1e3, evaluations: 4, alpha: '37', slope: '7.3e-4' },
  ],
  [
    { alpha0: 1e-3, evaluations: 12, alpha: '1.6', slope: '7.1e-9' },
    { alpha0: 1e-1, evaluations: 8, alpha: '1.6', slope: '10e-10' },
    { alpha0: 1e1, evaluations: 8, alpha: '1.6', slope: '-5.0e-9' },
    { alpha0: 1e3, evaluations: 11, alpha: '1.6', slope: '-2.3e-8' },
  ],
  [
    { alpha0: 1e-3, evaluations: 12, alpha: '1.0', slope: '-5.1e-5' },
    { alpha0: 1e-1, evaluations: 12, alpha: '1.0', slope: '-1.9e-4' },
    { alpha0: 1e1, evaluations: 10, alpha: '1.0', slope: '-2.0e-6' },
    { alpha0: 1e3, evaluations: 13, alpha: '1.0', slope: '-1.6e-5' },
  ],
  [
    { alpha0: 1e-3, evaluations: 4, alpha: '0.08', slope: '-6.9e-5' },
    { alpha0: 1e-1, evaluations: 1, alpha: '0.10', slope: '-4.9e-5' },
    { alpha0: 1e1, evaluations: 3, alpha: '0.35', slope: '-2.9e-6' },
    { alpha0: 1e3, evaluations: 4, alpha: '0.83', slope: '1.6e-5' },
  ],
  [
    { alpha0: 1e-3, evaluations: 6, alpha: '0.075', slope: '1.9e-4' },
    { alpha0: 1e-1, evaluations: 3, alpha: '0.078', slope: '7.4e-4' },
    { alpha0: 1e1, evaluations: 7, alpha: '0.073', slope: '-2.6e-4' },
    { alpha0: 1e3, evaluations: 8, alpha: '0.076', slope: '4.5e-4' },
  ],
  [
    { alpha0: 1e-3, evaluations: 13, alpha: '0.93', slope: '5.2e-4' },
    { alpha0: 1e-1, evaluations: 11, alpha: '0.93', slope: '8.4e-5' },
    { alpha0: 1e1, evaluations: 8, alpha: '0.92', slope: '-2.4e-4' },
    { alpha0: 1e3, evaluations: 11, alpha: '0.92', slope: '-3.2e-4' },
  ],
];
