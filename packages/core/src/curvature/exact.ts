/**
 * Exact curvature from the problem's own Hessian or Hessian-vector product.
 *
 * @packageDocumentation
 */
import { decodeVector, encodeVector, stateRecord } from '../checkpoint.js';
import { DenseMatrix, matVec, symmetrize } from '../matrix.js';
import type { MethodContext, Program } from '../protocol.js';
import { equals, type Vector } from '../vector.js';
import type { CurvatureProvider, CurvatureSource } from './provider.js';

/**
 * Exact curvature: `hessian` forwards to the problem's Hessian (or, when the problem has
 * only a Hessian-vector product, assembles it column by column from the n products
 * H e_j, then symmetrizes it); `hvp` forwards to the problem's Hessian-vector product,
 * or, when the problem has none, multiplies by the dense Hessian, computed once per
 * point (a method that needs H and several H·v at one point pays for H once).
 *
 * **Requires** a problem with `hessian` or `hessianVectorProduct`.
 * @example trustRegion({ curvature: exactCurvature() })
 */
export function exactCurvature(): CurvatureSource {
  return {
    kind: 'exact',
    dense: true,
    create(context: MethodContext): CurvatureProvider {
      const n = context.dimension;
      const { hessian: hasHessian, hvp: hasHvp } = context.capabilities;
      if (!hasHessian && !hasHvp)
        throw new TypeError(
          'exactCurvature: the problem gives neither hessian nor hessianVectorProduct; use finiteDifferenceCurvature()',
        );
      let H: DenseMatrix | undefined;
      let Hx: Float64Array | undefined;
      let Hok = false;
      let e: Float64Array | undefined;
      let col: Float64Array | undefined;
      /** out ← [H e_1, …, H e_n] from n HVP requests, symmetrized. */
      function* fromProducts(x: Vector, out: DenseMatrix): Program<number> {
        if (!e) {
          e = new Float64Array(n);
          col = new Float64Array(n);
        }
        for (let j = 0; j < n; j++) {
          e[j] = 1;
          const a = yield { op: 'hvp', x, v: e, out: col! };
          e[j] = 0;
          if (a !== 0) return a;
          for (let i = 0; i < n; i++) out.data[i * n + j] = col![i];
        }
        symmetrize(out);
        return 0;
      }
      function* denseAt(x: Vector): Program<number> {
        if (!H) {
          H = new DenseMatrix(n, n);
          Hx = new Float64Array(n);
        }
        if (Hok && equals(x, Hx!)) return 0;
        const a = hasHessian ? yield { op: 'hessian', x, out: H } : yield* fromProducts(x, H);
        Hok = a === 0;
        if (Hok) Hx!.set(x);
        return a;
      }
      const provider: CurvatureProvider = {
        kind: 'exact',
        *hvp(x, v, out) {
          if (hasHvp) return yield { op: 'hvp', x, v, out };
          const a = yield* denseAt(x);
          if (a !== 0) return a;
          matVec(H!, v, out);
          return 0;
        },
      };
      provider.hessian = function* (x, out) {
        const a = yield* denseAt(x);
        if (a === 0) out.data.set(H!.data);
        return a;
      };
      // The cache (H at the point Hx) is the provider's only state.
      provider.checkpoint = () =>
        Hok ? { x: encodeVector(Hx!), hessian: encodeVector(H!.data) } : null;
      provider.restore = (state) => {
        if (state === null || state === undefined) return;
        const c = stateRecord(state, 'exactCurvature');
        if (!H) {
          H = new DenseMatrix(n, n);
          Hx = new Float64Array(n);
        }
        decodeVector(c.x, n, 'exactCurvature: state.x', Hx);
        decodeVector(c.hessian, n * n, 'exactCurvature: state.hessian', H.data);
        Hok = true;
      };
      return provider;
    },
  };
}
