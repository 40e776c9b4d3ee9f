/**
 * Compilation of a traced graph into JavaScript, once per mode:
 *
 * - **value**: each fused loop computes its entries in one pass (reductions
 *   accumulate), storing only materialized nodes;
 * - **gradient** (reverse mode): the value pass, then the loops in reverse order, each
 *   recomputing its entries (or loading materialized ones), propagating adjoints
 *   through its members and adding them into the adjoint arrays of what it read;
 * - **hvp** (forward-over-reverse): the value pass carrying tangents (ẋ = v), then the
 *   reverse pass run on (adjoint, adjoint-tangent) pairs: the adjoint tangent of x is Hv.
 *
 * Every array is allocated here, once; a call allocates nothing. Generated code is
 * built from node numbers and re-printed numbers only, never from user text.
 *
 * @packageDocumentation
 */
import { Counter, Emitter } from './emit.js';
import type { Graph, Node, Step } from './graph.js';
import { type Code, lit, sigmoid, softplus } from './ops.js';

type LoopStep = Extract<Step, { kind: 'loop' }>;
type Array64 = Float64Array;
/** One compiled step: x, its tangent, its adjoint, its adjoint's tangent. */
type StepFn = (x: Array64, dx: Array64 | null, ax: Array64 | null, bx: Array64 | null) => void;

/** y ← A·x, or y += A·x (A row-major r×c). */
function mv(A: Array64, r: number, c: number, x: Array64, y: Array64, acc: boolean): void {
  for (let i = 0, o = 0; i < r; i++, o += c) {
    let s = 0;
    for (let j = 0; j < c; j++) s += A[o + j] * x[j];
    y[i] = acc ? y[i] + s : s;
  }
}

/** mv on two vectors in one pass over A. */
function mv2(
  A: Array64,
  r: number,
  c: number,
  x: Array64,
  x2: Array64,
  y: Array64,
  y2: Array64,
  acc: boolean,
): void {
  for (let i = 0, o = 0; i < r; i++, o += c) {
    let s = 0;
    let s2 = 0;
    for (let j = 0; j < c; j++) {
      const a = A[o + j];
      s += a * x[j];
      s2 += a * x2[j];
    }
    y[i] = acc ? y[i] + s : s;
    y2[i] = acc ? y2[i] + s2 : s2;
  }
}

/** y ← Aᵀ·x, or y += Aᵀ·x (A row-major r×c). */
function mtv(A: Array64, r: number, c: number, x: Array64, y: Array64, acc: boolean): void {
  if (!acc) y.fill(0);
  for (let i = 0, o = 0; i < r; i++, o += c) {
    const xi = x[i];
    for (let j = 0; j < c; j++) y[j] += xi * A[o + j];
  }
}

/** mtv on two vectors in one pass over A. */
function mtv2(
  A: Array64,
  r: number,
  c: number,
  x: Array64,
  x2: Array64,
  y: Array64,
  y2: Array64,
  acc: boolean,
): void {
  if (!acc) {
    y.fill(0);
    y2.fill(0);
  }
  for (let i = 0, o = 0; i < r; i++, o += c) {
    const xi = x[i];
    const xi2 = x2[i];
    for (let j = 0; j < c; j++) {
      const a = A[o + j];
      y[j] += xi * a;
      y2[j] += xi2 * a;
    }
  }
}

const HELPERS = { softplus, sigmoid, mv, mv2, mtv, mtv2 };
const HELPER_NAMES = Object.keys(HELPERS).join(', ');

/** The role of an array: value, tangent, adjoint, adjoint tangent. */
type Role = 'v' | 'd' | 'a' | 'b';
const INPUT_NAMES: Record<Role, string> = { v: 'x', d: 'dx', a: 'ax', b: 'bx' };

/** The arrays of one compiled graph, shared by its modes. */
class Arrays {
  readonly R: Record<string, Float64Array | Int32Array> = {};

