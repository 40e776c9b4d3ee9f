/**
 * Tracing: the objective is called once with a symbolic x, and each operation on a
 * {@link Var} records one node of a vector-level graph (a node is a whole vector, so
 * the graph has O(#operations) nodes, not O(n)). While recording, elementwise nodes
 * of equal length are grouped into *loops* (fused steps) that the compiler turns into
 * one JavaScript loop each; a node is *materialized* (given its own arrays) only when
 * a later step reads it as a whole: through a slice, a gather, a matrix product, or
 * at another length.
 *
 * @packageDocumentation
 */
import { describe } from '@hessian/core';
import { type ElementOp, OPS } from './ops.js';

/**
 * A constant dense matrix, row-major: entry (i, j) is `data[i * cols + j]` (core's
 * `DenseMatrix` fits).
 *
 * **Requires** `data.length === rows * cols`. **Reference** Griewank & Walther (2008), ch. 3.
 * @example const A: ConstantMatrix = { rows: 2, cols: 3, data: new Float64Array(6) };
 */
export interface ConstantMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/**
 * What can be combined with a {@link Var}: another Var, a number, or a constant vector
 * (a `Float64Array` is read at each call, not copied; a `number[]` is copied once).
 *
 * **Requires** a vector of the Var's length, or of length 1.
 * **Reference** Griewank & Walther (2008), ch. 2 (constants in evaluation procedures).
 * @example x.mul(labels).add(1)
 */
export type Operand = Var | number | Float64Array | readonly number[];

type Kind = 'input' | 'const' | 'literal' | 'view' | 'elem' | 'reduce' | 'matvec';

/** @internal One vector-level operation. */
export class Node {
  /** The step computing this node (−1: an input, a constant, a literal or a view of one). */
  step = -1;
  /** Has its own value (and adjoint) arrays. */
  materialized = false;
  op: ElementOp = OPS.copy;
  /** The exponent of `powc`. */
  param = 0;
  /** A literal's value. */
  literal = 0;
  /** A constant vector. */
  data: Float64Array | undefined;
  /** A view's materialized base, and its addressing: offset + stride·t, or index[t]. */
  base: Node | undefined;
  offset = 0;
  stride = 1;
  index: Int32Array | undefined;
  /** A matrix product's matrix, and whether it is transposed. */
  matrix: ConstantMatrix | undefined;
  transpose = false;

  constructor(
    readonly id: number,
    readonly kind: Kind,
    readonly length: number,
    /** Depends on x. */
    readonly active: boolean,
    readonly args: readonly Node[] = [],
  ) {}

  /** The i-th entry's position in its base, for a view (or in itself). */
  position(t: number): number {
    return this.index ? this.index[t] : this.offset + this.stride * t;
  }
}

/** @internal A fused loop over `length` entries, or a matrix product. */
export type Step =
  | {
      readonly kind: 'loop';
      readonly id: number;
      readonly length: number;
      readonly members: Node[];
    }
  | { readonly kind: 'matvec'; readonly id: number; readonly node: Node };

/** @internal A number as itself, anything else as core's `describe` says it. */
export function show(v: unknown): string {
  return typeof v === 'number' ? String(v) : describe(v);
}

function fail(what: string): never {
  throw new RangeError(`autodiff: ${what}`);
}

/** @internal The recorded graph of one objective. */
export class Graph {
  readonly nodes: Node[] = [];
  readonly steps: Step[] = [];
  readonly input: Node;
  output: Node | undefined;
  closed = false;

  constructor(readonly n: number) {
    this.input = this.add(new Node(0, 'input', n, true));
    this.input.materialized = true;
  }

  private add(node: Node): Node {
    if (this.closed)
      throw new TypeError('autodiff: a Var was used after its trace ended (keep Vars inside f)');
    this.nodes.push(node);
    return node;
  }

  private next(kind: Kind, length: number, active: boolean, args: readonly Node[] = []): Node {
    return this.add(new Node(this.nodes.length, kind, length, active, args));
  }

  literal(c: number): Node {
    const node = this.next('literal', 1, false);
    node.literal = c;
    return node;
  }

  constant(data: Float64Array): Node {
    if (data.length === 0) fail('a constant vector must have length >= 1, got length 0');
    const node = this.next('const', data.length, false);
    node.data = data;
    node.materialized = true;
    return node;
  }

  /** The step after which a node read as a whole (a leaf of a loop) is available. */
  private ready(a: Node): number {
    return a.kind === 'view' ? a.base!.step : a.step;
  }

