/**
 * Robust piecewise-linear fit of first-arrival time against distance from the source, for
 * one side of a shot (see branch-model.ts for the model).
 *
 * For each segment count up to `maxSegments`, the breakpoints come from an L1 search
 * (breakpoint-search.ts); the coefficients at those breakpoints are then fitted by Huber
 * IRLS (or RANSAC), and the crossovers polished to where the fitted lines meet. The segment
 * count minimises a Schwarz criterion for M-estimators (Machado 1993), 2·Σρ(rᵢ/ŝ) + 2k·ln n,
 * with ρ Huber's loss and ŝ the robust scale of the richest model: a wild pick costs ρ's
 * linear tail, not its squared residual, so it cannot buy an extra segment.
 */
import {
  DEFAULT_VELOCITY_BOUNDS,
  hingeDesign,
  isPlausibleModel,
  modelFromHinge,
  segmentAt,
  type BranchModel,
  type VelocityBounds,
} from './branch-model';
import { searchBreakpoints } from './breakpoint-search';
import { huberLoss, huberRegression } from './huber-regression';
import { leastAbsoluteDeviations } from './lad-regression';
import { residualsOf, weightedLeastSquares } from './least-squares';
import { ransacRegression } from './ransac';
import { robustSigma } from './robust-stats';
import { maxOf, minOf } from '../numeric/extent';

export type RobustEstimator = 'huber' | 'ransac';

export interface BranchFit extends BranchModel {
  /** Time − model, in the order of the input points. */
  residuals: number[];
  /** Robust standard deviation of the residuals (MAD-based), at least `minScale`. */
  scale: number;
  /** Criterion of every segment count tried; the fit is the one with the least. */
  criteria: { segments: number; bic: number }[];
}

export interface BranchFitOptions {
  maxSegments?: number;
  minPointsPerSegment?: number;
  estimator?: RobustEstimator;
  /** Seed of RANSAC's sampling. */
  seed?: number;
  /** Floor of the robust scale in seconds: picks on a sample grid can fit with zero MAD. */
  minScale?: number;
  /** Grid positions per breakpoint in the coarse search; longer sides are strided. */
  maxGridPositions?: number;
  /**
   * Only accept slopes that fall away from the source (velocity increasing with depth). Turn
   * off for first-arrival curves that steepen, e.g. over a refractor that deepens sharply.
   */
  concave?: boolean;
  /**
   * Plausible apparent velocities, m/s. A model of two or more segments that needs a branch
   * outside them is not a candidate; a single line always is, so that an implausible side
   * still gets a fit and shows as velocity flags.
   */
  velocityBounds?: VelocityBounds;
}

export const DEFAULT_BRANCH_OPTIONS = {
  maxSegments: 3,
  minPointsPerSegment: 3,
  estimator: 'huber' as RobustEstimator,
  seed: 1,
  minScale: 1e-4,
  maxGridPositions: 24,
  concave: true,
  velocityBounds: DEFAULT_VELOCITY_BOUNDS,
};

type Options = typeof DEFAULT_BRANCH_OPTIONS;

interface Fitted {
  model: BranchModel;
  residuals: number[];
}

export function fitRefractionBranches(
  distances: readonly number[],
  times: readonly number[],
  options: BranchFitOptions = {},
): BranchFit | null {
  const o = { ...DEFAULT_BRANCH_OPTIONS, ...options };
  const n = distances.length;
  const fits: (Fitted & { segments: number })[] = [];
  for (let segments = 1; segments <= o.maxSegments; segments++) {
    if (n < segments * Math.max(o.minPointsPerSegment, 2)) break;
    const breakpoints = searchBreakpoints(distances, times, segments - 1, o);
    if (!breakpoints) continue;
    const fitted = robustFit(distances, times, breakpoints, o);
    // The robust fit may move a slope the L1 search kept plausible out of bounds.
    if (fitted && (segments === 1 || isPlausibleModel(fitted.model, o))) {
      fits.push({ segments, ...fitted });
    }
  }
  const richest = fits.at(-1);
  if (!richest) return null;
  const referenceScale = Math.max(robustSigma(richest.residuals), o.minScale);
  const criteria = fits.map((f) => ({
    segments: f.segments,
    bic: 2 * robustLoss(f.residuals, referenceScale) + 2 * f.segments * Math.log(n),
  }));
  const chosen = fits[criteria.reduce((bi, c, i) => (c.bic < criteria[bi]!.bic ? i : bi), 0)]!;
  return {
    ...chosen.model,
    residuals: chosen.residuals,
    scale: Math.max(robustSigma(chosen.residuals), o.minScale),
    criteria,
  };
}