  /** The name of node's array of a role, allocated on first use. */
  name(role: Role, node: Node): string {
    if (node.kind === 'input') return INPUT_NAMES[role];
    const name = `${role}${node.id}`;
    if (!(name in this.R))
      this.R[name] =
        role === 'v' && node.kind === 'const' ? node.data! : new Float64Array(node.length);
    return name;
  }
}

/** The source of one step: declarations, hoisted code, the loop body, code after the loop. */
class StepSource {
  readonly names = new Set<string>();
  private readonly counter = new Counter();
  readonly pre = new Emitter(this.counter);
  readonly body = new Emitter(this.counter);
  readonly post: string[] = [];

  constructor(private readonly arrays: Arrays) {}

  /** A node's array of a role, declared in this step. */
  arr(role: Role, node: Node): string {
    const name = this.arrays.name(role, node);
    if (node.kind !== 'input') this.names.add(name);
    return name;
  }

  /** Where leaf a is read: its base, and an index expression in i or a fixed position. */
  access(a: Node): { base: Node; idx: string; hoisted: boolean } {
    const base = a.kind === 'view' ? a.base! : a;
    if (a.length === 1) return { base, idx: String(a.position(0)), hoisted: true };
    if (a.kind !== 'view') return { base, idx: 'i', hoisted: false };
    if (a.index) {
      const name = `ix${a.id}`;
      this.arrays.R[name] = a.index;
      this.names.add(name);
      return { base, idx: `${name}[i]`, hoisted: false };
    }
    const s = a.stride === 1 ? 'i' : `${a.stride} * i`;
    return { base, idx: a.offset === 0 ? s : `${a.offset} + ${s}`, hoisted: false };
  }

  /** Loads leaf a's value and tangent (roles v, d) or adjoint and adjoint tangent (a, b). */
  load(a: Node, roles: 'vd' | 'ab', withTangent: boolean): Code {
    const { base, idx, hoisted } = this.access(a);
    const E = hoisted ? this.pre : this.body;
    const v = E.bind(`${this.arr(roles[0] as Role, base)}[${idx}]`);
    const d =
      withTangent && base.active ? E.bind(`${this.arr(roles[1] as Role, base)}[${idx}]`) : null;
    return { v, d };
  }

  source(length: number): string {
    const decl = this.names.size
      ? `const ${[...this.names].map((n) => `${n} = R.${n}`).join(', ')};`
      : '';
    const body = this.body.lines.join('\n');
    const loop =
      body === ''
        ? ''
        : length === 1
          ? `{\nconst i = 0;\n${body}\n}`
          : `for (let i = 0; i < ${length}; i++) {\n${body}\n}`;
    return [decl, ...this.pre.lines, loop, ...this.post].filter((s) => s !== '').join('\n');
  }
}

function memo(map: Map<Node, Code>, node: Node, make: () => Code): Code {
  let c = map.get(node);
  if (c === undefined) {
    c = make();
    map.set(node, c);
  }
  return c;
}

/** Values of a loop's members, emitted on first use. */
function valuesOf(w: StepSource, step: LoopStep, tangent: boolean, reloadMaterialized: boolean) {
  const values = new Map<Node, Code>();
  const leaves = new Map<Node, Code>();
  const inLoop = (a: Node) => a.kind === 'elem' && a.step === step.id && a.length === step.length;
  const ref = (a: Node): Code => {
    if (a.kind === 'literal') return lit(a.literal);
    if (inLoop(a)) return value(a);
    return memo(leaves, a, () => w.load(a, 'vd', tangent));
  };
  const value = (m: Node): Code =>
    memo(values, m, () =>
      reloadMaterialized && m.materialized
        ? w.load(m, 'vd', tangent)
        : w.body.op(m.op, m.args.map(ref), m.param),
    );
  return { inLoop, ref, value };
}

