/**
 * RANSAC for a linear model: fit exactly through random minimal subsets of the points, keep
 * the candidate that the data agrees with best, refit it by least squares on its inliers.
 *
 * With a `threshold` the candidate with the most points within it wins (classic RANSAC).
 * Without one, the candidate with the least median squared residual wins (LMedS), and the
 * inlier threshold is 2.5 robust standard deviations of that candidate (Rousseeuw & Leroy,
 * 1987): picks come with no known noise level, and LMedS needs none.
 *
 * Sampling is seeded, so the same gather always gives the same flags. (The ml-ransac package
 * draws its last iteration unseeded, which is why this is not delegated.)
 */
import { binomial, combinations } from './combinations';
import { residualsOf, solveLinearSystem, weightedLeastSquares } from './least-squares';
import { MAD_TO_SIGMA, median } from './robust-stats';
import { sampleDistinct, seededRandom } from './seeded-random';
import { maxOf } from '../numeric/extent';

/** Draws made whatever the planned count says; cheap next to a wrong consensus. */
const MIN_RANDOM_ITERATIONS = 100;

export interface RansacOptions {
  /** Largest |residual| of an inlier; omitted = LMedS scoring. */
  threshold?: number;
  maxIterations?: number;
  /** Wanted probability that at least one subset was all inliers; sets the iteration count. */
  confidence?: number;
  seed?: number;
}

export interface RansacFit {
  coefficients: number[];
  residuals: number[];
  inliers: boolean[];
  /** The inlier threshold used: the given one, or LMedS's 2.5 σ. */
  threshold: number;
  iterations: number;
}

export function ransacRegression(
  design: readonly number[][],
  y: readonly number[],
  options: RansacOptions = {},
): RansacFit | null {
  const n = y.length;
  const p = design[0]?.length ?? 0;
  if (p === 0 || n < p) return null;
  const maxIterations = options.maxIterations ?? 500;
  const confidence = options.confidence ?? 0.99;
  const random = seededRandom(options.seed ?? 1);
  // An exactly fitting majority gives LMedS a zero threshold; rounding must not then reject
  // the very points that define the fit.
  const minThreshold = 1e-9 * Math.max(maxOf(y.map(Math.abs)), Number.MIN_VALUE);

  const lmeds = options.threshold === undefined;
  let iteration = 0;
  const candidate = (rows: number[]): Candidate | null => {
    iteration++;
    const coefficients = solveLinearSystem(
      rows.map((r) => design[r]!),
      rows.map((r) => y[r]!),
    );
    if (!coefficients) return null;
    const residuals = residualsOf(design, y, coefficients);
    const scored = lmeds
      ? lmedsCandidate(residuals, p, minThreshold)
      : thresholdCandidate(residuals, options.threshold!);
    return { coefficients, ...scored };
  };

  let best: Candidate | null = null;
  if (binomial(n, p) <= maxIterations) {
    // Few enough subsets to try them all: the answer no longer depends on luck.
    for (const rows of combinations(n, p)) best = better(candidate(rows), best);
  } else if (lmeds) {
    // An LMedS candidate's own threshold says nothing of the contamination, so plan for the
    // worst it tolerates: half the points wild.
    const planned = Math.min(
      maxIterations,
      Math.max(iterationsFor(confidence, 0.5, p), MIN_RANDOM_ITERATIONS),
    );
    while (iteration < planned) best = better(candidate(sampleDistinct(random, n, p)), best);
  } else {
    // A consensus that misses a few points can look good enough to stop early.
    let needed = maxIterations;
    while (iteration < Math.min(Math.max(needed, MIN_RANDOM_ITERATIONS), maxIterations)) {
      best = better(candidate(sampleDistinct(random, n, p)), best);
      if (best) needed = iterationsFor(confidence, best.inliers / n, p);
    }
  }
  if (!best) return null;

  const threshold = best.threshold;
  const inlierWeights = residualsOf(design, y, best.coefficients).map((r) =>
    Math.abs(r) <= threshold ? 1 : 0,
  );
  const coefficients = weightedLeastSquares(design, y, inlierWeights) ?? best.coefficients;
  const residuals = residualsOf(design, y, coefficients);
  return {
    coefficients,
    residuals,
    inliers: residuals.map((r) => Math.abs(r) <= threshold),
    threshold,
    iterations: iteration,
  };
}

interface Candidate {
  coefficients: number[];
  threshold: number;
  /** Points within the threshold. */
  inliers: number;
  /** Higher is better. */
  score: number;
}

function better(a: Candidate | null, b: Candidate | null): Candidate | null {
  return a && (!b || a.score > b.score) ? a : b;
}

/** Score: the inlier count, ties broken towards smaller inlier residuals. */
function thresholdCandidate(residuals: readonly number[], threshold: number) {
  let count = 0;
  let squares = 0;
  for (const r of residuals) {
    if (Math.abs(r) > threshold) continue;
    count++;
    squares += r * r;
  }
  const tieBreak = threshold > 0 ? squares / (threshold * threshold * (count + 1)) : 0;
  return { threshold, inliers: count, score: count - tieBreak };
}

/** Score: minus the median squared residual. */
function lmedsCandidate(residuals: readonly number[], p: number, minThreshold: number) {
  const medianSquare = median(residuals.map((r) => r * r));
  const n = residuals.length;
  // Small-sample correction of Rousseeuw & Leroy; LMedS underestimates σ for small n.
  const correction = n > p ? 1 + 5 / (n - p) : 1;
  const sigma = MAD_TO_SIGMA * correction * Math.sqrt(medianSquare);
  const threshold = Math.max(2.5 * sigma, minThreshold);
  const inliers = residuals.filter((r) => Math.abs(r) <= threshold).length;
  return { threshold, inliers, score: -medianSquare };
}

/** Subsets needed to draw one all-inlier subset with the given confidence. */
function iterationsFor(confidence: number, inlierShare: number, p: number): number {
  const allInliers = inlierShare ** p;
  if (allInliers >= 1) return 0;
  if (allInliers <= 0) return Infinity;
  return Math.ceil(Math.log(1 - confidence) / Math.log(1 - allInliers));
}
