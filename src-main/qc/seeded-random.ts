/**
 * A small seeded generator, so that randomised estimators (RANSAC) give the same answer for
 * the same input every time: a QC flag must not change between two runs.
 */

/** mulberry32: uniform in [0, 1), 32-bit state. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k distinct integers from [0, n), by a partial Fisher-Yates shuffle. */
export function sampleDistinct(random: () => number, n: number, k: number): number[] {
  if (k > n) throw new Error(`cannot draw ${k} distinct values from ${n}`);
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, k);
}