function forwardLoop(arrays: Arrays, step: LoopStep, tangent: boolean): StepSource {
  const w = new StepSource(arrays);
  const { ref, value } = valuesOf(w, step, tangent, false);
  for (const m of step.members) {
    if (m.kind === 'reduce') {
      const c = ref(m.args[0]);
      const r = `r${m.id}`;
      w.pre.stmt(`let ${r} = 0;`);
      w.body.stmt(`${r} += ${c.v};`);
      w.post.push(`${w.arr('v', m)}[0] = ${r};`);
      if (tangent && m.active) {
        w.pre.stmt(`let ${r}d = 0;`);
        if (c.d !== null) w.body.stmt(`${r}d += ${c.d};`);
        w.post.push(`${w.arr('d', m)}[0] = ${r}d;`);
      }
    } else {
      const c = value(m);
      if (!m.materialized) continue;
      w.body.stmt(`${w.arr('v', m)}[i] = ${c.v};`);
      if (tangent && m.active) w.body.stmt(`${w.arr('d', m)}[i] = ${c.d ?? 0};`);
    }
  }
  return w;
}

/** Which adjoint arrays hold something, and which must be zeroed before the reverse pass. */
interface ReverseState {
  readonly written: Set<Node>;
  readonly fills: Set<Node>;
}

/** Do the leaves cover every entry of base exactly once? */
function exactCover(base: Node, leaves: readonly Node[]): boolean {
  const seen = new Uint8Array(base.length);
  let count = 0;
  for (const a of leaves)
    for (let t = 0; t < a.length; t++) {
      const j = a === base ? t : a.position(t);
      if (seen[j]++) return false;
      count++;
    }
  return count === base.length;
}

/** Marks base's adjoint as written; true when this first write may assign (=) rather than add. */
function firstWrite(state: ReverseState, base: Node, cover: () => boolean): boolean {
  if (state.written.has(base)) return false;
  state.written.add(base);
  if (cover()) return true;
  state.fills.add(base);
  return false;
}

function reverseLoop(
  arrays: Arrays,
  step: LoopStep,
  dual: boolean,
  state: ReverseState,
): StepSource {
  const w = new StepSource(arrays);
  const { inLoop, ref, value } = valuesOf(w, step, dual, true);
  const E = w.body;
  const adj = new Map<Node, Code>();
  const leafAdj = new Map<Node, Code>();
  const accumulate = (a: Node, c: Code) => {
    if (!a.active) return;
    const map = inLoop(a) ? adj : leafAdj;
    const prev = map.get(a);
    map.set(a, prev === undefined ? c : E.add(prev, c));
  };
  const members = step.members;
  for (let k = members.length - 1; k >= 0; k--) {
    const m = members[k];
    if (!m.active) continue;
    let g = adj.get(m);
    if (m.materialized && state.written.has(m)) {
      const l = w.load(m, 'ab', dual);
      g = g === undefined ? l : E.add(g, l);
    }
    if (g === undefined) continue;
    if (m.kind === 'reduce') {
      accumulate(m.args[0], g);
      continue;
    }
    const arg = (j: number) => ref(m.args[j]);
    const z = () => value(m);
    for (let j = 0; j < m.args.length; j++)
      if (m.args[j].active) accumulate(m.args[j], E.mul(g, m.op.partial(E, j, arg, z, m.param)));
  }

  const byBase = new Map<Node, Node[]>();
  for (const a of leafAdj.keys()) {
    const base = a.kind === 'view' ? a.base! : a;
    const list = byBase.get(base);
    if (list) list.push(a);
    else byBase.set(base, [a]);
  }
  for (const [base, leaves] of byBase) {
    const op = firstWrite(state, base, () => exactCover(base, leaves)) ? '=' : '+=';
    // In an HVP nobody reads x's own adjoint (the gradient): only its tangent (Hv) is written.
    const primal = !(dual && base.kind === 'input');
    for (const a of leaves) {
      const c = leafAdj.get(a)!;
      const { idx, hoisted } = w.access(a);
      const ab = primal ? w.arr('a', base) : '';
      const bb = dual ? w.arr('b', base) : '';
      if (hoisted) {
        const s = `s${a.id}`;
        if (primal) {
          w.pre.stmt(`let ${s} = 0;`);
          E.stmt(`${s} += ${c.v};`);
          w.post.push(`${ab}[${idx}] ${op} ${s};`);
        }
        if (dual && c.d !== null) {
          w.pre.stmt(`let ${s}d = 0;`);
          E.stmt(`${s}d += ${c.d};`);
          w.post.push(`${bb}[${idx}] ${op} ${s}d;`);
        } else if (dual && op === '=') w.post.push(`${bb}[${idx}] = 0;`);
      } else {
        if (primal) E.stmt(`${ab}[${idx}] ${op} ${c.v};`);
        if (dual && (c.d !== null || op === '=')) E.stmt(`${bb}[${idx}] ${op} ${c.d ?? 0};`);
      }
    }
  }
  return w;
}

