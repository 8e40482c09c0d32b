/**
 * Order statistics and robust scale estimates used by the travel-time QC.
 */

/** 1 / Φ⁻¹(3/4): scales a median absolute deviation to a standard deviation for Gaussian data. */
export const MAD_TO_SIGMA = 1.482602218505602;

/** Quantile with linear interpolation between order statistics (numpy's default). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of an empty list');
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile level must lie in [0, 1], got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  return sorted[below]! + fraction * (sorted[above]! - sorted[below]!);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Median absolute deviation about the median. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const centre = median(values);
  return median(values.map((v) => Math.abs(v - centre)));
}

/** Standard deviation estimated from the MAD: unaffected by up to half the values being wild. */
export function robustSigma(values: readonly number[]): number {
  return MAD_TO_SIGMA * medianAbsoluteDeviation(values);
}