  private loopStep(id: number): Extract<Step, { kind: 'loop' }> {
    return this.steps[id] as Extract<Step, { kind: 'loop' }>;
  }

  /**
   * Chooses the loop of a new node of length L: the latest loop among its fusable
   * arguments when every other argument is ready before it, else the latest loop of
   * length L after all of them, else a new loop. Fusable arguments left in other loops
   * are materialized.
   */
  private schedule(node: Node, L: number): void {
    const fusable = (a: Node) => a.kind === 'elem' && a.length === L;
    let K = -1;
    for (const a of node.args) if (fusable(a)) K = Math.max(K, a.step);
    let D = -1;
    for (const a of node.args) if (!(fusable(a) && a.step === K)) D = Math.max(D, this.ready(a));
    let S = K >= 0 && K > D ? K : -1;
    if (S < 0)
      for (let s = this.steps.length - 1; s > D; s--) {
        const step = this.steps[s];
        if (step.kind === 'loop' && step.length === L) {
          S = s;
          break;
        }
      }
    if (S < 0) {
      S = this.steps.length;
      this.steps.push({ kind: 'loop', id: S, length: L, members: [] });
    }
    for (const a of node.args)
      if (a.kind === 'elem' && !(fusable(a) && a.step === S)) a.materialized = true;
    node.step = S;
    this.loopStep(S).members.push(node);
  }

  elem(op: ElementOp, args: readonly Node[], param = 0): Node {
    let L = 1;
    for (const a of args) {
      if (a.length === L || a.length === 1) continue;
      if (L !== 1)
        fail(`${op.name}: lengths ${args.map((b) => b.length).join(' and ')} do not match`);
      L = a.length;
    }
    const node = this.next(
      'elem',
      L,
      args.some((a) => a.active),
      args,
    );
    node.op = op;
    node.param = param;
    this.schedule(node, L);
    return node;
  }

  reduce(a: Node): Node {
    const node = this.next('reduce', 1, a.active, [a]);
    node.materialized = true;
    this.schedule(node, a.length);
    return node;
  }

  /** A node read as a whole vector: elementwise nodes get arrays; a view is copied. */
  materialize(a: Node): Node {
    const m = a.kind === 'view' || a.kind === 'literal' ? this.elem(OPS.copy, [a]) : a;
    m.materialized = true;
    return m;
  }

  /** A view of `src`: entries at offset + stride·t (t < length), or at index[t]. */
  view(src: Node, offset: number, stride: number, length: number, index?: Int32Array): Node {
    let base = src;
    if (src.kind === 'view') {
      base = src.base!;
      if (index) index = index.map((j) => src.position(j));
      else if (src.index)
        index = Int32Array.from({ length }, (_, t) => src.position(offset + stride * t));
      else {
        offset = src.offset + src.stride * offset;
        stride *= src.stride;
      }
    } else base = this.materialize(src);
    if (!index && offset === 0 && stride === 1 && length === base.length) return base;
    const node = this.next('view', length, base.active, [base]);
    node.base = base;
    node.offset = offset;
    node.stride = stride;
    node.index = index;
    return node;
  }

  matvec(A: ConstantMatrix, u: Node, transpose: boolean): Node {
    const inner = transpose ? A.rows : A.cols;
    if (u.length !== inner)
      fail(
        `${transpose ? 'matTVec' : 'matVec'}: the matrix is ${A.rows}×${A.cols} but the vector has length ${u.length}`,
      );
    const arg = this.materialize(u);
    const node = this.next('matvec', transpose ? A.cols : A.rows, arg.active, [arg]);
    node.matrix = A;
    node.transpose = transpose;
    node.materialized = true;
    node.step = this.steps.length;
    this.steps.push({ kind: 'matvec', id: node.step, node });
    return node;
  }
}

function toFloat64(v: unknown, what: string): Float64Array {
  if (v instanceof Float64Array) return v;
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const a = Float64Array.from(v as ArrayLike<number>);
    for (let i = 0; i < a.length; i++)
      if (Number.isNaN(a[i]) && typeof (v as ArrayLike<unknown>)[i] !== 'number')
        throw new TypeError(
          `autodiff: ${what} must hold numbers, got ${show((v as ArrayLike<unknown>)[i])} at index ${i}`,
        );
    return a;
  }
  throw new TypeError(`autodiff: ${what} must be a Var, a number or a vector, got ${show(v)}`);
}