function forwardMatvec(arrays: Arrays, y: Node, tangent: boolean): StepSource {
  const w = new StepSource(arrays);
  const u = y.args[0];
  const { rows, cols } = y.matrix!;
  const M = `M${y.id}`;
  arrays.R[M] = y.matrix!.data;
  w.names.add(M);
  const fn = y.transpose ? 'mtv' : 'mv';
  w.post.push(
    tangent && u.active
      ? `${fn}2(${M}, ${rows}, ${cols}, ${w.arr('v', u)}, ${w.arr('d', u)}, ${w.arr('v', y)}, ${w.arr('d', y)}, false);`
      : `${fn}(${M}, ${rows}, ${cols}, ${w.arr('v', u)}, ${w.arr('v', y)}, false);`,
  );
  return w;
}

function reverseMatvec(
  arrays: Arrays,
  y: Node,
  dual: boolean,
  state: ReverseState,
): StepSource | undefined {
  const u = y.args[0];
  if (!u.active || !state.written.has(y)) return undefined;
  const w = new StepSource(arrays);
  const { rows, cols } = y.matrix!;
  const M = `M${y.id}`;
  arrays.R[M] = y.matrix!.data;
  w.names.add(M);
  const acc = !firstWrite(state, u, () => true);
  const fn = y.transpose ? 'mv' : 'mtv';
  w.post.push(
    !dual
      ? `${fn}(${M}, ${rows}, ${cols}, ${w.arr('a', y)}, ${w.arr('a', u)}, ${acc});`
      : u.kind === 'input' // only Hv, not the gradient
        ? `${fn}(${M}, ${rows}, ${cols}, ${w.arr('b', y)}, ${w.arr('b', u)}, ${acc});`
        : `${fn}2(${M}, ${rows}, ${cols}, ${w.arr('a', y)}, ${w.arr('b', y)}, ${w.arr('a', u)}, ${w.arr('b', u)}, ${acc});`,
  );
  return w;
}

/** The three compiled modes. */
export type Mode = 'value' | 'gradient' | 'hvp';

/** A compiled mode: its runner and its generated source. */
interface Built {
  readonly steps: StepFn[];
  readonly reverse: StepFn[];
  readonly fills: Float64Array[];
  readonly fillInput: boolean;
  readonly source: string;
}

function instantiate(arrays: Arrays, w: StepSource, length: number): { fn: StepFn; src: string } {
  const src = w.source(length);
  const factory = new Function(
    'R',
    'H',
    `'use strict';\nconst { ${HELPER_NAMES} } = H;\nreturn function step(x, dx, ax, bx) {\n${src}\n};`,
  ) as (R: Arrays['R'], H: typeof HELPERS) => StepFn;
  return { fn: factory(arrays.R, HELPERS), src };
}

/**
 * A graph compiled to value, gradient and HVP functions (each mode generated on its
 * first call). Not re-entrant: the arrays belong to the compiled graph.
 * @internal
 */
export class Compiled {
  private readonly arrays = new Arrays();
  private readonly built = new Map<Mode, Built>();
  private readonly output: Node;

  constructor(readonly graph: Graph) {
    this.output = graph.output!;
  }

