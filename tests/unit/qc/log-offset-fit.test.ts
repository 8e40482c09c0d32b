import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLogOffset, predictLogOffset } from '../../../src-main/qc/log-offset-fit';

const DISTANCES = Array.from({ length: 30 }, (_, i) => 3 * i);

describe('fitLogOffset', () => {
  it('recovers an exact logarithmic curve and skips the pick at the source', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.05, max: 0.05, noNaN: true }),
        fc.double({ min: 0.001, max: 0.1, noNaN: true }),
        (a, b) => {
          const times = DISTANCES.map((d) => (d > 0 ? a + b * Math.log(d) : 0));
          const fit = fitLogOffset(DISTANCES, times)!;
          expect(fit.intercept).toBeCloseTo(a, 9);
          expect(fit.slope).toBeCloseTo(b, 9);
          expect(fit.residuals[0]).toBeNull();
          expect(predictLogOffset(fit, 0)).toBeNull();
          expect(predictLogOffset(fit, Math.E)).toBeCloseTo(a + b, 9);
        },
      ),
      { seed: 1 },
    );
  });

  it('leaves gross errors in the residuals instead of the curve', () => {
    const times = DISTANCES.map(
      (d, i) => 0.002 + 0.02 * Math.log(Math.max(d, 1)) + (i % 6 === 2 ? 0.015 : 0),
    );
    const fit = fitLogOffset(DISTANCES, times)!;
    expect(fit.slope).toBeCloseTo(0.02, 4);
    fit.residuals.forEach((r, i) => {
      if (i === 0) return;
      if (i % 6 === 2) expect(r!).toBeGreaterThan(0.014);
      else expect(Math.abs(r!)).toBeLessThan(2e-4);
    });
  });

  it('needs three picks away from the source', () => {
    expect(fitLogOffset([0, 1, 2], [0, 0.01, 0.02])).toBeNull();
    expect(fitLogOffset([1, 2, 4], [0.01, 0.02, 0.03])).not.toBeNull();
  });
});