/** The node of an operand in graph g. */
function nodeOf(g: Graph, o: Operand, what: string): Node {
  if (o instanceof Var) {
    if (o.graph !== g) throw new TypeError(`autodiff: ${what} belongs to another trace`);
    return o.node;
  }
  if (typeof o === 'number') return g.literal(o);
  return g.constant(toFloat64(o, what));
}

function graphOf(a: unknown, b: unknown, fn: string): Graph {
  if (a instanceof Var) return a.graph;
  if (b instanceof Var) return b.graph;
  throw new TypeError(
    `autodiff: ${fn} needs at least one Var argument, got ${show(a)} and ${show(b)}`,
  );
}

function checkInteger(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new TypeError(`autodiff: ${fn}: ${name} must be an integer, got ${show(v)}`);
  return v;
}

/**
 * A traced value: a vector of `length` entries, or a scalar (length 1), inside an
 * objective given to `autodiffProblem`. Operations return new Vars and record the
 * computation; nothing is evaluated while tracing. Binary operations broadcast a
 * scalar (a number or a length-1 Var) against a vector; vectors must have equal
 * lengths. JavaScript has no operator overloading, so arithmetic is fluent:
 * `b.sub(a.square()).square().mul(100)`.
 *
 * **Requires** Vars of one trace only; the objective must build the same
 * computation for every x (it is traced once, with no values).
 * **Reference** Griewank & Walther, *Evaluating Derivatives* (2008), ch. 2–3
 * (evaluation procedures and elemental functions).
 * @example
 * autodiffProblem((x) => x.at(0).square().add(x.at(1).square()), 2)
 */
export class Var {
  /** @internal */
  constructor(
    /** @internal */ readonly graph: Graph,
    /** @internal */ readonly node: Node,
  ) {}

  /**
   * The number of entries (1 for a scalar).
   *
   * **Requires** a Var of a trace in progress.
   * **Reference** Griewank & Walther (2008), ch. 2 (evaluation procedures).
   * @example x.slice(1).length // n − 1
   */
  get length(): number {
    return this.node.length;
  }

  private unary(op: ElementOp, p = 0): Var {
    return new Var(this.graph, this.graph.elem(op, [this.node], p));
  }

  private binary(op: ElementOp, o: Operand): Var {
    return new Var(
      this.graph,
      this.graph.elem(op, [this.node, nodeOf(this.graph, o, `${op.name}: the operand`)]),
    );
  }

