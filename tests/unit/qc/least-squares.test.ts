import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  residualsOf,
  solveLinearSystem,
  weightedLeastSquares,
} from '../../../src-main/qc/least-squares';

describe('least squares', () => {
  it('solves a system that needs pivoting, and refuses a singular one', () => {
    // The zero in the top-left corner breaks elimination without row exchanges.
    expect(
      solveLinearSystem(
        [
          [0, 1],
          [2, 1],
        ],
        [3, 5],
      ),
    ).toEqual([1, 3]);
    expect(
      solveLinearSystem(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toBeNull();
  });

  it('recovers exact coefficients of badly scaled hinge designs', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.05, max: 0.05, noNaN: true }),
        fc.double({ min: 1e-4, max: 1e-2, noNaN: true }),
        fc.double({ min: -5e-3, max: 0, noNaN: true }),
        (intercept, slope, change) => {
          // Distances in metres up to 2 km beside a column of ones: squared, that is a
          // condition number of ~1e13 without the column scaling.
          const d = Array.from({ length: 30 }, (_, i) => 70 * i);
          const design = d.map((x) => [1, x, Math.max(0, x - 900)]);
          const t = d.map((x) => intercept + slope * x + change * Math.max(0, x - 900));
          const beta = weightedLeastSquares(design, t)!;
          expect(beta[0]).toBeCloseTo(intercept, 9);
          expect(beta[1]).toBeCloseTo(slope, 11);
          expect(beta[2]).toBeCloseTo(change, 11);
        },
      ),
      { seed: 1 },
    );
  });

  it('ignores zero-weight rows and reports a design they leave rank deficient', () => {
    const design = [
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
    ];
    const y = [0, 1, 2, 100];
    expect(weightedLeastSquares(design, y, [1, 1, 1, 0])).toEqual([
      expect.closeTo(0, 12),
      expect.closeTo(1, 12),
    ]);
    expect(weightedLeastSquares(design, y, [0, 0, 0, 1])).toBeNull();
    expect(residualsOf(design, y, [0, 1])).toEqual([0, 0, 0, 97]);
  });
});