  private build(mode: Mode): Built {
    let b = this.built.get(mode);
    if (b) return b;
    const { arrays, graph, output } = this;
    const tangent = mode === 'hvp';
    const sources: string[] = [];
    const steps: StepFn[] = [];
    for (const s of graph.steps) {
      const w =
        s.kind === 'loop'
          ? forwardLoop(arrays, s, tangent)
          : forwardMatvec(arrays, s.node, tangent);
      const { fn, src } = instantiate(arrays, w, s.kind === 'loop' ? s.length : 1);
      steps.push(fn);
      sources.push(`// step ${s.id}: forward\n${src}`);
    }
    const reverse: StepFn[] = [];
    const state: ReverseState = { written: new Set(), fills: new Set() };
    if (mode !== 'value' && output.active) {
      state.written.add(output);
      arrays.name('a', output);
      if (tangent) arrays.name('b', output);
      for (let k = graph.steps.length - 1; k >= 0; k--) {
        const s = graph.steps[k];
        const w =
          s.kind === 'loop'
            ? reverseLoop(arrays, s, tangent, state)
            : reverseMatvec(arrays, s.node, tangent, state);
        if (!w) continue;
        const { fn, src } = instantiate(arrays, w, s.kind === 'loop' ? s.length : 1);
        reverse.push(fn);
        sources.push(`// step ${s.id}: reverse\n${src}`);
      }
    }
    const fills: Float64Array[] = [];
    for (const node of state.fills) {
      if (node.kind === 'input') continue;
      fills.push(arrays.R[arrays.name('a', node)] as Float64Array);
      if (tangent) fills.push(arrays.R[arrays.name('b', node)] as Float64Array);
    }
    const input = graph.input;
    b = {
      steps,
      reverse,
      fills,
      fillInput: state.fills.has(input) || !state.written.has(input),
      source: sources.join('\n'),
    };
    this.built.set(mode, b);
    return b;
  }

  private result(x: Float64Array): number {
    const r = this.output;
    return r.kind === 'input' ? x[0] : (this.arrays.R[`v${r.id}`] as Float64Array)[0];
  }

  /** The generated JavaScript of a mode. */
  source(mode: Mode): string {
    return this.build(mode).source;
  }

  /** f(x). */
  value(x: Float64Array): number {
    const { steps } = this.build('value');
    for (let k = 0; k < steps.length; k++) steps[k](x, null, null, null);
    return this.result(x);
  }

  /** g ← ∇f(x); returns f(x). */
  gradient(x: Float64Array, g: Float64Array): number {
    const b = this.build('gradient');
    for (let k = 0; k < b.steps.length; k++) b.steps[k](x, null, null, null);
    this.seed(b, g, null);
    for (let k = 0; k < b.reverse.length; k++) b.reverse[k](x, null, g, null);
    return this.result(x);
  }

  /** hv ← ∇²f(x)·v; returns f(x). */
  hvp(x: Float64Array, v: Float64Array, hv: Float64Array): number {
    const b = this.build('hvp');
    for (let k = 0; k < b.steps.length; k++) b.steps[k](x, v, null, null);
    this.seed(b, null, hv);
    for (let k = 0; k < b.reverse.length; k++) b.reverse[k](x, v, null, hv);
    return this.result(x);
  }

  /** Zeroes what is added into and seeds the output's adjoint (1) and its tangent (0). */
  private seed(b: Built, g: Float64Array | null, hv: Float64Array | null): void {
    for (let k = 0; k < b.fills.length; k++) b.fills[k].fill(0);
    if (b.fillInput) {
      g?.fill(0);
      hv?.fill(0);
    }
    const r = this.output;
    if (!r.active) return;
    if (r.kind === 'input') {
      if (g) g[0] = 1;
      if (hv) hv[0] = 0;
      return;
    }
    (this.arrays.R[`a${r.id}`] as Float64Array)[0] = 1;
    if (hv) (this.arrays.R[`b${r.id}`] as Float64Array)[0] = 0;
  }
}
