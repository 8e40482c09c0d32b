/**
 * Theil-Sen, Huber, L1 and RANSAC on straight lines: exact recovery on clean data, and the
 * outliers each one is meant to withstand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { huberLoss, huberRegression } from '../../../src-main/qc/huber-regression';
import { leastAbsoluteDeviations } from '../../../src-main/qc/lad-regression';
import { weightedLeastSquares } from '../../../src-main/qc/least-squares';
import { ransacRegression } from '../../../src-main/qc/ransac';
import { seededRandom } from '../../../src-main/qc/seeded-random';
import { theilSenLine } from '../../../src-main/qc/theil-sen';
import { gaussian } from './helpers/refraction-simulator';

// Subnormal coefficients would test floating-point underflow, not robustness.
const notTiny = (v: number) => v === 0 || Math.abs(v) >= 1e-6;
const intercept = fc.double({ min: -1, max: 1, noNaN: true }).filter(notTiny);
const slope = fc.double({ min: -10, max: 10, noNaN: true }).filter(notTiny);
const size = fc.integer({ min: 6, max: 60 });
const lineDesign = (x: number[]) => x.map((v) => [1, v]);
const xs = (n: number) => Array.from({ length: n }, (_, i) => -3 + (7 * i) / (n - 1));

/** A line with a share of its points thrown far off it, at reproducible positions. */
function contaminated(n: number, a: number, b: number, share: number, seed: number) {
  const random = seededRandom(seed);
  const x = xs(n);
  const outlier = x.map(() => false);
  let placed = 0;
  while (placed < Math.floor(share * n)) {
    const i = Math.floor(random() * n);
    if (outlier[i]) continue;
    outlier[i] = true;
    placed++;
  }
  const y = x.map(
    (v, i) => a + b * v + (outlier[i] ? (random() < 0.5 ? -1 : 1) * (5 + 50 * random()) : 0),
  );
  return { x, y, outlier };
}

describe('robust line fits recover an exact line', () => {
  it('Theil-Sen, Huber, L1 and RANSAC', () => {
    fc.assert(
      fc.property(intercept, slope, size, (a, b, n) => {
        const x = xs(n);
        const y = x.map((v) => a + b * v);
        const ts = theilSenLine(x, y)!;
        expect(ts.slope).toBeCloseTo(b, 9);
        expect(ts.intercept).toBeCloseTo(a, 9);
        for (const fit of [
          huberRegression(lineDesign(x), y)!.coefficients,
          leastAbsoluteDeviations(lineDesign(x), y)!.coefficients,
          ransacRegression(lineDesign(x), y)!.coefficients,
        ]) {
          expect(fit[0]).toBeCloseTo(a, 8);
          expect(fit[1]).toBeCloseTo(b, 8);
        }
      }),
      { seed: 1 },
    );
  });
});

describe('robust line fits with outliers', () => {
  it('RANSAC ignores fewer than 30 % outliers and marks exactly them', () => {
    fc.assert(
      fc.property(
        intercept,
        slope,
        fc.integer({ min: 10, max: 60 }),
        fc.double({ min: 0, max: 0.29, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        (a, b, n, share, seed) => {
          const { x, y, outlier } = contaminated(n, a, b, share, seed);
          // Not the seed that placed the outliers: the same stream would draw exactly them.
          const fit = ransacRegression(lineDesign(x), y, { seed: seed + 7919 })!;
          expect(fit.coefficients[0]).toBeCloseTo(a, 8);
          expect(fit.coefficients[1]).toBeCloseTo(b, 8);
          expect(fit.inliers).toEqual(outlier.map((o) => !o));
        },
      ),
      { seed: 1 },
    );
  });

  it('RANSAC gives the same answer for the same seed', () => {
    const normal = gaussian(seededRandom(3));
    const x = xs(40);
    const y = x.map((v) => 1 + 2 * v + 0.1 * normal());
    const runs = Array.from({ length: 5 }, () =>
      ransacRegression(lineDesign(x), y, { seed: 9, maxIterations: 3 }),
    );
    for (const run of runs) expect(run).toEqual(runs[0]);
  });

  it('classic RANSAC keeps the points within its threshold', () => {
    const { x, y, outlier } = contaminated(30, 0.5, -2, 0.2, 5);
    const fit = ransacRegression(lineDesign(x), y, { threshold: 1, seed: 2 })!;
    expect(fit.threshold).toBe(1);
    expect(fit.inliers).toEqual(outlier.map((o) => !o));
  });

  it('Theil-Sen and L1 recover the line through 25 % of wild points', () => {
    const { x, y } = contaminated(40, 0.3, 1.5, 0.25, 17);
    const ts = theilSenLine(x, y)!;
    const l1 = leastAbsoluteDeviations(lineDesign(x), y)!;
    // Wild points shift these estimators a little, unlike RANSAC, but far less than OLS.
    const ols = weightedLeastSquares(lineDesign(x), y)!;
    expect(Math.abs(ts.slope - 1.5)).toBeLessThan(0.1);
    expect(Math.abs(l1.coefficients[1]! - 1.5)).toBeLessThan(0.05);
    expect(Math.abs(ols[1]! - 1.5)).toBeGreaterThan(Math.abs(l1.coefficients[1]! - 1.5));
  });

  it('Huber bounds the pull of gross errors, OLS does not', () => {
    const normal = gaussian(seededRandom(8));
    const x = xs(50);
    const y = x.map((v, i) => 2 - 0.5 * v + 0.01 * normal() + (i % 10 === 3 ? 20 : 0));
    const huber = huberRegression(lineDesign(x), y)!;
    const ols = weightedLeastSquares(lineDesign(x), y)!;
    expect(huber.converged).toBe(true);
    expect(Math.abs(huber.coefficients[0]! - 2)).toBeLessThan(0.02);
    expect(Math.abs(huber.coefficients[1]! + 0.5)).toBeLessThan(0.01);
    expect(Math.abs(ols[0]! - 2)).toBeGreaterThan(1);
    // Its scale follows the good points (σ = 0.01), not the gross errors.
    expect(huber.scale).toBeLessThan(0.02);
    // Gross errors end with small weights, good points with full ones.
    expect(Math.max(...huber.weights.filter((_, i) => i % 10 === 3))).toBeLessThan(0.01);
    expect(Math.min(...huber.weights.filter((_, i) => i % 10 !== 3))).toBeGreaterThan(0.5);
  });

  it("Huber's loss is quadratic inside the tuning constant and linear outside", () => {
    expect(huberLoss(1, 1.345)).toBe(0.5);
    expect(huberLoss(-3, 1)).toBe(2.5);
    expect(huberLoss(3, 1) - huberLoss(2, 1)).toBe(1);
  });
});
