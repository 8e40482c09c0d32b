import { describe, expect, it } from 'vitest';
import { extentOf, maxOf, minOf } from '../../../src-main/numeric/extent';

describe('minOf, maxOf, extentOf', () => {
  it('take millions of values, where spreading them into Math.min throws', () => {
    const values = Float64Array.from({ length: 4_000_000 }, (_, i) => Math.sin(i) * i);
    expect(() => Math.min(...values)).toThrow(RangeError);
    let low = Infinity;
    let high = -Infinity;
    for (const v of values) {
      low = v < low ? v : low;
      high = v > high ? v : high;
    }
    expect(extentOf(values)).toEqual([low, high]);
  });

  it('agree with Math.min and Math.max on NaN and on no values', () => {
    expect(minOf([3, NaN, 1])).toBeNaN();
    expect(maxOf([NaN])).toBeNaN();
    expect(minOf([])).toBe(Infinity);
    expect(maxOf([])).toBe(-Infinity);
    expect(extentOf([])).toBeNull();
    expect(extentOf([2, -1, 5])).toEqual([-1, 5]);
  });
});
