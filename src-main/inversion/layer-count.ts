/**
 * Whether a layer model with more layers is what the picks say, rather than a fit of their
 * noise: a likelihood-ratio (χ²) test with the picks' σ, which an F-test's variance ratio
 * guards when σ was too small.
 */

export interface FitSummary {
  /** Σ ((time − modelled) / σ)² over the picks the fit models. */
  chi2: number;
  picks: number;
  /** Velocities and station delays: a bound on the free parameters (damping spends fewer). */
  parameters: number;
}

/**
 * The normal quantile of the probability that noise alone buys the richer model's drop in
 * χ²: one in a thousand (z = 3.09), because a layer too many is drawn as a section.
 */
const FALSE_LAYER_Z = 3.09;

/**
 * True when the richer fit lowers χ² by more than its extra parameters would with Gaussian
 * pick errors of the σ given, at that rate. When the richer fit's own χ² per degree of
 * freedom exceeds 1 (σ underestimated, or errors no Gaussian describes), the drop is measured
 * in that unit instead: the F-test's ratio.
 */
export function resolvesMore(richer: FitSummary, simpler: FitSummary): boolean {
  const extra = Math.max(1, richer.parameters - simpler.parameters);
  const freedom = richer.picks - richer.parameters;
  if (freedom <= 0) return false;
  const unit = Math.max(1, richer.chi2 / freedom);
  return (simpler.chi2 - richer.chi2) / unit > chi2Quantile(extra, FALSE_LAYER_Z);
}

/**
 * Upper quantile of the χ² distribution with k degrees of freedom at the normal quantile z
 * (Wilson–Hilferty: within 1 % for k ≥ 3 in the upper tail, a little high below that).
 */
export function chi2Quantile(k: number, z: number): number {
  const a = 2 / (9 * k);
  return k * (1 - a + z * Math.sqrt(a)) ** 3;
}
