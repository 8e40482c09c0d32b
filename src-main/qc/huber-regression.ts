/**
 * Huber M-estimation of a linear model by iteratively reweighted least squares.
 *
 * Residuals within `tuning` robust standard deviations keep full weight; beyond, the weight
 * falls as 1/|r|, so a pick displaced by tens of samples pulls the fit with a bounded force
 * instead of a quadratic one. The scale is re-estimated from the MAD of the residuals at
 * every iteration (statsmodels' RLM default), so it follows the good picks, not the bad ones.
 */
import { residualsOf, weightedLeastSquares } from './least-squares';
import { robustSigma } from './robust-stats';
import { maxOf } from '../numeric/extent';

/** 95 % efficiency at the Gaussian. */
export const HUBER_TUNING = 1.345;

export interface RobustFit {
  coefficients: number[];
  residuals: number[];
  /** Final IRLS weights in [0, 1]; a small weight marks a point the fit treats as an outlier. */
  weights: number[];
  /** Robust standard deviation of the residuals (MAD-based), at least `minScale`. */
  scale: number;
  iterations: number;
  converged: boolean;
}

export interface HuberOptions {
  tuning?: number;
  maxIterations?: number;
  /** Stop when no residual moves by more than this share of the scale. */
  tolerance?: number;
  /** Starting coefficients, e.g. from Theil-Sen; ordinary least squares when omitted. */
  start?: readonly number[];
  /** Lower bound on the scale, so that an exactly fitting majority cannot zero it. */
  minScale?: number;
}

/** Huber's ρ for a standardised residual u: quadratic inside ±c, linear outside. */
export function huberLoss(u: number, tuning = HUBER_TUNING): number {
  const a = Math.abs(u);
  return a <= tuning ? 0.5 * a * a : tuning * a - 0.5 * tuning * tuning;
}

export function huberRegression(
  design: readonly number[][],
  y: readonly number[],
  options: HuberOptions = {},
): RobustFit | null {
  const tuning = options.tuning ?? HUBER_TUNING;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-8;
  const minScale = options.minScale ?? 1e-12;
  let coefficients = options.start ? [...options.start] : weightedLeastSquares(design, y);
  if (!coefficients) return null;
  let residuals = residualsOf(design, y, coefficients);
  let weights = new Array<number>(y.length).fill(1);
  let scale = Math.max(robustSigma(residuals), minScale);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    weights = residuals.map((r) => {
      const u = Math.abs(r) / scale;
      return u <= tuning ? 1 : tuning / u;
    });
    const next = weightedLeastSquares(design, y, weights);
    if (!next) return null;
    const nextResiduals = residualsOf(design, y, next);
    const moved = maxOf(nextResiduals.map((r, i) => Math.abs(r - residuals[i]!)));
    coefficients = next;
    residuals = nextResiduals;
    scale = Math.max(robustSigma(residuals), minScale);
    if (moved <= tolerance * scale) {
      return { coefficients, residuals, weights, scale, iterations: iteration, converged: true };
    }
  }
  return { coefficients, residuals, weights, scale, iterations: maxIterations, converged: false };
}
