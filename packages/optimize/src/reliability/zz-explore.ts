import { FAULTS, runAllFaults } from './faults.js';

const t = performance.now();
const out = await runAllFaults();
console.log('ms', performance.now() - t);
for (const o of out) {
  if (o.violations.length)
    console.log(
      o.fault.padEnd(18),
      o.method.padEnd(20),
      o.form,
      o.status,
      o.struck ? '' : '(not struck)',
      o.violations.join('; '),
    );
}
