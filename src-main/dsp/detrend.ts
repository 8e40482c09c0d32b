import type { Samples } from './samples';

/** The samples minus their mean. */
export function demean(x: Samples): Float64Array {
  const n = x.length;
  const y = new Float64Array(n);
  if (n === 0) return y;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  const mean = sum / n;
  for (let i = 0; i < n; i++) y[i] = x[i]! - mean;
  return y;
}

/**
 * The samples minus their least-squares straight line. The line is fitted against the index
 * centred on its mean, which makes intercept and slope independent (no 2x2 solve, and no
 * loss of precision on long traces).
 */
export function detrendLinear(x: Samples): Float64Array {
  const n = x.length;
  if (n < 2) return demean(x);
  const centre = (n - 1) / 2;
  let sum = 0;
  let sumTx = 0;
  for (let i = 0; i < n; i++) {
    sum += x[i]!;
    sumTx += (i - centre) * x[i]!;
  }
  // Sum of (i - centre)^2 over 0..n-1.
  const sumTT = (n * (n * n - 1)) / 12;
  const mean = sum / n;
  const slope = sumTx / sumTT;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = x[i]! - mean - slope * (i - centre);
  return y;
}
