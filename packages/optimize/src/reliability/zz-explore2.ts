import { FAULTS, runFault } from './faults.js';

for (const m of ['newton-cg', 'newton', 'trust-exact', 'lbfgs'] as const) {
  const o = await runFault(FAULTS.find((f) => f.id === 'gradient-huge')!, m, 'sync');
  console.log(
    m,
    o.status,
    o.result?.message,
    o.result?.cause,
    o.result?.x,
    o.result?.value,
    o.result?.gradient,
    o.result?.iterations,
  );
}
