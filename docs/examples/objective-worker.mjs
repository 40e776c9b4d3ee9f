// A piscina worker: the partial value and gradient of a least-squares objective over
// one chunk of a seeded data set. Plain JavaScript so that any worker can load it.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cache = new Map();
/** Rows [start, end) of a data set A (m × n), b = A·(1, 2, …, n) + noise, made from the seed. */
function chunk({ seed, n, start, end }) {
  const key = `${seed}:${n}:${start}:${end}`;
  if (!cache.has(key)) {
    const rows = end - start;
    const A = new Float64Array(rows * n);
    const b = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const rand = mulberry32(seed * 1_000_003 + start + r);
      let s = 0;
      for (let j = 0; j < n; j++) {
        A[r * n + j] = rand() - 0.5;
        s += A[r * n + j] * (j + 1);
      }
      b[r] = s + 0.01 * (rand() - 0.5);
    }
    cache.set(key, { A, b });
  }
  return cache.get(key);
}

/** { value, gradient } of ½‖A_c x − b_c‖² for this chunk. */
export default function ({ x, seed, n, start, end }) {
  const { A, b } = chunk({ seed, n, start, end });
  const g = new Float64Array(n);
  let f = 0;
  for (let r = 0; r < end - start; r++) {
    let res = -b[r];
    for (let j = 0; j < n; j++) res += A[r * n + j] * x[j];
    f += 0.5 * res * res;
    for (let j = 0; j < n; j++) g[j] += res * A[r * n + j];
  }
  return { value: f, gradient: g };
}
