/**
 * A minimal WebAssembly binary writer: just enough of the format (one imported
 * memory, functions of f64/i32/v128 locals, the scalar and 128-bit SIMD instructions
 * the vector kernels use) to build the kernel module from TypeScript at load time,
 * with no toolchain and no binary blob in the repository.
 *
 * **Reference** WebAssembly Core Specification 2.0, §5 (binary format), and the
 * fixed-width SIMD proposal's opcode table (merged into 2.0).
 *
 * @packageDocumentation
 */

/** Value types (§5.3.1). */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F64 | typeof V128;

/** Unsigned LEB128 (§5.2.2). */
function uleb(out: number[], v: number): void {
  let x = v >>> 0;
  do {
    let b = x & 0x7f;
    x >>>= 7;
    if (x !== 0) b |= 0x80;
    out.push(b);
  } while (x !== 0);
}

/** Signed LEB128 of a 32-bit integer (§5.2.2). */
function sleb(out: number[], v: number): void {
  let x = v | 0;
  for (;;) {
    const b = x & 0x7f;
    x >>= 7;
    const done = (x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return;
  }
}

function name(out: number[], s: string): void {
  const bytes = new TextEncoder().encode(s);
  uleb(out, bytes.length);
  for (const b of bytes) out.push(b);
}

const SIMD = 0xfd;

/**
 * One function's body under construction. Parameters are locals 0…p−1; `local(type)`
 * adds one more. Each instruction method appends its encoding and returns `this`.
 */
export class FunctionBuilder {
  readonly code: number[] = [];
  private readonly extra: ValueType[] = [];

  constructor(
    readonly exportName: string,
    readonly params: readonly ValueType[],
    readonly result: ValueType | undefined,
  ) {}

  /** A new local of `type`; returns its index. */
  local(type: ValueType): number {
    this.extra.push(type);
    return this.params.length + this.extra.length - 1;
  }

  private op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }
  private simd(opcode: number): this {
    this.code.push(SIMD);
    uleb(this.code, opcode);
    return this;
  }
  private memarg(align: number, offset: number): this {
    uleb(this.code, align);
    uleb(this.code, offset);
    return this;
  }

  get(i: number): this {
    this.op(0x20);
    uleb(this.code, i);
    return this;
  }
  set(i: number): this {
    this.op(0x21);
    uleb(this.code, i);
    return this;
  }
  tee(i: number): this {
    this.op(0x22);
    uleb(this.code, i);
    return this;
  }
  /** `block` with no result; `loop` likewise; `end` closes either. */
  block(): this {
    return this.op(0x02, 0x40);
  }
  loop(): this {
    return this.op(0x03, 0x40);
  }
  end(): this {
    return this.op(0x0b);
  }
  br(depth: number): this {
    this.op(0x0c);
    uleb(this.code, depth);
    return this;
  }
  brIf(depth: number): this {
    this.op(0x0d);
    uleb(this.code, depth);
    return this;
  }

  /** Pops c, b, a: a when c ≠ 0, else b. */
  select(): this {
    return this.op(0x1b);
  }

  i32Const(v: number): this {
    this.op(0x41);
    sleb(this.code, v);
    return this;
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32And(): this {
    return this.op(0x71);
  }
  i32Shl(): this {
    return this.op(0x74);
  }
  i32GeU(): this {
    return this.op(0x4f);
  }

  f64Const(v: number): this {
    this.op(0x44);
    const b = new Uint8Array(new Float64Array([v]).buffer);
    for (const x of b) this.code.push(x);
    return this;
  }
  f64ConvertI32S(): this {
    return this.op(0xb7);
  }
  f64Load(offset = 0): this {
    return this.op(0x2b).memarg(3, offset);
  }
  f64Store(offset = 0): this {
    return this.op(0x39).memarg(3, offset);
  }
  f64Abs(): this {
    return this.op(0x99);
  }
  f64Neg(): this {
    return this.op(0x9a);
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64Sub(): this {
    return this.op(0xa1);
  }
  f64Mul(): this {
    return this.op(0xa2);
  }
  /** IEEE max with NaN propagation (§4.3.3 fmax). */
  f64Max(): this {
    return this.op(0xa5);
  }

  v128Load(offset = 0): this {
    return this.simd(0x00).memarg(4, offset);
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b).memarg(4, offset);
  }
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  f64x2ExtractLane(lane: 0 | 1): this {
    this.simd(0x21);
    this.code.push(lane);
    return this;
  }
  f64x2Abs(): this {
    return this.simd(0xec);
  }
  f64x2Neg(): this {
    return this.simd(0xed);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Sub(): this {
    return this.simd(0xf1);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }
  f64x2Max(): this {
    return this.simd(0xf5);
  }
  /** Pseudo-maximum a < b ? b : a (one instruction; a NaN in b is lost). */
  f64x2Pmax(): this {
    return this.simd(0xf7);
  }
  /** Lane-wise a ≠ b as all-ones masks (true for NaN ≠ NaN). */
  f64x2Ne(): this {
    return this.simd(0x48);
  }
  v128Or(): this {
    return this.simd(0x50);
  }
  /** 1 when any bit of the vector is set. */
  v128AnyTrue(): this {
    return this.simd(0x53);
  }

  /** The code-section entry: local declarations, the body and its `end`. */
  encode(): number[] {
    const body: number[] = [];
    // one declaration per local (runs of equal types would be shorter; not worth it)
    uleb(body, this.extra.length);
    for (const t of this.extra) {
      uleb(body, 1);
      body.push(t);
    }
    for (const b of this.code) body.push(b);
    body.push(0x0b);
    const out: number[] = [];
    uleb(out, body.length);
    for (const b of body) out.push(b);
    return out;
  }
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  uleb(out, content.length);
  for (const b of content) out.push(b);
}

/**
 * The module: imports memory `e.m` (at least one page) and exports every function
 * under its name.
 */
export function assembleModule(functions: readonly FunctionBuilder[]): Uint8Array<ArrayBuffer> {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(types, functions.length);
  for (const f of functions) {
    types.push(0x60);
    uleb(types, f.params.length);
    for (const p of f.params) types.push(p);
    if (f.result === undefined) types.push(0);
    else types.push(1, f.result);
  }
  section(out, 1, types);
  const imports: number[] = [1];
  name(imports, 'e');
  name(imports, 'm');
  imports.push(0x02, 0x00, 0x01); // memory, limits: min 1 page, no max
  section(out, 2, imports);
  const funcs: number[] = [];
  uleb(funcs, functions.length);
  for (let i = 0; i < functions.length; i++) uleb(funcs, i);
  section(out, 3, funcs);
  const exports: number[] = [];
  uleb(exports, functions.length);
  functions.forEach((f, i) => {
    name(exports, f.exportName);
    exports.push(0x00);
    uleb(exports, i);
  });
  section(out, 7, exports);
  const code: number[] = [];
  uleb(code, functions.length);
  for (const f of functions) for (const b of f.encode()) code.push(b);
  section(out, 10, code);
  return new Uint8Array(out);
}
