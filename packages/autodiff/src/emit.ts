/**
 * A code emitter over dual numbers: every operation emits the straight-line
 * JavaScript of its value and, when an argument carries a tangent, of its tangent
 * (Σₖ ∂z/∂aₖ·ȧₖ, with the partials from the op table). Running the reverse sweep's
 * adjoint statements through it with tangent-carrying values is forward-over-reverse.
 *
 * @packageDocumentation
 */
import { type Code, type ElementOp, lit, OPS } from './ops.js';

/** A name counter shared by the emitters of one generated function. */
export class Counter {
  next = 0;
}

const ATOM = /^[A-Za-z_$][\w$]*$/;

/** The code without its tangent. */
function primal(c: Code): Code {
  return c.d === null ? c : { v: c.v, d: null };
}

/**
 * Emits `const` bindings into `lines`, reusing an identical earlier expression
 * (common-subexpression elimination within one block of straight-line code).
 */
export class Emitter {
  readonly lines: string[] = [];
  private readonly seen = new Map<string, string>();

  constructor(private readonly counter: Counter) {}

  /** Binds `expr` to a fresh constant (or an identical earlier one) and returns its name. */
  bind(expr: string): string {
    if (ATOM.test(expr)) return expr;
    let name = this.seen.get(expr);
    if (name === undefined) {
      name = `t${this.counter.next++}`;
      this.lines.push(`const ${name} = ${expr};`);
      this.seen.set(expr, name);
    }
    return name;
  }

  /** Appends a statement. */
  stmt(s: string): void {
    this.lines.push(s);
  }

  /** z = op(args): the value, and the tangent when an argument has one. */
  op(op: ElementOp, args: readonly Code[], p = 0): Code {
    if (args.every((a) => a.c !== undefined)) return lit(op.fn(args[0].c!, args[1]?.c ?? 0, p));
    const s = op.simplify?.(this, args, p);
    if (s !== undefined) return s;
    const v = this.bind(
      op.js(
        args.map((a) => a.v),
        p,
      ),
    );
    if (args.every((a) => a.d === null)) return { v, d: null };
    const pa = args.map(primal);
    const z: Code = { v, d: null };
    let d: Code | undefined;
    for (let k = 0; k < args.length; k++) {
      const dk = args[k].d;
      if (dk === null) continue;
      const term = this.mul(
        op.partial(
          this,
          k,
          (j) => pa[j],
          () => z,
          p,
        ),
        { v: dk, d: null },
      );
      d = d === undefined ? term : this.add(d, term);
    }
    return { v, d: d === undefined || d.c === 0 ? null : d.v };
  }

  add(a: Code, b: Code): Code {
    return this.op(OPS.add, [a, b]);
  }
  sub(a: Code, b: Code): Code {
    return this.op(OPS.sub, [a, b]);
  }
  mul(a: Code, b: Code): Code {
    return this.op(OPS.mul, [a, b]);
  }
  div(a: Code, b: Code): Code {
    return this.op(OPS.div, [a, b]);
  }
  neg(a: Code): Code {
    return this.op(OPS.neg, [a]);
  }
}
