/**
 * The fused vector kernels as WebAssembly SIMD, generated from one small description
 * per kernel: the per-element temporaries, the stores and the reductions, written as
 * expressions. Each description is compiled twice into the function: as f64x2 code
 * for blocks of four elements (lanes i, i+1 and i+2, i+3, i.e. the four partial sums
 * of the TypeScript kernels) and as scalar code for the last n mod 4 elements, added
 * into lane 0 as the TypeScript kernels do. The IEEE operations and their order are
 * those of `fused-js.ts`, so the two agree bit for bit (tested).
 *
 * @packageDocumentation
 */
import {
  assembleModule,
  F64,
  FunctionBuilder,
  I32,
  V128,
  type ValueType,
} from './wasm-assembler.js';

/** An expression of one element (or one pair of lanes). */
type Expr =
  | { k: 'load'; v: number }
  | { k: 'scalar'; s: number }
  | { k: 'temp'; t: number }
  | { k: 'add' | 'sub' | 'mul' | 'max'; a: Expr; b: Expr }
  | { k: 'neg' | 'abs'; a: Expr };

/**
 * `lanes`: a sum in four lanes; `max`: a maximum in four lanes, NaN when any element
 * is NaN; `blocks`: one scalar sum of each block's ((e0 + e1) + (e2 + e3)).
 */
type Reduction = { kind: 'lanes' | 'max' | 'blocks'; e: Expr };

interface KernelSpec {
  readonly name: string;
  /** f64 parameters (first), then i32 byte offsets of the vectors, then n. */
  readonly scalars: number;
  readonly vectors: number;
  readonly temps: readonly Expr[];
  readonly stores: readonly (readonly [vector: number, value: Expr])[];
  readonly sums: readonly Reduction[];
}

const load = (v: number): Expr => ({ k: 'load', v });
const scalar = (s: number): Expr => ({ k: 'scalar', s });
const temp = (t: number): Expr => ({ k: 'temp', t });
const add = (a: Expr, b: Expr): Expr => ({ k: 'add', a, b });
const sub = (a: Expr, b: Expr): Expr => ({ k: 'sub', a, b });
const mul = (a: Expr, b: Expr): Expr => ({ k: 'mul', a, b });
const neg = (a: Expr): Expr => ({ k: 'neg', a });
const abs = (a: Expr): Expr => ({ k: 'abs', a });

/**
 * The kernels, in the argument order of their TypeScript twins (scalars first here).
 * Each line mirrors the loop body of `fused-js.ts`.
 */
const SPECS = [
  // dot(x, y): l += x·y
  {
    name: 'dot',
    scalars: 0,
    vectors: 2,
    temps: [],
    stores: [],
    sums: [lanes(mul(load(0), load(1)))],
  },
  // axpyDot(a; x, y, out, z): v = y + a·x; out = v; l += z·v
  {
    name: 'axpyDot',
    scalars: 1,
    vectors: 4,
    temps: [add(load(1), mul(scalar(0), load(0)))],
    stores: [[2, temp(0)]],
    sums: [lanes(mul(load(3), temp(0)))],
  },
  // axpyDotInPlace(a; x, q, z): axpyDot with y = out = q (one pointer fewer)
  {
    name: 'axpyDotInPlace',
    scalars: 1,
    vectors: 3,
    temps: [add(load(1), mul(scalar(0), load(0)))],
    stores: [[1, temp(0)]],
    sums: [lanes(mul(load(2), temp(0)))],
  },
  // negAxpyDot(a; x, y, out, z): v = −(y + a·x)
  {
    name: 'negAxpyDot',
    scalars: 1,
    vectors: 4,
    temps: [neg(add(load(1), mul(scalar(0), load(0))))],
    stores: [[2, temp(0)]],
    sums: [lanes(mul(load(3), temp(0)))],
  },
  // scaledAxpyDot(a, c; x, y, out): u = x; v = c·(y + a·u); out = v; l += u·v
  // (x is read once, before the store: out may alias x)
  {
    name: 'scaledAxpyDot',
    scalars: 2,
    vectors: 3,
    temps: [load(0), mul(scalar(1), add(load(1), mul(scalar(0), temp(0))))],
    stores: [[2, temp(1)]],
    sums: [lanes(mul(temp(0), temp(1)))],
  },
  // scaleDot(c; v, out, z): w = c·v; l += z·w
  {
    name: 'scaleDot',
    scalars: 1,
    vectors: 3,
    temps: [mul(scalar(0), load(0))],
    stores: [[1, temp(0)]],
    sums: [lanes(mul(load(2), temp(0)))],
  },
  // pointAlong(t; x, d, out): out = x + t·d
  {
    name: 'pointAlong',
    scalars: 1,
    vectors: 3,
    temps: [],
    stores: [[2, add(load(0), mul(scalar(0), load(1)))]],
    sums: [],
  },
  // maxAbs(x): m = max(m, |x|)
  {
    name: 'maxAbs',
    scalars: 0,
    vectors: 1,
    temps: [],
    stores: [],
    sums: [{ kind: 'max', e: abs(load(0)) }],
  },
  // secantPair(xNew, xOld, gNew, gOld, s, y): a = x⁺ − x, h = g⁺, o = g, b = h − o
  {
    name: 'secantPair',
    scalars: 0,
    vectors: 6,
    temps: [sub(load(0), load(1)), load(2), load(3), sub(temp(1), temp(2))],
    stores: [
      [4, temp(0)],
      [5, temp(3)],
    ],
    sums: [
      lanes(mul(temp(0), temp(3))), // sᵀy
      lanes(mul(temp(3), temp(3))), // yᵀy
      { kind: 'blocks', e: mul(temp(0), temp(0)) }, // sᵀs
      lanes(mul(temp(0), temp(1))), // sᵀg⁺
      { kind: 'blocks', e: mul(temp(0), temp(2)) }, // sᵀg
    ],
  },
] as const satisfies readonly KernelSpec[];

