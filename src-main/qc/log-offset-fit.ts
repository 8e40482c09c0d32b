/**
 * The source report's variant for P first arrivals: t = a + b·ln(d), fitted by Huber IRLS
 * from a Theil-Sen start. One smooth curve per side that bends like a run of refraction
 * branches with increasing velocity, with two parameters and no breakpoint search. Points at
 * the source (d = 0) have no logarithm and are left out.
 */
import { huberRegression } from './huber-regression';
import { theilSenLine } from './theil-sen';

export interface LogOffsetModel {
  /** Time at 1 m from the source, s. */
  intercept: number;
  /** Seconds per natural-log unit of distance. */
  slope: number;
}

export interface LogOffsetFit extends LogOffsetModel {
  /** Time − model in input order; null at d = 0. */
  residuals: (number | null)[];
  /** Robust standard deviation of the residuals, at least `minScale`. */
  scale: number;
}

export function predictLogOffset(model: LogOffsetModel, distance: number): number | null {
  return distance > 0 ? model.intercept + model.slope * Math.log(distance) : null;
}

export function fitLogOffset(
  distances: readonly number[],
  times: readonly number[],
  minScale = 1e-4,
): LogOffsetFit | null {
  const used = distances.flatMap((d, i) => (d > 0 ? [i] : []));
  if (used.length < 3) return null;
  const logDistance = used.map((i) => Math.log(distances[i]!));
  const t = used.map((i) => times[i]!);
  const start = theilSenLine(logDistance, t);
  if (!start) return null;
  const fit = huberRegression(
    logDistance.map((x) => [1, x]),
    t,
    { start: [start.intercept, start.slope], minScale },
  );
  if (!fit) return null;
  const model = { intercept: fit.coefficients[0]!, slope: fit.coefficients[1]! };
  return {
    ...model,
    residuals: distances.map((d, i) => {
      const predicted = predictLogOffset(model, d);
      return predicted === null ? null : times[i]! - predicted;
    }),
    scale: fit.scale,
  };
}