  /**
   * this + o, elementwise.
   *
   * **Requires** operands of equal length, or one of length 1 (a number or a scalar Var,
   * broadcast).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.add(1)
   */
  add(o: Operand): Var {
    return this.binary(OPS.add, o);
  }
  /**
   * this − o, elementwise.
   *
   * **Requires** operands of equal length, or one of length 1 (a number or a scalar Var,
   * broadcast).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.slice(1).sub(x.slice(0, -1))
   */
  sub(o: Operand): Var {
    return this.binary(OPS.sub, o);
  }
  /**
   * this · o, elementwise.
   *
   * **Requires** operands of equal length, or one of length 1 (a number or a scalar Var,
   * broadcast).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.mul(2)
   */
  mul(o: Operand): Var {
    return this.binary(OPS.mul, o);
  }
  /**
   * this / o, elementwise.
   *
   * **Requires** operands of equal length, or one of length 1 (a number or a scalar Var,
   * broadcast); a nonzero divisor where evaluated.
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.div(y)
   */
  div(o: Operand): Var {
    return this.binary(OPS.div, o);
  }
  /**
   * this ^ o, elementwise. A number exponent is a constant power (x², x³, x⁻¹ and √x are
   * emitted as products, a division and `Math.sqrt`); a Var exponent needs this > 0.
   *
   * **Requires** a number exponent (any base where the power is defined) or a Var
   * exponent of matching length (base > 0).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5.
   * @example x.pow(3)
   */
  pow(o: Operand): Var {
    if (typeof o === 'number') return this.unary(OPS.powc, o);
    return this.binary(OPS.pow, o);
  }
  /**
   * −this.
   *
   * **Requires** a Var (any values).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.neg()
   */
  neg(): Var {
    return this.unary(OPS.neg);
  }
  /**
   * this², elementwise.
   *
   * **Requires** a Var (any values).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.square()
   */
  square(): Var {
    return this.unary(OPS.powc, 2);
  }
  /**
   * eˣ, elementwise.
   *
   * **Requires** a Var (any values).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.exp()
   */
  exp(): Var {
    return this.unary(OPS.exp);
  }
  /**
   * ln x, elementwise (NaN for x < 0).
   *
   * **Requires** x > 0 where evaluated (else NaN, and a run ends non-finite).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.log()
   */
  log(): Var {
    return this.unary(OPS.log);
  }
  /**
   * √x, elementwise.
   *
   * **Requires** x > 0 where differentiated (the derivative is infinite at 0).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.sqrt()
   */
  sqrt(): Var {
    return this.unary(OPS.sqrt);
  }
  /**
   * sin x, elementwise.
   *
   * **Requires** a Var (any values).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.sin()
   */
  sin(): Var {
    return this.unary(OPS.sin);
  }
  /**
   * cos x, elementwise.
   *
   * **Requires** a Var (any values).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.cos()
   */
  cos(): Var {
    return this.unary(OPS.cos);
  }
  /**
   * tanh x, elementwise.
   *
   * **Requires** a Var (any values).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.tanh()
   */
  tanh(): Var {
    return this.unary(OPS.tanh);
  }
  /**
   * ln(1 + x), accurate near 0.
   *
   * **Requires** x > −1 where evaluated.
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.log1p()
   */
  log1p(): Var {
    return this.unary(OPS.log1p);
  }
  /**
   * log(1 + eˣ), without overflow.
   *
   * **Requires** a Var (any values).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example z.neg().softplus()
   */
  softplus(): Var {
    return this.unary(OPS.softplus);
  }
  /**
   * 1/(1 + e⁻ˣ), without overflow.
   *
   * **Requires** a Var (any values).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example z.sigmoid()
   */
  sigmoid(): Var {
    return this.unary(OPS.sigmoid);
  }
  /**
   * |x|, elementwise; its derivative sign(x) (0 at 0).
   *
   * **Requires** x ≠ 0 where differentiated (at 0 the derivative taken is 0).
   * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5
   * (second order).
   * @example x.abs().sum()
   */
  abs(): Var {
    return this.unary(OPS.abs);
  }
  /**
   * Σᵢ xᵢ, a scalar.
   *
   * **Requires** a Var (any values).
   * **Reference** Griewank & Walther (2008), ch. 3 (the adjoint of a sum is a broadcast).
   * @example x.square().sum()
   */
  sum(): Var {
    return new Var(this.graph, this.graph.reduce(this.node));
  }
  /**
   * (1/len) Σᵢ xᵢ, a scalar.
   *
   * **Requires** a Var (any values).
   * **Reference** Griewank & Walther (2008), ch. 3 (the adjoint of a sum is a broadcast).
   * @example x.mean()
   */
  mean(): Var {
    return this.sum().mul(1 / this.length);
  }
  /**
   * Σᵢ xᵢ·oᵢ, a scalar.
   *
   * **Requires** equal lengths, or one of length 1.
   * **Reference** Griewank & Walther (2008), ch. 3 (the adjoint of a sum is a broadcast).
   * @example x.dot(x)
   */
  dot(o: Operand): Var {
    return this.mul(o).sum();
  }

  /**
   * Entries start, start + step, … before end, as in Python's `x[start:end:step]`
   * (negative start and end count from the end). A view: nothing is copied; its adjoint
   * adds into the sliced entries.
   *
   * **Requires** integers, start in [−length, length), step >= 1, a non-empty result.
   * **Reference** Griewank & Walther (2008), ch. 3 (adjoints of copies and index maps).
   * @example x.slice(1).sub(x.slice(0, -1).square()) // x[1:] − x[:-1]²
   */
  slice(start: number, end: number = this.length, step = 1): Var {
    const n = this.length;
    checkInteger('slice', 'start', start);
    checkInteger('slice', 'end', end);
    checkInteger('slice', 'step', step);
    if (step < 1) fail(`slice: step must be an integer >= 1, got ${step}`);
    const s = start < 0 ? start + n : start;
    const e = Math.min(end < 0 ? end + n : end, n);
    if (s < 0 || s >= n) fail(`slice: start must be in [${-n}, ${n - 1}], got ${start}`);
    const length = Math.ceil((e - s) / step);
    if (!(length >= 1))
      fail(`slice: [${start}:${end}:${step}] of a vector of length ${n} is empty`);
    return new Var(this.graph, this.graph.view(this.node, s, step, length));
  }

