// The README's first example; docs/examples/examples.test.ts runs it.
import { pathToFileURL } from 'node:url';
import { minimize } from '@hessian/optimize';

export function main(): string {
  // Rosenbrock's function with its gradient and Hessian written out.
  const rosenbrock = {
    value: (x: Float64Array) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2,
    gradient: (x: Float64Array) => [
      -400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]),
      200 * (x[1] - x[0] ** 2),
    ],
    hessian: (x: Float64Array) => [
      [1200 * x[0] ** 2 - 400 * x[1] + 2, -400 * x[0]],
      [-400 * x[0], 200],
    ],
  };

  const result = minimize(rosenbrock, [-1.2, 1], { method: 'trust-exact' });

  return [
    `status:     ${result.status}`,
    `x:          [${Array.from(result.x, (v) => v.toFixed(6)).join(', ')}]`,
    `f(x):       ${result.value.toExponential(2)}`,
    `iterations: ${result.iterations}`,
    `evaluations: ${JSON.stringify(result.evaluations)}`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(main());
