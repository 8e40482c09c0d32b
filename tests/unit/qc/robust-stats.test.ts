import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  median,
  medianAbsoluteDeviation,
  quantile,
  robustSigma,
} from '../../../src-main/qc/robust-stats';
import { seededRandom } from '../../../src-main/qc/seeded-random';
import { gaussian } from './helpers/refraction-simulator';

describe('robust statistics', () => {
  it('interpolates quantiles between order statistics like numpy', () => {
    // numpy.quantile([1, 2, 3, 4, 10], [0, 0.25, 0.5, 0.9, 1]) = [1, 2, 3, 7.6, 10]
    const values = [10, 3, 1, 4, 2];
    expect([0, 0.25, 0.5, 0.9, 1].map((q) => quantile(values, q))).toEqual(
      [1, 2, 3, 7.6, 10].map((v) => expect.closeTo(v, 12)),
    );
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => quantile([], 0.5)).toThrow(/empty/);
    expect(() => quantile([1], 1.5)).toThrow(/\[0, 1\]/);
  });

  it('estimates a Gaussian standard deviation from the MAD', () => {
    const normal = gaussian(seededRandom(11));
    const sample = Array.from({ length: 20000 }, () => 3 * normal());
    expect(robustSigma(sample)).toBeGreaterThan(2.9);
    expect(robustSigma(sample)).toBeLessThan(3.1);
  });

  it('keeps its scale when just under half the values are wild', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 11, maxLength: 40 }),
        fc.double({ min: 1e3, max: 1e9, noNaN: true }),
        (good, wild) => {
          const bad = Array.from({ length: Math.floor((good.length - 1) / 2) }, () => wild);
          const mixed = [...good, ...bad];
          // With fewer wild than good values, median and MAD stay within the good ones' range.
          expect(Math.abs(median(mixed))).toBeLessThanOrEqual(1);
          expect(medianAbsoluteDeviation(mixed)).toBeLessThanOrEqual(2);
        },
      ),
      { seed: 1 },
    );
  });
});