  /**
   * Entry i as a scalar (negative i counts from the end), broadcast in vector operations.
   *
   * **Requires** an integer i in [−length, length).
   * **Reference** Griewank & Walther (2008), ch. 3 (adjoints of copies and index maps).
   * @example x.at(-1).square().mul(5) // 5xₙ²
   */
  at(i: number): Var {
    checkInteger('at', 'i', i);
    const n = this.length;
    const k = i < 0 ? i + n : i;
    if (k < 0 || k >= n) fail(`at: i must be in [${-n}, ${n - 1}], got ${i}`);
    return new Var(this.graph, this.graph.view(this.node, k, 1, 1));
  }

  /**
   * The entries at `indices` (repeats allowed): y[t] = x[indices[t]]. Its adjoint
   * scatters and adds. The indices are copied when traced.
   *
   * **Requires** at least one index, each an integer in [0, length).
   * **Reference** Griewank & Walther (2008), ch. 3 (adjoints of copies and index maps).
   * @example x.gather([2, 0, 2])
   */
  gather(indices: ArrayLike<number>): Var {
    const n = this.length;
    if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number')
      throw new TypeError(
        `autodiff: gather: indices must be an array of integers, got ${show(indices)}`,
      );
    if (indices.length === 0) fail('gather: indices must not be empty');
    const index = new Int32Array(indices.length);
    for (let t = 0; t < indices.length; t++) {
      const j = indices[t];
      if (!Number.isInteger(j) || j < 0 || j >= n)
        fail(`gather: indices[${t}] must be an integer in [0, ${n - 1}], got ${show(j)}`);
      index[t] = j;
    }
    return new Var(this.graph, this.graph.view(this.node, 0, 1, index.length, index));
  }
}

type Binary = (a: Operand, b: Operand) => Var;

function binaryFn(name: 'add' | 'sub' | 'mul' | 'div' | 'pow'): Binary {
  return (a, b) => {
    const g = graphOf(a, b, name);
    const left = a instanceof Var ? a : new Var(g, nodeOf(g, a, `${name}: the first operand`));
    return left[name](b);
  };
}

/**
 * a + b (either may be a number or a constant vector).
 *
 * **Requires** operands of equal length, or one of length 1 (a number or a scalar Var, broadcast).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example add(1, x)
 */
export const add: Binary = binaryFn('add');
/**
 * a − b.
 *
 * **Requires** operands of equal length, or one of length 1 (a number or a scalar Var, broadcast).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example sub(1, x) // 1 − x
 */
export const sub: Binary = binaryFn('sub');
/**
 * a · b.
 *
 * **Requires** operands of equal length, or one of length 1 (a number or a scalar Var, broadcast).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example mul(y, z)
 */
export const mul: Binary = binaryFn('mul');
/**
 * a / b.
 *
 * **Requires** operands of equal length, or one of length 1 (a number or a scalar Var, broadcast);
 * a nonzero divisor where evaluated.
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example div(1, x) // 1/x
 */
export const div: Binary = binaryFn('div');
/**
 * a ^ b.
 *
 * **Requires** a number exponent (any base where the power is defined) or a Var exponent (base >
 * 0).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example pow(2, x) // 2ˣ
 */
export const pow: Binary = binaryFn('pow');
/**
 * −x.
 *
 * **Requires** a Var (any values).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example neg(x)
 */
export const neg = (x: Var): Var => x.neg();
/**
 * x².
 *
 * **Requires** a Var (any values).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example square(x)
 */
export const square = (x: Var): Var => x.square();
/**
 * eˣ.
 *
 * **Requires** a Var (any values).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example exp(x)
 */
export const exp = (x: Var): Var => x.exp();
/**
 * ln x.
 *
 * **Requires** x > 0 where evaluated (else NaN, and a run ends non-finite).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example log(x)
 */
export const log = (x: Var): Var => x.log();
/**
 * √x.
 *
 * **Requires** x > 0 where differentiated (the derivative is infinite at 0).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example sqrt(x)
 */
export const sqrt = (x: Var): Var => x.sqrt();
/**
 * sin x.
 *
 * **Requires** a Var (any values).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example sin(x)
 */
export const sin = (x: Var): Var => x.sin();
/**
 * cos x.
 *
 * **Requires** a Var (any values).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example cos(x)
 */
export const cos = (x: Var): Var => x.cos();
/**
 * tanh x.
 *
 * **Requires** a Var (any values).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example tanh(x)
 */
export const tanh = (x: Var): Var => x.tanh();
/**
 * ln(1 + x).
 *
 * **Requires** x > −1 where evaluated.
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example log1p(x)
 */
