/**
 * A run of refraction branches on one side of a shot: continuous and piecewise linear in
 * distance from the source, t(d) = a + s₁·d + Σⱼ (sⱼ₊₁ − sⱼ)·max(0, d − bⱼ). Each slope is an
 * inverse apparent velocity; each breakpoint a crossover distance.
 */

export interface BranchModel {
  /** Time at the source (s): the intercept of the first segment. */
  intercept: number;
  /** Slope of each segment in s/m, the segment nearest the source first. */
  slopes: number[];
  /** Distances from the source (m) where consecutive segments meet: the crossover distances. */
  breakpoints: number[];
}

export interface VelocityBounds {
  min: number;
  max: number;
}

/**
 * Dry soil P is rarely below 150 m/s and S in soft sediment ~100 m/s; apparent velocities
 * above ~8000 m/s need fresh basement or a steep updip refractor on a shallow survey.
 */
export const DEFAULT_VELOCITY_BOUNDS: VelocityBounds = { min: 100, max: 8000 };

export function predictBranches(model: BranchModel, distance: number): number {
  let t = model.intercept + model.slopes[0]! * distance;
  model.breakpoints.forEach((b, j) => {
    if (distance > b) t += (model.slopes[j + 1]! - model.slopes[j]!) * (distance - b);
  });
  return t;
}

/** Index of the segment a distance falls in. */
export function segmentAt(model: BranchModel, distance: number): number {
  return model.breakpoints.filter((b) => distance > b).length;
}

/** A zero or negative slope has no velocity and is never plausible. */
export function isPlausibleVelocity(slope: number, bounds: VelocityBounds): boolean {
  const velocity = 1 / slope;
  return velocity >= bounds.min && velocity <= bounds.max;
}

/**
 * Over plane layers each deeper branch is faster, so with `concave` the slope may only fall
 * away from the source (a kink the other way is a fit bending round a bad pick); and every
 * branch needs a plausible velocity.
 */
export function isPlausibleModel(
  model: BranchModel,
  rules: { concave: boolean; velocityBounds: VelocityBounds },
): boolean {
  if (rules.concave && model.slopes.some((s, i) => i > 0 && s > model.slopes[i - 1]!)) {
    return false;
  }
  return model.slopes.every((s) => isPlausibleVelocity(s, rules.velocityBounds));
}

/** Design rows [1, d, max(0, d − b₁), …] of the model's linear coefficients at fixed breakpoints. */
export function hingeDesign(
  distances: readonly number[],
  breakpoints: readonly number[],
): number[][] {
  return distances.map((d) => [1, d, ...breakpoints.map((b) => Math.max(0, d - b))]);
}

/** The model from hinge coefficients [a, s₁, s₂ − s₁, …]. */
export function modelFromHinge(
  coefficients: readonly number[],
  breakpoints: number[],
): BranchModel {
  const slopes = [coefficients[1]!];
  for (let j = 0; j < breakpoints.length; j++) slopes.push(slopes[j]! + coefficients[j + 2]!);
  return { intercept: coefficients[0]!, slopes, breakpoints };
}