function robustLoss(residuals: readonly number[], scale: number): number {
  return residuals.reduce((sum, r) => sum + huberLoss(r / scale), 0);
}

function robustFit(
  distances: readonly number[],
  times: readonly number[],
  breakpoints: number[],
  o: Options,
): Fitted | null {
  const design = hingeDesign(distances, breakpoints);
  // The L1 fit is already robust: Huber starts from it, where the outliers have no say, and
  // RANSAC takes its inlier threshold from the spread of its residuals.
  const l1 = leastAbsoluteDeviations(design, times);
  if (!l1) return null;
  const fit =
    o.estimator === 'ransac'
      ? ransacRegression(design, times, {
          seed: o.seed,
          threshold: 3 * Math.max(robustSigma(l1.residuals), o.minScale),
        })
      : huberRegression(design, times, { start: l1.coefficients, minScale: o.minScale });
  if (!fit) return null;
  const hinge = { model: modelFromHinge(fit.coefficients, breakpoints), residuals: fit.residuals };
  if (breakpoints.length === 0) return hinge;
  const weights = 'inliers' in fit ? fit.inliers.map((inlier) => (inlier ? 1 : 0)) : fit.weights;
  const polished = crossoverFit(distances, times, hinge.model, weights, o);
  if (!polished) return hinge;
  // Keep whichever fits the picks better, by the same robust loss.
  const scale = Math.max(robustSigma(hinge.residuals), o.minScale);
  return robustLoss(polished.residuals, scale) <= robustLoss(hinge.residuals, scale)
    ? polished
    : hinge;
}

/**
 * With each point's segment fixed, a continuous fit is a line per segment, each meeting the
 * next somewhere between the last point of one segment and the first of the other. Fitting
 * the lines freely (with the robust fit's final weights) and intersecting them gives that
 * meeting point exactly when it falls in the gap, where the breakpoint search only gets
 * within a centimetre or so. Null when an intersection falls outside its gap, or the lines
 * break the plausibility rules.
 */
function crossoverFit(
  distances: readonly number[],
  times: readonly number[],
  model: BranchModel,
  weights: readonly number[],
  o: Options,
): Fitted | null {
  const segments = model.slopes.length;
  const segmentOf = distances.map((d) => segmentAt(model, d));
  const design = distances.map((d, i) =>
    Array.from({ length: 2 * segments }, (_, c) =>
      Math.floor(c / 2) === segmentOf[i] ? (c % 2 === 0 ? 1 : d) : 0,
    ),
  );
  const coefficients = weightedLeastSquares(design, times, weights);
  if (!coefficients) return null;
  const intercepts = Array.from({ length: segments }, (_, j) => coefficients[2 * j]!);
  const slopes = Array.from({ length: segments }, (_, j) => coefficients[2 * j + 1]!);
  const breakpoints: number[] = [];
  for (let j = 0; j + 1 < segments; j++) {
    const crossing = (intercepts[j + 1]! - intercepts[j]!) / (slopes[j]! - slopes[j + 1]!);
    const before = maxOf(distances.filter((_, i) => segmentOf[i] === j));
    const after = minOf(distances.filter((_, i) => segmentOf[i] === j + 1));
    // A crossover exactly on a receiver may come out a rounding error beyond it.
    const slack = 1e-9 * (after - before);
    if (!(crossing >= before - slack && crossing <= after + slack)) return null;
    breakpoints.push(Math.min(Math.max(crossing, before), after));
  }
  const polished = { intercept: intercepts[0]!, slopes, breakpoints };
  if (!isPlausibleModel(polished, o)) return null;
  return { model: polished, residuals: residualsOf(design, times, coefficients) };
}
