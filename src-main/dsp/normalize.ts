import type { Samples } from './samples';

function scaled(x: Samples, norm: number): Float64Array {
  const y = Float64Array.from(x);
  if (norm > 0) for (let i = 0; i < y.length; i++) y[i] = y[i]! / norm;
  return y;
}

/** The trace divided by its largest absolute value; an all-zero trace is returned as is. */
export function normalizeMax(x: Samples): Float64Array {
  let peak = 0;
  for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i]!));
  return scaled(x, peak);
}

/** The trace divided by its RMS amplitude; an all-zero trace is returned as is. */
export function normalizeRms(x: Samples): Float64Array {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]! * x[i]!;
  return scaled(x, x.length > 0 ? Math.sqrt(sum / x.length) : 0);
}
