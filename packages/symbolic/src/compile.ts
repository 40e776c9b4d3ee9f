/**
 * Code generation: plain JavaScript over `Float64Array`, built from a checked
 * mathjs tree (never from the user's text), compiled once.
 *
 * @packageDocumentation
 */
import type { MathNode } from 'mathjs';
import { ALLOWED_CONSTANTS, ALLOWED_FUNCTIONS } from './parse.js';

/** Functions that appear only in derivatives (mathjs writes tanh' as sech²). */
const DERIVATIVE_FUNCTIONS: Readonly<Record<string, string>> = {
  sech: '1/Math.cosh',
  csch: '1/Math.sinh',
  coth: '1/Math.tanh',
};

const BINARY: Readonly<Record<string, string>> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
};

function jsFunction(name: string): string {
  if (Object.hasOwn(ALLOWED_FUNCTIONS, name)) return ALLOWED_FUNCTIONS[name].js;
  if (Object.hasOwn(DERIVATIVE_FUNCTIONS, name)) return DERIVATIVE_FUNCTIONS[name];
  throw new Error(`internal: no JavaScript form for function '${name}'`);
}

/**
 * The JavaScript expression for a checked tree; variable i is the local `v{i}`.
 * Integer powers 2 and 3 become products (faster than `**` in V8).
 */
export function toJavaScript(node: MathNode, index: ReadonlyMap<string, number>): string {
  const js = (n: MathNode): string => {
    switch (n.type) {
      case 'ConstantNode': {
        const v = (n as unknown as { value: number }).value;
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw new Error(`internal: non-numeric constant ${String(v)}`);
        return `(${String(v)})`;
      }
      case 'SymbolNode': {
        const name = (n as unknown as { name: string }).name;
        const i = index.get(name);
        if (i !== undefined) return `v${i}`;
        if (Object.hasOwn(ALLOWED_CONSTANTS, name)) return `(${String(ALLOWED_CONSTANTS[name])})`;
        throw new Error(`internal: unknown symbol '${name}'`);
      }
      case 'ParenthesisNode':
        return js((n as unknown as { content: MathNode }).content);
      case 'OperatorNode': {
        const { fn, args } = n as unknown as { fn: string; args: MathNode[] };
        if (fn === 'unaryMinus') return `(-${js(args[0])})`;
        if (fn === 'unaryPlus') return js(args[0]);
        if (fn === 'pow') {
          const base = js(args[0]);
          const e = args[1];
          const ev = e.type === 'ConstantNode' ? (e as unknown as { value: number }).value : null;
          if (ev === 2) return `((t = ${base}), t * t)`;
          if (ev === 3) return `((t = ${base}), t * t * t)`;
          return `(${base} ** ${js(e)})`;
        }
        const op = BINARY[fn];
        if (!op) throw new Error(`internal: unknown operator '${fn}'`);
        return `(${args.map(js).join(` ${op} `)})`;
      }
      case 'FunctionNode': {
        const { fn, args } = n as unknown as { fn: { name: string }; args: MathNode[] };
        return `(${jsFunction(fn.name)}(${args.map(js).join(', ')}))`;
      }
      default:
        throw new Error(`internal: cannot compile a ${n.type}`);
    }
  };
  return js(node);
}
