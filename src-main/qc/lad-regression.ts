/**
 * Least absolute deviations (L1) regression by iteratively reweighted least squares.
 *
 * The breakpoint search of the refraction branches compares many candidate models before any
 * noise level is known; Σ|r| needs no scale, ignores the size of wild residuals almost as
 * well as a Huber loss, and is continuous in the breakpoint positions.
 */
import { residualsOf, weightedLeastSquares } from './least-squares';
import { robustSigma } from './robust-stats';

export interface LadFit {
  coefficients: number[];
  residuals: number[];
  /** Σ |residual| */
  loss: number;
}

export function leastAbsoluteDeviations(
  design: readonly number[][],
  y: readonly number[],
  maxIterations = 60,
  /** Coefficients to start from, e.g. the fit of a nearby model; least squares otherwise. */
  start?: readonly number[],
): LadFit | null {
  let coefficients = start ? [...start] : weightedLeastSquares(design, y);
  if (!coefficients) return null;
  let residuals = residualsOf(design, y, coefficients);
  let loss = sumAbs(residuals);
  // |r| is floored so that points the fit passes through do not get infinite weight; the
  // floor follows the residual spread so it stays negligible at any time unit.
  const floor = Math.max(1e-4 * robustSigma(residuals), 1e-15);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const weights = residuals.map((r) => 1 / Math.max(Math.abs(r), floor));
    const next = weightedLeastSquares(design, y, weights);
    if (!next) break;
    const nextResiduals = residualsOf(design, y, next);
    const nextLoss = sumAbs(nextResiduals);
    if (nextLoss > loss) break;
    const improved = loss - nextLoss;
    coefficients = next;
    residuals = nextResiduals;
    loss = nextLoss;
    // Breakpoint positions and a starting point for Huber need no more than this.
    if (improved <= 1e-7 * loss) break;
  }
  return { coefficients, residuals, loss };
}

function sumAbs(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + Math.abs(v), 0);
}