function lanes(e: Expr): Reduction {
  return { kind: 'lanes', e };
}

/** The names of the exported kernels. */
export type KernelName = (typeof SPECS)[number]['name'];

/**
 * Compiles one kernel. With more than one reduction, every result is also stored at
 * the byte offset passed after n (8 bytes each, in order); the first is returned.
 */
function compile(spec: KernelSpec): FunctionBuilder {
  const multi = spec.sums.length > 1;
  const params: ValueType[] = [
    ...Array<ValueType>(spec.scalars).fill(F64),
    ...Array<ValueType>(spec.vectors).fill(I32),
    I32,
    ...(multi ? [I32 as ValueType] : []),
  ];
  const f = new FunctionBuilder(spec.name, params, F64);
  const ptr = (v: number) => spec.scalars + v;
  const nParam = spec.scalars + spec.vectors;
  const resultParam = nParam + 1;
  const splat = Array.from({ length: spec.scalars }, (_, s) => {
    const l = f.local(V128);
    f.get(s).f64x2Splat().set(l);
    return l;
  });
  const vTemps = [0, 1].map(() => spec.temps.map(() => f.local(V128)));
  const sTemps = spec.temps.map(() => f.local(F64));
  const acc = [0, 1].map(() => spec.sums.map((r) => (r.kind === 'blocks' ? -1 : f.local(V128))));
  const blockSum = spec.sums.map((r) => (r.kind === 'blocks' ? f.local(F64) : -1));
  const lane0 = spec.sums.map(() => f.local(F64));
  const scratch = [f.local(V128), f.local(V128)];
  const nanMask = spec.sums.map((r) => (r.kind === 'max' ? f.local(V128) : -1));
  const end = f.local(I32);

  const emit = (e: Expr, simd: boolean, group: number): void => {
    switch (e.k) {
      case 'load':
        f.get(ptr(e.v));
        if (simd) f.v128Load(16 * group);
        else f.f64Load();
        return;
      case 'scalar':
        f.get(simd ? splat[e.s] : e.s);
        return;
      case 'temp':
        f.get(simd ? vTemps[group][e.t] : sTemps[e.t]);
        return;
      case 'neg':
        emit(e.a, simd, group);
        if (simd) f.f64x2Neg();
        else f.f64Neg();
        return;
      case 'abs':
        emit(e.a, simd, group);
        if (simd) f.f64x2Abs();
        else f.f64Abs();
        return;
      default:
        emit(e.a, simd, group);
        emit(e.b, simd, group);
        binary(e.k, simd);
    }
  };
  const binary = (k: 'add' | 'sub' | 'mul' | 'max', simd: boolean): void => {
    if (k === 'add') simd ? f.f64x2Add() : f.f64Add();
    else if (k === 'sub') simd ? f.f64x2Sub() : f.f64Sub();
    else if (k === 'mul') simd ? f.f64x2Mul() : f.f64Mul();
    else simd ? f.f64x2Max() : f.f64Max();
  };
  /** The per-element work: temporaries, stores, then the reductions. */
  const body = (simd: boolean, group: number): void => {
    spec.temps.forEach((t, i) => {
      emit(t, simd, group);
      f.set(simd ? vTemps[group][i] : sTemps[i]);
    });
    for (const [v, e] of spec.stores) {
      f.get(ptr(v));
      emit(e, simd, group);
      if (simd) f.v128Store(16 * group);
      else f.f64Store();
    }
    spec.sums.forEach((r, k) => {
      if (r.kind === 'blocks' && simd) return; // after both groups
      const into = simd ? acc[group][k] : r.kind === 'blocks' ? blockSum[k] : lane0[k];
      if (r.kind === 'max' && simd) {
        // f64x2.max propagates NaN but is a long sequence in V8; pmax is one instruction
        // and a NaN mask (e ≠ e) carries the NaN instead: the same result
        emit(r.e, simd, group);
        f.tee(scratch[0]).get(into).f64x2Pmax().set(into);
        f.get(nanMask[k]).get(scratch[0]).get(scratch[0]).f64x2Ne().v128Or().set(nanMask[k]);
        return;
      }
      f.get(into);
      emit(r.e, simd, group);
      binary(r.kind === 'max' ? 'max' : 'add', simd);
      f.set(into);
    });
  };
  const advance = (bytes: number): void => {
    for (let v = 0; v < spec.vectors; v++) f.get(ptr(v)).i32Const(bytes).i32Add().set(ptr(v));
  };
  /** Loops `step` while the first vector's offset is below `end`. */
  const loop = (step: () => void, bytes: number): void => {
    f.block().loop();
    f.get(ptr(0)).get(end).i32GeU().brIf(1);
    step();
    advance(bytes);
    f.br(0).end().end();
  };

  // blocks of four: end = x + (n & −4)·8
  f.get(ptr(0)).get(nParam).i32Const(-4).i32And().i32Const(3).i32Shl().i32Add().set(end);
  loop(() => {
    body(true, 0);
    body(true, 1);
    spec.sums.forEach((r, k) => {
      if (r.kind !== 'blocks') return;
      // s += (e0 + e1) + (e2 + e3)
      f.get(blockSum[k]);
      emit(r.e, true, 0);
      f.tee(scratch[0]).f64x2ExtractLane(0).get(scratch[0]).f64x2ExtractLane(1).f64Add();
      emit(r.e, true, 1);
      f.tee(scratch[1]).f64x2ExtractLane(0).get(scratch[1]).f64x2ExtractLane(1).f64Add();
      f.f64Add().f64Add().set(blockSum[k]);
    });
  }, 32);
  // the last n mod 4 elements, one at a time, into lane 0
  spec.sums.forEach((r, k) => {
    if (r.kind !== 'blocks') f.get(acc[0][k]).f64x2ExtractLane(0).set(lane0[k]);
  });
  f.get(ptr(0)).get(nParam).i32Const(3).i32And().i32Const(3).i32Shl().i32Add().set(end);
  loop(() => body(false, 0), 8);
  // (l0 + l1) + (l2 + l3)
  spec.sums.forEach((r, k) => {
    if (r.kind === 'blocks') {
      f.get(blockSum[k]).set(lane0[k]);
      return;
    }
    const op = r.kind === 'max' ? 'max' : 'add';
    f.get(lane0[k]).get(acc[0][k]).f64x2ExtractLane(1);
    binary(op, false);
    f.get(acc[1][k]).f64x2ExtractLane(0).get(acc[1][k]).f64x2ExtractLane(1);
    binary(op, false);
    binary(op, false);
    f.set(lane0[k]);
    if (r.kind === 'max') {
      // NaN when a block held one (the tail's f64.max propagated its own)
      f.f64Const(Number.NaN).get(lane0[k]).get(nanMask[k]).v128AnyTrue().select().set(lane0[k]);
    }
  });
  if (multi)
    spec.sums.forEach((_, k) => {
      f.get(resultParam)
        .get(lane0[k])
        .f64Store(8 * k);
    });
  if (spec.sums.length === 0) f.f64Const(0);
  else f.get(lane0[0]);
  return f;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled kernel module, or null where WebAssembly or its SIMD is missing (or
 * blocked, e.g. by a content security policy). Compiled once per process.
 */
export function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(assembleModule(SPECS.map(compile)));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** The kernels' exports as functions (byte offsets and n as numbers). */
export type KernelExports = Record<KernelName, (...args: number[]) => number>;