export const log1p = (x: Var): Var => x.log1p();
/**
 * log(1 + eˣ).
 *
 * **Requires** a Var (any values).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example softplus(z.neg())
 */
export const softplus = (x: Var): Var => x.softplus();
/**
 * 1/(1 + e⁻ˣ).
 *
 * **Requires** a Var (any values).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example sigmoid(z)
 */
export const sigmoid = (x: Var): Var => x.sigmoid();
/**
 * |x|.
 *
 * **Requires** x ≠ 0 where differentiated (at 0 the derivative taken is 0).
 * **Reference** Griewank & Walther (2008), ch. 3 (tangent and adjoint of elementals), ch. 5 (second
 * order).
 * @example abs(x)
 */
export const abs = (x: Var): Var => x.abs();
/**
 * Σᵢ xᵢ.
 *
 * **Requires** a Var (any values).
 * **Reference** Griewank & Walther (2008), ch. 3 (the adjoint of a sum is a broadcast).
 * @example sum(square(x))
 */
export const sum = (x: Var): Var => x.sum();
/**
 * The mean of the entries.
 *
 * **Requires** a Var (any values).
 * **Reference** Griewank & Walther (2008), ch. 3 (the adjoint of a sum is a broadcast).
 * @example mean(x)
 */
export const mean = (x: Var): Var => x.mean();
/**
 * Σᵢ aᵢbᵢ.
 *
 * **Requires** equal lengths, or one of length 1.
 * **Reference** Griewank & Walther (2008), ch. 3 (the adjoint of a sum is a broadcast).
 * @example dot(x, x)
 */
export const dot = (a: Var, b: Operand): Var => a.dot(b);

function checkMatrix(fn: string, A: unknown): ConstantMatrix {
  const m = A as ConstantMatrix;
  if (
    m === null ||
    typeof m !== 'object' ||
    !Number.isInteger(m.rows) ||
    !Number.isInteger(m.cols) ||
    m.rows < 1 ||
    m.cols < 1 ||
    !(m.data instanceof Float64Array) ||
    m.data.length !== m.rows * m.cols
  )
    throw new TypeError(
      `autodiff: ${fn}: A must be a matrix { rows, cols, data: Float64Array(rows·cols) }, got ${show(A)}`,
    );
  return { rows: m.rows, cols: m.cols, data: m.data };
}

/**
 * A·x for a constant dense matrix A (rows×cols, row-major; core's `DenseMatrix` fits).
 * Its adjoint is Aᵀȳ; an HVP costs two passes over A (value and tangent together).
 * A is read at every call, not copied: changing its data changes the objective.
 *
 * **Requires** x of length A.cols.
 * **Reference** Griewank & Walther (2008), ch. 3 (vector operations in reverse mode).
 * @example
 * const z = matVec({ rows: m, cols: n, data: X }, w); // margins Xw
 */
export function matVec(A: ConstantMatrix, x: Var): Var {
  const M = checkMatrix('matVec', A);
  if (!(x instanceof Var)) throw new TypeError(`autodiff: matVec: x must be a Var, got ${show(x)}`);
  return new Var(x.graph, x.graph.matvec(M, x.node, false));
}

/**
 * Aᵀ·x for a constant dense matrix A (rows×cols, row-major).
 *
 * **Requires** x of length A.rows.
 * **Reference** Griewank & Walther (2008), ch. 3.
 * @example const g = matTVec(A, r); // Aᵀr
 */
export function matTVec(A: ConstantMatrix, x: Var): Var {
  const M = checkMatrix('matTVec', A);
  if (!(x instanceof Var))
    throw new TypeError(`autodiff: matTVec: x must be a Var, got ${show(x)}`);
  return new Var(x.graph, x.graph.matvec(M, x.node, true));
}

/** @internal Traces f once with a symbolic x of length n. */
export function trace(f: (x: Var) => Var, n: number): Graph {
  const g = new Graph(n);
  const r = f(new Var(g, g.input));
  if (!(r instanceof Var))
    throw new TypeError(`autodiff: the objective must return a Var, got ${show(r)}`);
  if (r.graph !== g) throw new TypeError('autodiff: the objective returned a Var of another trace');
  if (r.length !== 1)
    throw new RangeError(
      `autodiff: the objective must return a scalar (length 1), got length ${r.length}; use sum()`,
    );
  g.output = g.materialize(r.node);
  g.closed = true;
  return g;
}
