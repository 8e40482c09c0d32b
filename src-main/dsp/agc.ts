import type { Samples } from './samples';

/**
 * Automatic gain control for display: each sample divided by the RMS amplitude of a window
 * of `window` samples centred on it (shortened at the ends of the trace), so weak late
 * arrivals show as clearly as the strong first breaks. Samples whose window is all zero
 * stay zero. The RMS comes from prefix sums of squares in float64, O(n) for any window.
 */
export function agc(x: Samples, window: number): Float64Array {
  if (!Number.isInteger(window) || window < 1) {
    throw new RangeError(`AGC window must be a positive whole number of samples, got ${window}`);
  }
  const n = x.length;
  const energy = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) energy[i + 1] = energy[i]! + x[i]! * x[i]!;
  const before = Math.floor((window - 1) / 2);
  const after = window - 1 - before;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - before);
    const hi = Math.min(n, i + after + 1);
    const meanSquare = (energy[hi]! - energy[lo]!) / (hi - lo);
    y[i] = meanSquare > 0 ? x[i]! / Math.sqrt(meanSquare) : 0;
  }
  return y;
}
